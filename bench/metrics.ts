// Metrics at scale, through the API (local runtime over HTTP, auth included) on a Postgres database of its own:
// one workspace with 20 series (10 names × 2 services) of a point a minute for a year (525,600 points each,
// 10.5 M in all, written with generate_series, and their 15-minute rollups), then
//   1. series latency, REQUESTS times each on a random series: a year of days and a week of hours (avg, from
//      the rollups; the targets), the same with p95 (from the points), and a year of days over both services;
//   2. ingestion through POST …/metrics in batches of 1,000 points from 4 clients at once: points/s and the
//      batches' p50/p95;
//   3. the size on disk of the points (table, indexes, TOAST) and of the rollups, per million points.
// Targets (issue): day series for a year p95 ≤ 50 ms, hour series for a week p95 ≤ 20 ms, ingestion ≥ 50,000
// points/s at 4 clients. Prints figures; the exit code is 1 only when a sanity check fails (an answer that is
// not 200 or 202, a wrong count).
//
// Run: npx tsx bench/metrics.ts
//      REQUESTS=50 DAYS=365 BATCHES=50 npx tsx bench/metrics.ts
//      DATABASE_URL=postgres://…/postgres   the server to create the bench database on (default
//                                           postgres://postgres@127.0.0.1:5432/postgres); dropped at the end
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, parseDatabaseUrl } from '../db/client.js';

const SERIES_NAMES = 10;
const SERVICES = 2;
const DAYS = Number(process.env.DAYS ?? 365);
const MINUTES = DAYS * 24 * 60;
const REQUESTS = Number(process.env.REQUESTS ?? 50);
const CLIENTS = 4;
const BATCHES = Number(process.env.BATCHES ?? 50); // per client
const BATCH = 1000;
const PASSWORD = 'Bench-Passw0rd!';

process.env.NODE_ENV ??= 'production';
process.env.JWT_SECRET ??= randomBytes(48).toString('base64url');

const rawUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (parseDatabaseUrl(rawUrl).kind !== 'postgres') throw new Error('DATABASE_URL: use a postgres:// server (a bench database is created on it)');
const dbName = `switchboard_bench_metrics_${process.pid}`;
const benchUrl = Object.assign(new URL(rawUrl), { pathname: `/${dbName}` }).toString();

const { BENCH_PUSHER, ROOT } = await import('./support.js');
const { startPusherServer } = await import('../dev/pusher-server.js');
const { startLocalRuntime } = await import('../dev/server.js');

