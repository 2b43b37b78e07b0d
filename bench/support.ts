// Shared by the benchmarks: percentile figures, a sequential timer, and the app served the way tests serve
// it (local runtime on an ephemeral port, PGlite in memory or DATABASE_URL, a local Pusher server), and a
// headless Chromium with a DevTools port that Lighthouse attaches to.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { openDatabase, parseDatabaseUrl, type Database } from '../db/client.js';
import { startPusherServer } from '../dev/pusher-server.js';
import { startLocalRuntime } from '../dev/server.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BENCH_PUSHER = { appId: 'bench', key: 'bench-key', secret: 'bench-secret' };

export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

export async function time(runs: number, task: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;

/** `vite build` into dist/ as production builds it (NODE_ENV unset); throws when it fails. */
export function buildSpa(): void {
  const { NODE_ENV: _ignored, ...env } = process.env;
  const build = spawnSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, env, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`vite build failed (exit code ${build.status})`);
}

export interface BenchApp {
  url: string;
  database: Database;
  targetLabel: string;
  pusherPort: number;
  close(): Promise<void>;
}

/** `spa: 'static'` also serves the built SPA from dist/ on the same origin. */
export async function startBenchApp({ spa = 'api' }: { spa?: 'api' | 'static' } = {}): Promise<BenchApp> {
  const pusher = await startPusherServer({ ...BENCH_PUSHER, port: 0 });
  Object.assign(process.env, {
    PUSHER_APP_ID: BENCH_PUSHER.appId,
    PUSHER_KEY: BENCH_PUSHER.key,
    PUSHER_SECRET: BENCH_PUSHER.secret,
    PUSHER_HOST: '127.0.0.1',
    PUSHER_PORT: String(pusher.port),
  });
  const target = process.env.DATABASE_URL ? parseDatabaseUrl(process.env.DATABASE_URL) : ({ kind: 'pglite', dataDir: null } as const);
  // A deployed database is migrated by its build; only the throwaway in-memory one is migrated here.
  const database = await openDatabase(target, { migrate: !process.env.DATABASE_URL });
  const { useDatabase } = await import('../api/_lib/db.js');
  useDatabase(database);
  const runtime = await startLocalRuntime({ root: ROOT, spa, host: '127.0.0.1', port: 0 });
  return {
    url: runtime.url,
    database,
    pusherPort: pusher.port,
    targetLabel: target.kind === 'pglite' ? 'PGlite in memory' : target.kind,
    async close() {
      await runtime.close();
      await database.close();
      await pusher.close();
    },
  };
}

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** A cookie as Chromium's DevTools protocol takes it (`Storage.setCookies`). */
export interface BrowserCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  expires?: number;
}

export interface Chromium {
  /** The remote-debugging port, for tools that attach (Lighthouse's `--port`). */
  port: number;
  /** Puts cookies into the browser's default context, as if a page of their site had set them. */
  setCookies(cookies: BrowserCookie[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Headless Debian Chromium with a fresh profile and a DevTools port, launched with the flags Lighthouse's own
 * launcher (chrome-launcher) uses, so a run attached to it measures what `lighthouse URL` alone would.
 */
export async function launchChromium(extraFlags: string[] = []): Promise<Chromium> {
  const profile = mkdtempSync(path.join(tmpdir(), 'switchboard-chromium-'));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    `--user-data-dir=${profile}`,
    '--remote-debugging-port=0',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,CalculateNativeWinOcclusion,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,AutofillServerCommunication,PrivacySandboxSettings4,RenderDocument',
    '--disable-extensions',
    '--disable-component-extensions-with-background-pages',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-client-side-phishing-detection',
    '--disable-sync',
    '--metrics-recording-only',
    '--disable-default-apps',
    '--mute-audio',
    '--no-default-browser-check',
    '--no-first-run',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    '--disable-ipc-flooding-protection',
    '--password-store=basic',
    '--use-mock-keychain',
    '--disable-hang-monitor',
    '--disable-prompt-on-repost',
    '--disable-domain-reliability',
    ...extraFlags,
    'about:blank',
  ];
  const child = spawn(CHROMIUM_PATH, flags, { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Chromium prints `DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID` once it is ready.
  const browserUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${seen.slice(-500)}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited with ${code}: ${seen.slice(-500)}`));
    });
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(profile, { recursive: true, force: true });
  };
  return {
    port: Number(new URL(browserUrl).port),
    async setCookies(cookies) {
      const socket = new WebSocket(browserUrl);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      try {
        const answer = await new Promise<{ error?: { message: string } }>((resolve) => {
          socket.once('message', (data) => resolve(JSON.parse(String(data)) as { error?: { message: string } }));
          socket.send(JSON.stringify({ id: 1, method: 'Storage.setCookies', params: { cookies } }));
        });
        if (answer.error) throw new Error(`Storage.setCookies: ${answer.error.message}`);
      } finally {
        socket.close();
      }
    },
    close,
  };
}

/** Creates the bench's own database on a Postgres server once (BENCH_FRESH=1: again); true when it is new. */
export async function ensureBenchDatabase(baseUrl: string, name: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
  if (exists && process.env.BENCH_FRESH) await admin.query(`drop database ${name} with (force)`);
  const create = !exists || Boolean(process.env.BENCH_FRESH);
  if (create) await admin.query(`create database ${name}`);
  await admin.end();
  return create;
}

/** One JSON request to the app under test; the answer's status and parsed body. */
export async function benchApi(url: string, method: string, pathname: string, body?: unknown, token?: string) {
  const res = await fetch(url + pathname, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A pusher-js client signed in as `token`, subscribed to the workspace's private channel (resolves once it is). */
export async function subscribeToWorkspace(app: { url: string; pusherPort: number }, token: string, workspaceId: string) {
  const { default: Pusher } = await import('pusher-js');
  const client = new Pusher(BENCH_PUSHER.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: app.pusherPort,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: { endpoint: `${app.url}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${token}` } },
  });
  const channel = client.subscribe(`private-workspace-${workspaceId}`);
  await new Promise<void>((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve());
    channel.bind('pusher:subscription_error', (err: unknown) => reject(new Error(`subscription failed: ${JSON.stringify(err)}`)));
  });
  return { client, channel };
}
