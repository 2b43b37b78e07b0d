// The generic resource at scale, through the API (local runtime over HTTP, auth included) on a Postgres
// database of its own: one workspace with 100,000 employees and 100,000 tasks (in 200 projects, with
// assignees), then
//   1. list latency: the first page and the page after it, for every sortable field in both directions, and
//      with filters (status, department / priority, project, due before) and a search, REQUESTS times each:
//      p50/p95 per case and over all, and the database round trips per request;
//   2. export of 100,000 employees as CSV: time, bytes, rows, and the process's peak RSS growth while it
//      streams (sampled every 10 ms; the server runs in this process);
//   3. import of 10,000 new suppliers from CSV: the dry run and the commit, timed.
// Targets (issue): list p95 ≤ 50 ms, export ≤ 5 s with RSS growth ≤ 50 MB, import ≤ 10 s. Prints figures; the
// exit code is 1 only when a sanity check fails (an answer that is not 200, a wrong row count).
//
// Run: npx tsx bench/crm.ts
//      REQUESTS=30 ROWS=100000 npx tsx bench/crm.ts
//      DATABASE_URL=postgres://…/postgres   the server to create the bench database on (default
//                                           postgres://postgres@127.0.0.1:5432/postgres); dropped at the end
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase, parseDatabaseUrl } from '../db/client.js';

const ROWS = Number(process.env.ROWS ?? 100_000);
const REQUESTS = Number(process.env.REQUESTS ?? 30);
const IMPORT_ROWS = 10_000;
const PASSWORD = 'Bench-Passw0rd!';

process.env.NODE_ENV ??= 'production';
process.env.JWT_SECRET ??= randomBytes(48).toString('base64url');

const rawUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (parseDatabaseUrl(rawUrl).kind !== 'postgres') throw new Error('DATABASE_URL: use a postgres:// server (a bench database is created on it)');
const dbName = `switchboard_bench_crm_${process.pid}`;
const benchUrl = Object.assign(new URL(rawUrl), { pathname: `/${dbName}` }).toString();

let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const { BENCH_PUSHER, ROOT } = await import('./support.js');
const { startPusherServer } = await import('../dev/pusher-server.js');
const { startLocalRuntime } = await import('../dev/server.js');

