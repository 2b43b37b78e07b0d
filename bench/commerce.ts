// The commerce write path through the API (local runtime over HTTP, auth included) on a database of its own:
//   1. POST /orders (1–3 items, tracked stock that never runs out next to untracked products): sequential
//      p50/p95/p99 after a warm-up, and the database statements per order;
//   2. the same at CONCURRENCY clients for DURATION seconds: orders/s, p50/p95, every non-201 answer counted;
//   3. POST /api/webhooks/stripe with signed `payment_intent.succeeded` events of real payments (intents made
//      through POST /payments/intent, confirmed at the local Stripe stand-in, whose recorded events are posted
//      exactly as it would post them), then each event again (the duplicate path);
//   4. sanity checks against the database: orders = 201 answers, stock = initial − sold, payments and orders
//      paid = events applied, duplicates changed nothing; Postgres' commit, rollback and deadlock counters.
// Prints figures; no pass/fail (the exit code is 1 only when a sanity check does not hold).
//
// Run: npx tsx bench/commerce.ts
//      N=300 CONCURRENCY=16 DURATION=10 WEBHOOKS=200 npx tsx bench/commerce.ts
//      DATABASE_URL=postgres://…/postgres   the server to create the bench database on (default
//                                           postgres://postgres@127.0.0.1:5432/postgres); it is dropped at the end
//      DATABASE_URL=memory://               PGlite in memory instead (no statement counts)
//      NODE_ENV=development                 the app as `npm run dev` runs it (answers checked against their contracts);
//                                           default production, with a random JWT_SECRET for the run
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, parseDatabaseUrl, rowsOf } from '../db/client.js';

const N = Number(process.env.N ?? 300);
const WARMUP = Number(process.env.WARMUP ?? 30);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const DURATION = Number(process.env.DURATION ?? 10);
const WEBHOOKS = Number(process.env.WEBHOOKS ?? 200);
const WEBHOOK_WARMUP = 20;
const TRACKED = 8;
const UNTRACKED = 4;
const INITIAL_STOCK = 10_000_000;
const PASSWORD = 'Bench-Passw0rd!';

// The app reads its environment once, at first use: everything is set before any of it is imported.
process.env.NODE_ENV ??= 'production';
process.env.JWT_SECRET ??= randomBytes(48).toString('base64url');
// One proxy hop is trusted, so the webhook deliveries can come from several addresses as Stripe's do (its
// endpoint allows 600 a minute per address).
process.env.TRUST_PROXY = '1';
delete process.env.STRIPE_PRO_PRICE_ID;

const rawUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const target = parseDatabaseUrl(rawUrl);
if (target.kind === 'neon' || (target.kind === 'pglite' && target.dataDir !== null)) {
  throw new Error('DATABASE_URL: use a postgres:// server (a bench database is created on it) or memory://');
}
const onPostgres = target.kind === 'postgres';
const dbName = `switchboard_bench_commerce_${process.pid}`;
const benchUrl = onPostgres ? Object.assign(new URL(rawUrl), { pathname: `/${dbName}` }).toString() : null;

// Every statement node-postgres sends (pool queries and transactions, BEGIN and COMMIT included) ends in
// Client#query: counted per phase.
let statements = 0;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const { BENCH_PUSHER, ROOT } = await import('./support.js');
const { startPusherServer } = await import('../dev/pusher-server.js');
const { LOCAL_STRIPE, signatureHeader, startStripeServer } = await import('../dev/stripe-server.js');
const { startLocalRuntime } = await import('../dev/server.js');

/** Nearest-rank percentile, as bench/support.ts's stats. */
function pct(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

// A small deterministic generator, so every run asks for the same orders.
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Answer {
  status: number;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const agent = new Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, 4) });
let origin = '';