function pct(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
let origin = '';
let token = '';

interface Answer {
  status: number;
  text: string;
}

function call(method: string, path: string, body?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ok(label: string, answer: Promise<Answer>, status = 200): Promise<Answer> {
  const res = await answer;
  if (res.status !== status) throw new Error(`${label}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

const admin = new pg.Client({ connectionString: rawUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const database = await openDatabase({ kind: 'postgres', url: benchUrl }, { migrate: true });
const pusher = await startPusherServer({ ...BENCH_PUSHER, port: 0 });
Object.assign(process.env, {
  PUSHER_APP_ID: BENCH_PUSHER.appId,
  PUSHER_KEY: BENCH_PUSHER.key,
  PUSHER_SECRET: BENCH_PUSHER.secret,
  PUSHER_HOST: '127.0.0.1',
  PUSHER_PORT: String(pusher.port),
});
const { useDatabase } = await import('../api/_lib/db.js');
useDatabase(database);
const runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
origin = runtime.url;
let failed = false;

try {
  const owner = { email: `bench-metrics-${process.pid}@bench.example`, name: 'Bench Owner', password: PASSWORD };
  token = JSON.parse((await ok('register', call('POST', '/api/auth/register', JSON.stringify(owner)), 201)).text).accessToken as string;
  const wid = JSON.parse((await ok('workspace', call('POST', '/api/workspaces', JSON.stringify({ name: 'Bench metrics' })), 201)).text).id as string;
  const w = `/api/workspaces/${wid}`;
  const services: string[] = [];
  for (const [name, kind] of [
    ['Bench bot', 'chatbot'],
    ['Bench voice', 'voice'],
  ])
    services.push(JSON.parse((await ok('service', call('POST', `${w}/services`, JSON.stringify({ name, kind })), 201)).text).id as string);

  // The points: one statement per series, written without the point key's index (built once afterwards, as a
  // bulk load would) and without the foreign keys' per-row triggers (session_replication_role); then the
  // rollups from the points, as ingestion computes them.
  const seedStart = performance.now();
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - MINUTES * 60_000).toISOString();
  await db.query('alter table metric_points drop constraint metric_points_point_key');
  await db.query(`set session_replication_role = replica`);
  for (let s = 0; s < SERIES_NAMES * SERVICES; s++) {
    await db.query(
      `insert into metric_points (workspace_id, name, service_id, at, value, dimensions)
       select $1, $2, $3, $4::timestamptz + i * interval '1 minute', round((200 + 150 * sin(i / 1440.0 * 2 * pi()) + random() * 100)::numeric, 2)::float8, '{}'::jsonb
       from generate_series(0, $5 - 1) i`,
      [wid, `bench.metric_${s % SERIES_NAMES}`, services[Math.floor(s / SERIES_NAMES)], start, MINUTES],
    );
  }
  await db.query(`set session_replication_role = origin`);
  await db.query('alter table metric_points add constraint metric_points_point_key unique nulls not distinct (workspace_id, name, service_id, at, dimensions)');
  await db.query(
    `insert into metric_rollups (workspace_id, name, service_id, bucket, count, sum, min, max)
     select workspace_id, name, service_id, date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00'), count(*), sum(value), min(value), max(value)
     from metric_points where workspace_id = $1 group by 1, 2, 3, 4`,
    [wid],
  );
  await db.query('vacuum analyze metric_points');
  await db.query('vacuum analyze metric_rollups');
  const total = Number((await db.query('select count(*) n from metric_points where workspace_id = $1', [wid])).rows[0].n);
  if (total !== SERIES_NAMES * SERVICES * MINUTES) throw new Error(`seeded ${total} points`);
  console.log(
    `Seeded ${SERIES_NAMES * SERVICES} series × ${MINUTES.toLocaleString('en')} points (${total.toLocaleString('en')}) and their rollups in ${((performance.now() - seedStart) / 1000).toFixed(0)} s (Postgres, ${dbName})`,
  );

  // 1. Series.
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const random = (n: number) => Math.floor(Math.random() * n);
  const yearOfDays = () => ({ interval: 'day', from: iso(now - DAYS * 86_400_000), to: iso(now) });
  const weekOfHours = () => {
    const end = now - random(DAYS - 7) * 86_400_000;
    return { interval: 'hour', from: iso(end - 7 * 86_400_000), to: iso(end) };
  };
  const cases: [string, () => Record<string, string>, number][] = [
    ['year of days, avg (rollups)', () => ({ ...yearOfDays(), agg: 'avg', serviceId: services[random(SERVICES)]! }), DAYS + 1],
    ['week of hours, avg (rollups)', () => ({ ...weekOfHours(), agg: 'avg', serviceId: services[random(SERVICES)]! }), 7 * 24 + 1],
    ['year of days, sum, both services', () => ({ ...yearOfDays(), agg: 'sum' }), DAYS + 1],
    ['year of days, p95 (points)', () => ({ ...yearOfDays(), agg: 'p95', serviceId: services[random(SERVICES)]! }), DAYS + 1],
    ['week of hours, p95 (points)', () => ({ ...weekOfHours(), agg: 'p95', serviceId: services[random(SERVICES)]! }), 7 * 24 + 1],
  ];
  const lines: string[] = [];
  for (const [label, query, buckets] of cases) {
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS + 3; i++) {
      const q = new URLSearchParams({ name: `bench.metric_${random(SERIES_NAMES)}`, tz: 'Europe/Berlin', ...query() });
      const started = performance.now();
      const res = await ok(label, call('GET', `${w}/metrics/series?${q}`));
      if (i >= 3) samples.push(performance.now() - started); // the first ones prepare the statement
      const points = (JSON.parse(res.text) as { points: { value: number | null }[] }).points;
      if (Math.abs(points.length - buckets) > 1 || points.filter((p) => p.value !== null).length < buckets - 2)
        throw new Error(`${label}: ${points.length} buckets, ${points.filter((p) => p.value !== null).length} with a value`);
    }
    lines.push(`  ${label.padEnd(36)} p50 ${ms(pct(samples, 0.5)).padStart(9)}  p95 ${ms(pct(samples, 0.95)).padStart(9)}`);
  }
  console.log(`\n1. Series (Europe/Berlin, a random series, ${REQUESTS}× each):`);
  console.log(lines.join('\n'));

  // 2. Ingestion: each client sends its own name, a point a minute going back from now.
  const batchTimes: number[] = [];
  const ingestStart = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let b = 0; b < BATCHES; b++) {
        const points = Array.from({ length: BATCH }, (_, i) => ({
          name: `bench.ingest_${client}`,
          serviceId: services[client % SERVICES],
          value: Math.round(Math.random() * 1000) / 10,
          at: iso(now - (b * BATCH + i + 1) * 60_000 - 3_600_000),
          dimensions: { client: String(client) },
        }));
        const started = performance.now();
        await ok('ingest', call('POST', `${w}/metrics`, JSON.stringify({ points })), 202);
        batchTimes.push(performance.now() - started);
      }
    }),
  );
  const ingestMs = performance.now() - ingestStart;
  const ingested = CLIENTS * BATCHES * BATCH;
  const stored = Number((await db.query(`select count(*) n from metric_points where workspace_id = $1 and name like 'bench.ingest_%'`, [wid])).rows[0].n);
  const rolled = Number(
    (await db.query(`select coalesce(sum(count), 0) n from metric_rollups where workspace_id = $1 and name like 'bench.ingest_%'`, [wid])).rows[0].n,
  );
  if (stored !== ingested || rolled !== ingested) throw new Error(`ingested ${ingested}, stored ${stored}, rolled up ${rolled}`);
  console.log(
    `\n2. Ingestion: ${ingested.toLocaleString('en')} points in ${CLIENTS * BATCHES} batches of ${BATCH} from ${CLIENTS} clients in ${(ingestMs / 1000).toFixed(1)} s: ${Math.round((ingested / ingestMs) * 1000).toLocaleString('en')} points/s; a batch p50 ${ms(pct(batchTimes, 0.5))}, p95 ${ms(pct(batchTimes, 0.95))}`,
  );

  // 3. Size on disk.
  const size = async (table: string) => {
    const r = (
      await db.query(
        `select pg_total_relation_size($1::regclass) total, pg_relation_size($1::regclass) heap, pg_indexes_size($1::regclass) indexes, (select count(*) from ${table}) n`,
        [table],
      )
    ).rows[0] as { total: string; heap: string; indexes: string; n: string };
    return { total: Number(r.total), heap: Number(r.heap), indexes: Number(r.indexes), rows: Number(r.n) };
  };
  const points = await size('metric_points');
  const rollups = await size('metric_rollups');
  const perMillion = (bytes: number) => mb(bytes / (points.rows / 1e6));
  console.log(
    `\n3. Size on disk, ${points.rows.toLocaleString('en')} points:\n` +
      `  metric_points   ${mb(points.total)} (heap ${mb(points.heap)}, indexes ${mb(points.indexes)}): ${perMillion(points.total)} per million points\n` +
      `  metric_rollups  ${mb(rollups.total)} for ${rollups.rows.toLocaleString('en')} rows: ${perMillion(rollups.total)} per million points`,
  );
  await db.end();
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last write's events are dispatched after its answer
  await runtime.close();
  await database.close();
  await pusher.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  agent.destroy();
}
process.exit(failed ? 1 : 0);