function pct(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let origin = '';
let token = '';

interface Answer {
  status: number;
  bytes: number;
  text: string;
}

/** One request; `keep` false streams the body away without holding it (the export). */
function call(method: string, path: string, o: { body?: string; type?: string; keep?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (o.body !== undefined) {
    headers['content-type'] = o.type ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(o.body));
  }
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (o.keep !== false) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
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
  const owner = { email: `bench-crm-${process.pid}@bench.example`, name: 'Bench Owner', password: PASSWORD };
  token = JSON.parse((await ok('register', call('POST', '/api/auth/register', { body: JSON.stringify(owner) }), 201)).text).accessToken as string;
  const wid = JSON.parse((await ok('workspace', call('POST', '/api/workspaces', { body: JSON.stringify({ name: 'Bench CRM' }) }), 201)).text).id as string;
  const w = `/api/workspaces/${wid}`;

  // The rows, written by SQL with their codes, and the counters set past them (as a bulk import reserves codes).
  const seedStart = performance.now();
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  await db.query(
    `insert into employees (workspace_id, code, name, email, position, department, hire_date, status)
     select $1, 'EMP-' || lpad(i::text, greatest(4, length(i::text)), '0'), 'Employee ' || md5(i::text), 'e' || i || '@bench.example', (array['Roaster','Packer','Driver','Designer','Analyst'])[1 + i % 5],
       'Dept ' || (i % 40), date '2015-01-01' + (i % 3650), (array['active','active','active','on_leave','inactive'])[1 + i % 5]
     from generate_series(1, $2) i`,
    [wid, ROWS],
  );
  await db.query(`insert into projects (workspace_id, name, status) select $1, 'Project ' || i, 'in_progress' from generate_series(1, 200) i`, [wid]);
  await db.query(
    `insert into tasks (workspace_id, code, title, project_id, status, priority, assignee_employee_id, due_date, position)
     select $1, 'TSK-' || lpad(i::text, greatest(4, length(i::text)), '0'), 'Task ' || md5(i::text), p.ids[1 + i % 200], (array['pending','in_progress','completed'])[1 + i % 3],
       (array['low','medium','high','urgent'])[1 + i % 4], case when i % 3 = 0 then null else e.ids[1 + i % 1000] end,
       case when i % 7 = 0 then null else date '2026-01-01' + (i % 365) end, (i / 600) * 1024
     from generate_series(1, $2) i,
       (select array_agg(id) ids from projects where workspace_id = $1) p,
       (select array_agg(id) ids from (select id from employees where workspace_id = $1 limit 1000) x) e`,
    [wid, ROWS],
  );
  await db.query(`insert into workspace_counters (workspace_id, name, value) values ($1, 'code:EMP', $2), ($1, 'code:TSK', $2)`, [wid, ROWS]);
  await db.query('analyze');
  const projectId = (await db.query('select id from projects where workspace_id = $1 limit 1', [wid])).rows[0].id as string;
  const assigneeId = (await db.query('select assignee_employee_id a from tasks where workspace_id = $1 and assignee_employee_id is not null limit 1', [wid]))
    .rows[0].a as string;
  console.log(
    `Seeded ${ROWS.toLocaleString('en')} employees, 200 projects and ${ROWS.toLocaleString('en')} tasks in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (Postgres, ${dbName})`,
  );

  // 1. Lists.
  const cases: [string, string][] = [];
  for (const sort of ['code', 'name', 'email', 'position', 'department', 'hireDate', 'status', 'createdAt', 'updatedAt'])
    for (const s of [sort, `-${sort}`]) cases.push([`employees sort=${s}`, `${w}/employees?sort=${s}`]);
  cases.push(['employees status=on_leave&sort=name', `${w}/employees?status=on_leave&sort=name`]);
  cases.push(['employees department=Dept 7&sort=-hireDate', `${w}/employees?department=Dept%207&sort=-hireDate`]);
  cases.push(['employees q=roaster (search)', `${w}/employees?q=roaster`]);
  for (const sort of ['code', 'title', 'status', 'priority', 'dueDate', 'position', 'createdAt', 'updatedAt'])
    for (const s of [sort, `-${sort}`]) cases.push([`tasks sort=${s}`, `${w}/tasks?sort=${s}`]);
  cases.push(['tasks projectId&sort=position', `${w}/tasks?projectId=${projectId}&sort=position`]);
  cases.push(['tasks priority=urgent&status=pending', `${w}/tasks?priority=urgent&status=pending`]);
  cases.push(['tasks assignee&dueBefore&sort=dueDate', `${w}/tasks?assigneeEmployeeId=${assigneeId}&dueBefore=2026-06-30&sort=dueDate`]);
  const all: number[] = [];
  const rows: string[] = [];
  let roundTrips = 0;
  let requests = 0;
  for (const [label, url] of cases) {
    const first = JSON.parse((await ok(label, call('GET', url))).text) as { data: unknown[]; nextCursor: string | null };
    const second = first.nextCursor ? `${url}&cursor=${first.nextCursor}` : url;
    const samples: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      for (const target of [url, second]) {
        const before = statements;
        const started = performance.now();
        const res = await call('GET', target);
        samples.push(performance.now() - started);
        roundTrips += statements - before;
        requests++;
        if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
      }
    }
    all.push(...samples);
    rows.push(`  ${label.padEnd(44)} p50 ${ms(pct(samples, 0.5)).padStart(9)}  p95 ${ms(pct(samples, 0.95)).padStart(9)}`);
  }
  console.log(`\n1. Lists (first page and the next, ${REQUESTS}× each, limit 25):`);
  console.log(rows.join('\n'));
  console.log(
    `  all ${all.length} requests: p50 ${ms(pct(all, 0.5))}, p95 ${ms(pct(all, 0.95))}, max ${ms(Math.max(...all))}; database round trips per request ${(roundTrips / requests).toFixed(2)}`,
  );

  // 2. Export.
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const exportStart = performance.now();
  const exported = await ok('export', call('GET', `${w}/employees/export?sort=code`, { keep: false }));
  const exportMs = performance.now() - exportStart;
  clearInterval(sampler);
  const exportedRows = (await ok('count', call('GET', `${w}/employees/export?sort=code&q=Employee`, { keep: true }))).text.split('\r\n').length - 2;
  if (exportedRows !== ROWS) throw new Error(`export wrote ${exportedRows} rows, expected ${ROWS}`);
  console.log(
    `\n2. Export of ${ROWS.toLocaleString('en')} employees: ${(exportMs / 1000).toFixed(2)} s, ${(exported.bytes / 1e6).toFixed(1)} MB, peak RSS growth ${((peak - baseline) / 1e6).toFixed(1)} MB (RSS before ${(baseline / 1e6).toFixed(0)} MB)`,
  );

  // 3. Import.
  const csv = ['name,email,category,status', ...Array.from({ length: IMPORT_ROWS }, (_, i) => `Supplier ${i},s${i}@bench.example,Cat ${i % 20},active`)].join(
    '\r\n',
  );
  const dryStart = performance.now();
  const dry = JSON.parse((await ok('dry run', call('POST', `${w}/suppliers/import?dryRun=true`, { body: csv, type: 'text/csv' }))).text);
  const dryMs = performance.now() - dryStart;
  const importStart = performance.now();
  const done = JSON.parse((await ok('import', call('POST', `${w}/suppliers/import`, { body: csv, type: 'text/csv' }))).text);
  const importMs = performance.now() - importStart;
  if (done.created !== IMPORT_ROWS || dry.created !== IMPORT_ROWS) throw new Error(`import: ${JSON.stringify({ dry, done }).slice(0, 300)}`);
  const count = (await db.query('select count(*)::int n from suppliers where workspace_id = $1', [wid])).rows[0].n as number;
  if (count !== IMPORT_ROWS) throw new Error(`import wrote ${count} suppliers`);
  console.log(
    `\n3. Import of ${IMPORT_ROWS.toLocaleString('en')} suppliers (${(csv.length / 1e6).toFixed(2)} MB): dry run ${(dryMs / 1000).toFixed(2)} s, commit ${(importMs / 1000).toFixed(2)} s`,
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
