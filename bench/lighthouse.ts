// Lighthouse performance of the built SPA's first page (sign-in, what every visitor loads first), served from
// dist/ by the local runtime, compressed as Vercel's CDN serves it. Lighthouse's default mobile profile
// (simulated slow 4G, 4x CPU slowdown) in Debian's Chromium; RUNS runs, the median printed. Target: 95+.
// Lighthouse is not a dependency of the project: it is fetched by npx on first use (about 200 packages).
// Run: npx tsx bench/lighthouse.ts     (BENCH_RUNS=5 for more runs)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSpa, startBenchApp, stats } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIGHTHOUSE = 'lighthouse@12';
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

buildSpa();

// The API (for the page's health line) and the built SPA on one origin, as deployed.
const app = await startBenchApp({ spa: 'static' });
const url = `${app.url}/sign-in`;
const out = mkdtempSync(path.join(tmpdir(), 'switchboard-lighthouse-'));

type Report = { categories: { performance: { score: number } }; audits: Record<string, { numericValue: number; displayValue?: string }> };
const reports: Report[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const file = path.join(out, `run-${i}.json`);
    // Asynchronously: this process serves the page Lighthouse loads.
    const run = spawn(
      'npx',
      ['--yes', LIGHTHOUSE, url, '--quiet', '--only-categories=performance', '--output=json', `--output-path=${file}`, `--chrome-flags=${CHROME_FLAGS}`],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const [code] = (await once(run, 'close')) as [number | null];
    if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
    reports.push(JSON.parse(readFileSync(file, 'utf8')) as Report);
  }
} finally {
  await app.close();
  rmSync(out, { recursive: true, force: true });
}

const median = (values: number[]) => stats(values).median;
const scores = reports.map((r) => Math.round(r.categories.performance.score * 100));
console.log(`Lighthouse performance, ${url.replace(app.url, '')} (mobile profile), ${RUNS} runs: median ${median(scores)}  (runs: ${scores.join(', ')})`);
for (const metric of METRICS) {
  const values = reports.map((r) => r.audits[metric]!.numericValue);
  const value = median(values);
  console.log(`  ${metric.padEnd(26)} median ${metric === 'cumulative-layout-shift' ? value.toFixed(3) : `${Math.round(value)} ms`}`);
}
