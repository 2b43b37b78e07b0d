// `npm run bench`: what one API round trip costs on top of the database, and what the SPA's first load
// weighs. Serves api/ through the local runtime (PGlite in memory, or DATABASE_URL when set), then times
// sequential GET /api/health against bare `select 1` through the same driver, then runs `vite build` and
// sums the gzip size of the entry script and its modulepreloads. Prints figures only.
// Run: npm run bench
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSpa, ms, ROOT, startBenchApp, stats, time } from './support.js';

const RUNS = 500;
const WARMUP = 50;

const app = await startBenchApp();
const { database } = app;
const runtime = app;

const health = async () => {
  const res = await fetch(`${runtime.url}/api/health`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET /api/health answered ${res.status}`);
};
await time(WARMUP, health);
await time(WARMUP, () => database.ping());
const http = stats(await time(RUNS, health));
const ping = stats(await time(RUNS, () => database.ping()));
await app.close();

// The same client against a bare Node HTTP server: what the loopback round trip alone costs.
const bare = createServer((_req, res) => res.end('{}')).listen(0, '127.0.0.1');
await once(bare, 'listening');
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
const bareRequest = async () => void (await (await fetch(bareUrl)).arrayBuffer());
await time(WARMUP, bareRequest);
const loopback = stats(await time(RUNS, bareRequest));
bare.close();

console.log(`database: ${app.targetLabel}, ${RUNS} sequential requests each`);
console.log(`GET /api/health   median ${ms(http.median)}   p95 ${ms(http.p95)}`);
console.log(`select 1 (ping)   median ${ms(ping.median)}   p95 ${ms(ping.p95)}`);
console.log(`bare HTTP server   median ${ms(loopback.median)}   p95 ${ms(loopback.p95)}`);
console.log(`ratio health/ping median ${(http.median / ping.median).toFixed(1)}x   p95 ${(http.p95 / ping.p95).toFixed(1)}x`);

buildSpa();
const dist = path.join(ROOT, 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
const scripts = tags.filter((t) => t.startsWith('<script') && /type="module"/.test(t)).map((t) => attr(t, 'src'));
const preloads = tags.filter((t) => /rel="modulepreload"/.test(t)).map((t) => attr(t, 'href'));
const styles = tags.filter((t) => /rel="stylesheet"/.test(t)).map((t) => attr(t, 'href'));
const gzipKb = (files: (string | undefined)[]) =>
  files.filter((f): f is string => Boolean(f) && f!.startsWith('/')).reduce((sum, f) => sum + gzipSync(readFileSync(path.join(dist, f))).length, 0) / 1024;
const js = [...new Set([...scripts, ...preloads])];
console.log(`first-load JS     ${gzipKb(js).toFixed(1)} KB gzip (${js.length} files: entry + modulepreloads)`);
console.log(`first-load CSS    ${gzipKb(styles).toFixed(1)} KB gzip (${styles.length} files)`);
