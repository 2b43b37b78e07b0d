// Shared by the benchmarks: percentile figures, a sequential timer, and the app served the way tests serve
// it (local runtime on an ephemeral port, PGlite in memory or DATABASE_URL, a local Pusher server).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
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