function call(method: string, path: string, o: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const payload = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  const headers: Record<string, string> = { ...o.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  return new Promise((resolve, reject) => {
    const req = request(origin + path, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null; // not JSON: the text tells
        }
        resolve({ status: res.statusCode ?? 0, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function expectStatus(label: string, answer: Promise<Answer>, status: number): Promise<Answer> {
  const res = await answer;
  if (res.status !== status) throw new Error(`${label}: ${res.status} ${res.text.slice(0, 400)}`);
  return res;
}

/** Non-2xx answers by status and error code, with one message each. */
class Failures {
  private readonly byKind = new Map<string, { count: number; sample: string }>();
  count = 0;
  add(res: Answer) {
    this.count++;
    const code = (res.body as { error?: { code?: string } } | null)?.error?.code ?? 'no code';
    const key = `${res.status} ${code}`;
    const seen = this.byKind.get(key);
    if (seen) seen.count++;
    else this.byKind.set(key, { count: 1, sample: res.text.slice(0, 200) });
  }
  lines(): string[] {
    return [...this.byKind].map(([key, v]) => `${key} ×${v.count}: ${v.sample}`);
  }
}

/**
 * Samples what the bench database's backends are doing (pg_stat_activity, every 50 ms) until stopped: how many
 * run a statement, how many of those wait for a lock and in which statement (verb and table), how many sit idle
 * inside a transaction. Its own statements bypass the counter above.
 */
async function sampleBackends(): Promise<() => Promise<string>> {
  const client = new pg.Client({ connectionString: rawUrl });
  await client.connect();
  const ask = (text: string, values: unknown[]) => (originalQuery as (...a: unknown[]) => Promise<pg.QueryResult>).apply(client, [text, values]);
  let samples = 0;
  let active = 0;
  let locked = 0;
  let idleInTx = 0;
  const waits = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await ask(
        `select state, wait_event_type as type, left(query, 200) as query from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
        [dbName],
      );
      samples++;
      for (const r of rows as { state: string; type: string | null; query: string }[]) {
        if (r.state === 'active') active++;
        if (r.state === 'idle in transaction') idleInTx++;
        if (r.state === 'active' && r.type === 'Lock') {
          locked++;
          const m = /^\s*(insert into|update|delete from|select)\s+"?(\w+)"?/i.exec(r.query);
          const statement = m ? `${m[1]!.toLowerCase()} ${m[2]}` : r.query.slice(0, 40);
          waits.set(statement, (waits.get(statement) ?? 0) + 1);
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await client.end();
    const avg = (n: number) => (n / Math.max(1, samples)).toFixed(1);
    const kinds = [...waits].sort((a, b) => b[1] - a[1]).map(([statement, n]) => `in ${statement} ${avg(n)}`);
    return `on average ${avg(active)} running a statement, ${avg(locked)} of them waiting for a lock${kinds.length ? ` (${kinds.join(', ')})` : ''}, ${avg(idleInTx)} idle in a transaction (${samples} samples)`;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Start: the bench database, a local Pusher server and the Stripe stand-in, then the app.
// ---------------------------------------------------------------------------------------------------------

const loadBefore = os.loadavg();
if (onPostgres) {
  const admin = new pg.Client({ connectionString: rawUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
}
const dropDatabase = async () => {
  if (!onPostgres) return;
  const admin = new pg.Client({ connectionString: rawUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
};

const pusher = await startPusherServer({ ...BENCH_PUSHER, port: 0 });
// The stand-in only records its events: the bench posts them itself, timed.
const stripe = await startStripeServer({ port: 0, webhookUrl: null });
Object.assign(process.env, {
  PUSHER_APP_ID: BENCH_PUSHER.appId,
  PUSHER_KEY: BENCH_PUSHER.key,
  PUSHER_SECRET: BENCH_PUSHER.secret,
  PUSHER_HOST: '127.0.0.1',
  PUSHER_PORT: String(pusher.port),
  STRIPE_SECRET_KEY: LOCAL_STRIPE.secretKey,
  STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE.webhookSecret,
  STRIPE_API_URL: stripe.url,
});
const database = await openDatabase(onPostgres ? { kind: 'postgres', url: benchUrl! } : { kind: 'pglite', dataDir: null }, { migrate: true });
const { useDatabase } = await import('../api/_lib/db.js');
useDatabase(database);
const runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
origin = runtime.url;

const query = <R>(statement: SQL) => rowsOf<R>(database.db, statement);

try {
  const serverVersion = (await query<{ version: string }>(sql`select version()`))[0]!.version;

  // Users, workspace, products.
  const stamp = Date.now();
  const owner = { email: `commerce-owner-${stamp}@bench.example`, password: PASSWORD, name: 'Bench Owner' };
  const agentUser = { email: `commerce-agent-${stamp}@bench.example`, password: PASSWORD, name: 'Bench Agent' };
  const ownerToken = (await expectStatus('register owner', call('POST', '/api/auth/register', { body: owner }), 201)).body.accessToken as string;
  const workspaceId = (await expectStatus('workspace', call('POST', '/api/workspaces', { token: ownerToken, body: { name: 'Bench Shop' } }), 201)).body
    .id as string;
  const w = `/api/workspaces/${workspaceId}`;
  // The agent joins as people do: invited, then registering from the invitation link ("Copy link").
  const invited = await expectStatus('invite agent', call('POST', `${w}/members`, { token: ownerToken, body: { email: agentUser.email, role: 'agent' } }), 201);
  const link = await expectStatus('invitation link', call('POST', `${w}/members/${invited.body.id}/link`, { token: ownerToken }), 200);
  const invitationToken = new URL(link.body.url).pathname.split('/').pop()!;
  await expectStatus('register agent', call('POST', '/api/auth/register', { body: { ...agentUser, invitationToken } }), 201);
  const token = (await expectStatus('agent sign-in', call('POST', '/api/auth/login', { body: { email: agentUser.email, password: PASSWORD } }), 200)).body
    .accessToken as string;

  interface Product {
    id: string;
    tracked: boolean;
  }
  const products: Product[] = [];
  for (let i = 0; i < TRACKED + UNTRACKED; i++) {
    const tracked = i < TRACKED;
    const body = { sku: `BENCH-${i + 1}`, name: `Bench product ${i + 1}`, price: 500 + 250 * i, stock: tracked ? INITIAL_STOCK : null, category: 'Bench' };
    const res = await expectStatus(`product ${i + 1}`, call('POST', `${w}/products`, { token: ownerToken, body }), 201);
    products.push({ id: res.body.id, tracked });
  }

  // What every 201 sold, per product, to check the stock against at the end.
  const sold = new Map<string, number>(products.map((p) => [p.id, 0]));
  let created = 0;
  const random = prng(20_240_601);
  const nextOrder = () => {
    const count = 1 + Math.floor(random() * 3);
    const picked = [...products];
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (picked.length - i));
      [picked[i], picked[j]] = [picked[j]!, picked[i]!];
    }
    picked.length = count;
    return { items: picked.map((p) => ({ productId: p.id, quantity: 1 + Math.floor(random() * 3) })) };
  };
  const createOrder = async (failures?: Failures): Promise<{ ms: number; res: Answer }> => {
    const body = nextOrder();
    const t = performance.now();
    const res = await call('POST', `${w}/orders`, { token, body });
    const elapsed = performance.now() - t;
    if (res.status === 201) {
      created++;
      for (const item of body.items) sold.set(item.productId, sold.get(item.productId)! + item.quantity);
    } else if (failures) failures.add(res);
    else throw new Error(`POST /orders: ${res.status} ${res.text.slice(0, 400)}`);
    return { ms: elapsed, res };
  };

  const rows: string[][] = [];
  const notes: string[] = [];
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

  // 1. Sequential order creation.
  console.log(`Phase 1: ${WARMUP} warm-up orders, then ${N} sequential…`);
  for (let i = 0; i < WARMUP; i++) await createOrder();
  const seqFailures = new Failures();
  const seq: number[] = [];
  statements = 0;
  const seqStarted = performance.now();
  for (let i = 0; i < N; i++) {
    const { ms: elapsed, res } = await createOrder(seqFailures);
    if (res.status === 201) seq.push(elapsed);
  }
  const seqSeconds = (performance.now() - seqStarted) / 1000;
  const seqStatements = statements;
  rows.push([
    'POST /orders, 1 client',
    String(N),
    String(seqFailures.count),
    f(pct(seq, 0.5)),
    f(pct(seq, 0.95)),
    f(pct(seq, 0.99)),
    f(pct(seq, 1)),
    (seq.length / seqSeconds).toFixed(0),
    onPostgres ? (seqStatements / N).toFixed(1) : '–',
  ]);
  notes.push(...seqFailures.lines().map((l) => `  1 client: ${l}`));

  // 2. Concurrent order creation for a fixed time.
  console.log(`Phase 2: ${CONCURRENCY} clients for ${DURATION} s…`);
  await Promise.all(Array.from({ length: CONCURRENCY }, () => createOrder()));
  const conFailures = new Failures();
  const con: number[] = [];
  let conRequests = 0;
  statements = 0;
  const stopSampling = onPostgres ? await sampleBackends() : null;
  const cpuBefore = process.cpuUsage();
  const conStarted = performance.now();
  const end = conStarted + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const { ms: elapsed, res } = await createOrder(conFailures);
        conRequests++;
        if (res.status === 201) con.push(elapsed);
      }
    }),
  );
  const conSeconds = (performance.now() - conStarted) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const conStatements = statements;
  const backends = stopSampling ? await stopSampling() : null;
  rows.push([
    `POST /orders, ${CONCURRENCY} clients, ${DURATION} s`,
    String(conRequests),
    String(conFailures.count),
    f(pct(con, 0.5)),
    f(pct(con, 0.95)),
    f(pct(con, 0.99)),
    f(pct(con, 1)),
    (con.length / conSeconds).toFixed(0),
    onPostgres ? (conStatements / conRequests).toFixed(1) : '–',
  ]);
  notes.push(...conFailures.lines().map((l) => `  ${CONCURRENCY} clients: ${l}`));

  // 3. The Stripe webhook. Orders to pay (not timed), their payments through the API (timed, for reference),
  // each PaymentIntent confirmed at the stand-in with the Visa test card (the app is not told), then the
  // stand-in's `payment_intent.succeeded` events posted signed, as it would post them.
  const payCount = WEBHOOK_WARMUP + WEBHOOKS;
  console.log(`Phase 3: ${payCount} orders to pay, their PaymentIntents, then ${payCount} webhook events and ${payCount} duplicates…`);
  const toPay: { orderId: string; total: number }[] = [];
  for (let i = 0; i < payCount; i++) {
    const { res } = await createOrder();
    toPay.push({ orderId: res.body.id, total: res.body.total });
  }
  const intentTimes: number[] = [];
  statements = 0;
  const payments: { paymentId: string; intentId: string; amount: number }[] = [];
  for (const o of toPay) {
    const t = performance.now();
    const res = await expectStatus('POST /payments/intent', call('POST', `${w}/payments/intent`, { token, body: { orderId: o.orderId } }), 201);
    intentTimes.push(performance.now() - t);
    if (res.body.amount !== o.total || !res.body.stripePaymentIntentId) throw new Error(`POST /payments/intent: unexpected ${res.text.slice(0, 400)}`);
    payments.push({ paymentId: res.body.id, intentId: res.body.stripePaymentIntentId, amount: res.body.amount });
  }
  const intentStatements = statements;
  for (const p of payments) {
    const res = await fetch(`${stripe.url}/v1/payment_intents/${p.intentId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LOCAL_STRIPE.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payment_method: 'pm_card_visa' }),
    });
    const intent = (await res.json()) as { status?: string };
    if (res.status !== 200 || intent.status !== 'succeeded') throw new Error(`stand-in confirm ${p.intentId}: ${res.status} ${JSON.stringify(intent)}`);
  }
  const succeeded = new Map(
    stripe
      .events()
      .filter((e) => e.type === 'payment_intent.succeeded')
      .map((e) => [e.objectId, e.event]),
  );
  const deliveries = payments.map((p) => {
    const event = succeeded.get(p.intentId);
    if (!event) throw new Error(`no payment_intent.succeeded event for ${p.intentId}`);
    return { id: event.id, payload: JSON.stringify(event, null, 2) };
  });
  const secret = process.env.STRIPE_WEBHOOK_SECRET!;
  let webhookCalls = 0;
  const deliver = (payload: string) =>
    call('POST', '/api/webhooks/stripe', {
      raw: payload,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': signatureHeader(payload, secret),
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        // 500 deliveries per address, under the endpoint's 600 a minute.
        'x-forwarded-for': `198.51.100.${1 + Math.floor(webhookCalls++ / 500)}`,
      },
    });
  const postAll = async (duplicate: boolean) => {
    const failures = new Failures();
    const times: number[] = [];
    let wrongFlag = 0;
    statements = 0;
    for (const [i, d] of deliveries.entries()) {
      const t = performance.now();
      const res = await deliver(d.payload);
      const elapsed = performance.now() - t;
      if (res.status !== 200) failures.add(res);
      else if (res.body?.duplicate !== duplicate) wrongFlag++;
      else if (i >= WEBHOOK_WARMUP) times.push(elapsed);
    }
    return { times, failures, wrongFlag, statements: statements / deliveries.length };
  };
  const first = await postAll(false);
  const again = await postAll(true);

  rows.push([
    'POST /payments/intent (setup)',
    String(payCount),
    '0',
    f(pct(intentTimes, 0.5)),
    f(pct(intentTimes, 0.95)),
    f(pct(intentTimes, 0.99)),
    f(pct(intentTimes, 1)),
    '',
    onPostgres ? (intentStatements / payCount).toFixed(1) : '–',
  ]);
  for (const [label, r] of [
    ['POST /webhooks/stripe, succeeded', first],
    ['POST /webhooks/stripe, duplicate', again],
  ] as const) {
    rows.push([
      label,
      String(WEBHOOKS),
      String(r.failures.count + r.wrongFlag),
      f(pct(r.times, 0.5)),
      f(pct(r.times, 0.95)),
      f(pct(r.times, 0.99)),
      f(pct(r.times, 1)),
      '',
      onPostgres ? r.statements.toFixed(1) : '–',
    ]);
    notes.push(...r.failures.lines().map((l) => `  ${label}: ${l}`));
    if (r.wrongFlag) notes.push(`  ${label}: ${r.wrongFlag} answers with duplicate ≠ ${label.endsWith('duplicate')}`);
  }

  // Let the after-response work (outbox dispatch) finish before counting.
  await new Promise((r) => setTimeout(r, 500));

  // 4. Sanity checks.
  const checks: [string, number | string, number | string][] = [];
  const [orderCount] = await query<{ n: number }>(sql`select count(*)::int as n from orders where workspace_id = ${workspaceId}`);
  checks.push(['orders in the database = 201 answers', orderCount!.n, created]);
  const stock = await query<{ id: string; stock: number; sold: number }>(
    sql`select p.id, p.stock, coalesce((select sum(i.quantity) from order_items i where i.product_id = p.id), 0)::int as sold
        from products p where p.workspace_id = ${workspaceId} and p.stock is not null`,
  );
  const stockWrong = stock.filter((s) => s.stock !== INITIAL_STOCK - sold.get(s.id)! || s.sold !== sold.get(s.id));
  const totalSold = products.filter((p) => p.tracked).reduce((sum, p) => sum + sold.get(p.id)!, 0);
  checks.push([`tracked products whose stock ≠ ${INITIAL_STOCK} − sold (${totalSold} units sold)`, stockWrong.length, 0]);
  const [paid] = await query<{ payments: number; orders: number; events: number }>(
    sql`select (select count(*) from payments where workspace_id = ${workspaceId} and status = 'succeeded')::int as payments,
               (select count(*) from orders where workspace_id = ${workspaceId} and payment_status = 'paid' and amount_paid = total)::int as orders,
               (select count(*) from stripe_events where type = 'payment_intent.succeeded' and payment_id is not null and workspace_id = ${workspaceId})::int as events`,
  );
  checks.push(['payments succeeded = events delivered', paid!.payments, payCount]);
  checks.push(['orders paid in full = events delivered', paid!.orders, payCount]);
  checks.push(['stripe_events rows applied to a payment = events delivered', paid!.events, payCount]);
  const failedChecks = checks.filter(([, got, want]) => got !== want);

  let pgCounters: string | null = null;
  if (onPostgres) {
    const admin = new pg.Client({ connectionString: rawUrl });
    await admin.connect();
    await new Promise((r) => setTimeout(r, 1000)); // backends flush their statistics about once a second
    const s = (
      await admin.query(
        'select xact_commit::int as commits, xact_rollback::int as rollbacks, deadlocks::int as deadlocks, conflicts::int as conflicts from pg_stat_database where datname = $1',
        [dbName],
      )
    ).rows[0];
    await admin.end();
    pgCounters = `commits ${s.commits}, rollbacks ${s.rollbacks}, deadlocks ${s.deadlocks}`;
  }

  // Report.
  const cpus = os.cpus();
  const loadAfter = os.loadavg();
  console.log('');
  console.log(
    `machine:     ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}`,
  );
  console.log(`             load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`);
  console.log(`runtime:     Node ${process.version}, NODE_ENV=${process.env.NODE_ENV}; the load generator runs in the app's process`);
  console.log(
    `database:    ${onPostgres ? `Postgres (${new URL(rawUrl).host}, database ${dbName}, pool of 10)` : 'PGlite in memory'} — ${serverVersion.split(' on ')[0]}`,
  );
  console.log(
    `workload:    ${TRACKED} products with tracked stock (${INITIAL_STOCK.toLocaleString('en')} each) and ${UNTRACKED} untracked; orders of 1–3 lines, 1–3 each`,
  );
  console.log('');
  const header = ['case', 'n', 'non-2xx', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'per s', 'statements/req'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log('');
  console.log(
    `Warm-up first: ${WARMUP} orders before the 1-client run, ${CONCURRENCY} before the ${CONCURRENCY}-client run, ${WEBHOOK_WARMUP} events (and their`,
  );
  console.log(`duplicates) before the webhook figures. Latency: request to complete answer over keep-alive HTTP. per s: 201 answers per second.`);
  console.log(`statements/req: node-postgres round trips (BEGIN/COMMIT included) over the phase ÷ requests, the after-response outbox`);
  console.log(
    `dispatch included. ${CONCURRENCY}-client run: process CPU ${((cpu.user + cpu.system) / 1000 / Math.max(1, conRequests)).toFixed(2)} ms per order (server and load generator).`,
  );
  if (backends) console.log(`${CONCURRENCY}-client run, the bench database's backends: ${backends}.`);
  if (notes.length > 0) {
    console.log('\nnon-2xx answers:');
    for (const n of notes) console.log(n);
  }
  console.log('\nsanity:');
  for (const [label, got, want] of checks)
    console.log(`  ${got === want ? 'ok      ' : 'MISMATCH'} ${label}: ${got}${got === want ? '' : ` (expected ${want})`}`);
  if (pgCounters) console.log(`  Postgres counters of the bench database: ${pgCounters}`);
  if (failedChecks.length > 0) process.exitCode = 1;
} finally {
  agent.destroy();
  await runtime.close();
  await database.close();
  await stripe.close();
  await pusher.close();
  pg.Client.prototype.query = originalQuery;
  // The pool's connections finish closing after its end() resolves.
  await new Promise((r) => setTimeout(r, 300));
  await dropDatabase();
}
