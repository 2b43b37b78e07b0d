// The inbox lists at scale: one workspace with 100k conversations and ~1M messages on the machine's Postgres.
// Measures median/p95 latency of the list endpoints through the API (local runtime over HTTP, auth included),
// the same SQL replayed directly through node-postgres, the database round trips per request, and prints
// EXPLAIN (ANALYZE, BUFFERS) summaries. Prints figures; no pass/fail.
//
// Run: npx tsx bench/inbox.ts            (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//      BENCH_FRESH=1 npx tsx bench/inbox.ts   rebuilds the bench database instead of reusing it
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/client.js';
import { startLocalRuntime } from '../dev/server.js';
import { benchApi, ensureBenchDatabase } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DB_NAME = 'switchboard_bench';
const CONVERSATIONS = 100_000;
const CUSTOMERS = 5_000;
const REQUESTS = 200;
const OWNER = { email: 'bench-owner@bench.example', password: 'Bench-Passw0rd!', name: 'Bench Owner' };

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = new URL(baseUrl);
benchUrl.pathname = `/${DB_NAME}`;

// Count every statement node-postgres sends (pool.query and transactions both end in Client#query).
type Captured = { text: string; values: unknown[] };
let statements = 0;
let capture: Captured[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  if (capture) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    if (typeof config === 'string') capture.push({ text: config, values: values ?? [] });
    else if (config && typeof config === 'object' && 'text' in config) capture.push({ text: config.text, values: config.values ?? values ?? [] });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

const ensureDatabase = () => ensureBenchDatabase(baseUrl, DB_NAME);
const api = benchApi;

async function load(pool: pg.Pool, workspaceId: string, agentIds: string[]) {
  const started = performance.now();
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const t = performance.now();
    const res = await pool.query(text, values);
    console.log(`  ${label}: ${res.rowCount ?? 0} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log(`Loading ${CONVERSATIONS.toLocaleString()} conversations and ~${(CONVERSATIONS * 10).toLocaleString()} messages…`);
  await step(
    'customers',
    `insert into customers (workspace_id, name, email, company, tags, created_at, updated_at)
     select $1, 'Customer ' || g, 'customer' || g || '@bench.example', case when g % 5 = 0 then 'Company ' || (g / 5) end,
            case when g % 7 = 0 then array['wholesale'] else '{}'::text[] end,
            now() - interval '400 days' + g * interval '1 minute', now() - interval '400 days' + g * interval '1 minute'
     from generate_series(1, ${CUSTOMERS}) g`,
    [workspaceId],
  );
  // Each conversation gets 1..19 messages (10 on average), 3 minutes apart; its last-message summary is
  // computed from the same formula, so no second pass is needed.
  await step(
    'conversations',
    `with c as (select array_agg(id order by created_at) as ids from customers where workspace_id = $1),
          a as (select $2::uuid[] as ids)
     insert into conversations (workspace_id, number, customer_id, channel, status, subject, assignee_id, tags, unread_count,
                                last_message_preview, last_message_sender_type, last_message_private, last_message_at, sort_at, created_at, updated_at)
     select $1, g, c.ids[1 + g % ${CUSTOMERS}],
            (enum_range(null::channel))[1 + g % 9],
            (case when g % 20 < 3 then 'open' when g % 20 = 3 then 'pending' when g % 20 = 4 then 'snoozed' else 'closed' end)::conversation_status,
            'Order question ' || g,
            case when g % 5 = 0 then null else a.ids[1 + (g / 3) % array_length(a.ids, 1)] end,
            case when g % 11 = 0 then array['vip'] else '{}'::text[] end,
            case when g % 20 < 3 then g % 4 else 0 end,
            'Message ' || m.n || ' of conversation ' || g,
            (case when m.n % 2 = 1 then 'customer' else 'agent' end)::sender_type,
            false,
            t.created + (m.n - 1) * interval '3 minutes',
            t.created + (m.n - 1) * interval '3 minutes',
            t.created, t.created + (m.n - 1) * interval '3 minutes'
     from generate_series(1, ${CONVERSATIONS}) g, c, a,
          lateral (select now() - interval '365 days' + g * interval '5 minutes' as created) t,
          lateral (select 1 + (g * 7919) % 19 as n) m`,
    [workspaceId, agentIds],
  );
  await step(
    'messages',
    `insert into messages (workspace_id, conversation_id, sender_type, sender_id, content, private, created_at)
     select c.workspace_id, c.id,
            (case when k % 2 = 1 then 'customer' else 'agent' end)::sender_type,
            case when k % 2 = 1 then null else coalesce(c.assignee_id, $2::uuid) end,
            'Message ' || k || ' of conversation ' || c.number,
            k % 7 = 0,
            c.created_at + (k - 1) * interval '3 minutes'
     from conversations c, generate_series(1, 1 + (c.number * 7919) % 19) k
     where c.workspace_id = $1`,
    [workspaceId, agentIds[0]],
  );
  await step('counter', `insert into workspace_counters (workspace_id, name, value) values ($1, 'conversation', ${CONVERSATIONS})`, [workspaceId]);
  await step('vacuum analyze', 'vacuum analyze');
  console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const fresh = await ensureDatabase();
const database = await openDatabase({ kind: 'postgres', url: benchUrl.toString() }, { migrate: true });
const { useDatabase } = await import('../api/_lib/db.js');
useDatabase(database);
const runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 4 });

try {
  let token: string;
  let workspaceId: string;
  const login = await api(runtime.url, 'POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password });
  if (login.status === 200 && !fresh) {
    token = login.body.accessToken;
    const me = await api(runtime.url, 'GET', '/api/auth/me', undefined, token);
    workspaceId = me.body.workspaces[0].id;
    console.log('Reusing the loaded bench database (BENCH_FRESH=1 rebuilds it).');
  } else {
    const reg = await api(runtime.url, 'POST', '/api/auth/register', OWNER);
    if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
    token = reg.body.accessToken;
    const ws = await api(runtime.url, 'POST', '/api/workspaces', { name: 'Bench Roasters' }, token);
    workspaceId = ws.body.id;
    const agentIds: string[] = [reg.body.user.id];
    for (let i = 1; i <= 3; i++) {
      const email = `bench-agent-${i}@bench.example`;
      // Agents join as people do: invited, then registering from the invitation's link.
      const invited = await api(runtime.url, 'POST', `/api/workspaces/${workspaceId}/members`, { email, role: 'agent' }, token);
      const link = await api(runtime.url, 'POST', `/api/workspaces/${workspaceId}/members/${invited.body.id}/link`, undefined, token);
      const invitationToken = new URL(link.body.url).pathname.split('/').pop();
      const agent = await api(runtime.url, 'POST', '/api/auth/register', { email, password: OWNER.password, name: `Agent ${i}`, invitationToken });
      if (agent.status !== 201) throw new Error(`register agent ${i}: ${agent.status} ${JSON.stringify(agent.body)}`);
      agentIds.push(agent.body.user.id);
    }
    await load(pool, workspaceId, agentIds);
  }

  const counts = (
    await pool.query('select (select count(*) from conversations where workspace_id = $1) c, (select count(*) from messages where workspace_id = $1) m', [
      workspaceId,
    ])
  ).rows[0];
  console.log(
    `\nWorkspace ${workspaceId}: ${Number(counts.c).toLocaleString()} conversations, ${Number(counts.m).toLocaleString()} messages. ${REQUESTS} requests per case, sequential, after 20 warm-up requests.\n`,
  );

  const base = `/api/workspaces/${workspaceId}/conversations`;
  const first = await api(runtime.url, 'GET', base, undefined, token);
  const busiest = (
    await pool.query(
      `select id from conversations where workspace_id = $1 and status = 'open' order by (1 + (number * 7919) % 19) desc, sort_at desc limit 1`,
      [workspaceId],
    )
  ).rows[0].id as string;
  const cases: [string, string][] = [
    ['GET /conversations?status=open', `${base}?status=open`],
    ['GET /conversations', base],
    ['GET /conversations (page 2, cursor)', `${base}?cursor=${first.body.nextCursor}`],
    ['GET /conversations/{id}/messages', `${base}/${busiest}/messages`],
    ['GET /conversations?status=open&assigneeId=me', `${base}?status=open&assigneeId=me`],
    ['GET /conversations?assigneeId=none', `${base}?assigneeId=none`],
    ['GET /conversations?status=open&assigneeId=none', `${base}?status=open&assigneeId=none`],
    ['GET /conversations?status=pending&assigneeId=none (none match)', `${base}?status=pending&assigneeId=none`],
    ['GET /conversations?q=Order question 4242 (ILIKE)', `${base}?q=${encodeURIComponent('Order question 4242')}`],
    ['GET /conversations?q=zzz (no match, ILIKE)', `${base}?q=zzz`],
  ];

  const rows: string[][] = [];
  const explains: string[] = [];
  for (const [label, url] of cases) {
    for (let i = 0; i < 20; i++) await api(runtime.url, 'GET', url, undefined, token);
    const latencies: number[] = [];
    const trips: number[] = [];
    let captured: Captured[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      statements = 0;
      capture = i === 0 ? [] : null;
      const t = performance.now();
      const res = await api(runtime.url, 'GET', url, undefined, token);
      latencies.push(performance.now() - t);
      trips.push(statements);
      if (capture) captured = capture;
      capture = null;
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    // The same statements straight through the driver (auth lookup included), sequentially like the handler.
    const direct: number[] = [];
    const directList: number[] = [];
    const listStatement = captured[captured.length - 1]!;
    for (let i = 0; i < 20; i++) for (const s of captured) await pool.query(s.text, s.values);
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      for (const s of captured) await pool.query(s.text, s.values);
      direct.push(performance.now() - t);
      const t2 = performance.now();
      await pool.query(listStatement.text, listStatement.values);
      directList.push(performance.now() - t2);
    }
    const a = stats(latencies);
    const d = stats(direct);
    const l = stats(directList);
    rows.push([label, ms(a.median), ms(a.p95), ms(d.median), ms(d.p95), ms(l.median), ms(l.p95), String(stats(trips).median), String(Math.max(...trips))]);

    const plan = (await pool.query(`explain (analyze, buffers) ${listStatement.text}`, listStatement.values)).rows.map((r) => r['QUERY PLAN'] as string);
    const keep = plan.filter((line) => /Scan|Sort|Nested Loop|Limit|Buffers: shared|Execution Time|Planning Time|Index Cond|Filter/.test(line));
    explains.push(`${label}\n${keep.map((line) => '    ' + line.trim().slice(0, 150)).join('\n')}`);
  }

  const header = ['case', 'API p50', 'API p95', 'SQL p50', 'SQL p95', 'list SQL p50', 'list SQL p95', 'round trips', 'max'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log('\nAPI: HTTP to the local runtime (Bearer auth + membership lookup + the list query). SQL: the statements that request');
  console.log('sent, replayed through node-postgres. list SQL: the list statement alone. Round trips: statements per request.\n');
  console.log('EXPLAIN (ANALYZE, BUFFERS) of each list statement (scan, sort and timing lines):\n');
  console.log(explains.join('\n\n'));
} finally {
  await runtime.close();
  await pool.end();
  await database.close();
  pg.Client.prototype.query = originalQuery;
}
