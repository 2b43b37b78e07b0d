// Inbox search at scale: one workspace with 100k conversations and 1,000,000 messages of ordinary words on the
// machine's Postgres. Measures p50/p95 of `GET /conversations?q=` through the API (local runtime over HTTP,
// auth included) and of its statement alone through node-postgres, for a word that appears only in one closed
// conversation's message, for common words, a prefix as typed, two words and a miss; prints the EXPLAIN of each
// search statement. Target (issue 12): p95 ≤ 50 ms. Prints figures; no pass/fail.
//
// Run: npx tsx bench/search.ts            (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//      BENCH_FRESH=1 npx tsx bench/search.ts   rebuilds the bench database instead of reusing it
import pg from 'pg';
import { openDatabase } from '../db/client.js';
import { startLocalRuntime } from '../dev/server.js';
import { ms, ROOT, stats, benchApi, ensureBenchDatabase } from './support.js';

const DB_NAME = 'switchboard_bench_search';
const CONVERSATIONS = 100_000;
const CUSTOMERS = 5_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const OWNER = { email: 'bench-owner@bench.example', password: 'Bench-Passw0rd!', name: 'Bench Owner' };
/** Found in exactly one message, of a closed conversation. */
const RARE = 'quarkwobble';

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = new URL(baseUrl);
benchUrl.pathname = `/${DB_NAME}`;

// 300 words, drawn with a skew (the first ones in about half the messages, the last ones in a few hundred).
const WORDS = (
  'order the delivery thanks please refund package tracking payment invoice hello question address shipping ' +
  'return size colour coffee beans grinder roast espresso filter subscription discount code account password ' +
  'email phone store pickup warranty broken damaged missing late early tomorrow today week monday friday ' +
  'weekend price cost card bank transfer receipt cancel change update help support agent manager product ' +
  'stock available restock preorder gift wrap message note label box courier driver door neighbour parcel ' +
  'locker signature photo picture screen app website login checkout basket cart item quantity weight ' +
  'kilogram bag sample taste flavour bitter sweet acidic fruity chocolate nutty blend single origin ethiopia ' +
  'colombia brazil kenya guatemala honduras peru rwanda burundi yemen sumatra java decaf organic fairtrade ' +
  'milk oat almond soy latte cappuccino flat white mocha americano cold brew iced kettle scale timer ' +
  'machine portafilter tamper basket steam wand descale cleaning tablet water hardness temperature pressure ' +
  'shot extraction dose yield ratio recipe guide video manual instructions setup install repair service ' +
  'technician visit appointment schedule slot morning afternoon evening night holiday christmas easter ' +
  'birthday anniversary wedding office team company business wholesale bulk pallet contract quote offer ' +
  'promotion newsletter unsubscribe review rating stars feedback complaint apology compensation voucher ' +
  'credit balance points loyalty member tier gold silver bronze upgrade downgrade renewal expiry reminder ' +
  'notification sms whatsapp telegram instagram facebook tiktok viber chat widget bot human person call ' +
  'callback number reference ticket case status resolved pending closed open urgent priority asap soon ' +
  'wait waiting delayed customs duty tax vat import export international europe france germany spain italy ' +
  'portugal netherlands belgium austria poland sweden denmark norway finland ireland scotland wales london'
).split(' ');

const ensureDatabase = () => ensureBenchDatabase(baseUrl, DB_NAME);
const api = benchApi;

async function load(pool: pg.Pool, workspaceId: string, ownerId: string) {
  const started = performance.now();
  const step = async (label: string, text: string, values: unknown[] = []) => {
    const t = performance.now();
    const res = await pool.query(text, values);
    console.log(`  ${label}: ${res.rowCount ?? 0} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log(`Loading ${CONVERSATIONS.toLocaleString()} conversations and ${(CONVERSATIONS * 10).toLocaleString()} messages…`);
  await step(
    'customers',
    `insert into customers (workspace_id, name, email, created_at, updated_at)
     select $1, 'Customer ' || g, 'customer' || g || '@bench.example', now() - interval '400 days', now() - interval '400 days'
     from generate_series(1, ${CUSTOMERS}) g`,
    [workspaceId],
  );
  await step(
    'conversations',
    `with c as (select array_agg(id order by created_at, id) as ids from customers where workspace_id = $1)
     insert into conversations (workspace_id, number, customer_id, channel, status, subject, assignee_id, last_message_preview,
                                last_message_sender_type, last_message_private, last_message_at, sort_at, created_at, updated_at)
     select $1, g, c.ids[1 + g % ${CUSTOMERS}], (enum_range(null::channel))[1 + g % 9],
            (case when g % 20 < 3 then 'open' when g % 20 = 3 then 'pending' else 'closed' end)::conversation_status,
            'Question ' || g, case when g % 5 = 0 then null else $2::uuid end,
            'last message', 'customer', false,
            t.created + interval '27 minutes', t.created + interval '27 minutes', t.created, t.created
     from generate_series(1, ${CONVERSATIONS}) g, c, lateral (select now() - interval '365 days' + g * interval '5 minutes' as created) t`,
    [workspaceId, ownerId],
  );
  // Ten messages a conversation, 3 minutes apart, each 8-20 words drawn with a skew towards the first words.
  await step(
    'messages',
    `insert into messages (workspace_id, conversation_id, sender_type, sender_id, content, private, created_at)
     select c.workspace_id, c.id, (case when k % 2 = 1 then 'customer' else 'agent' end)::sender_type,
            case when k % 2 = 1 then null else $2::uuid end,
            (select string_agg(($3::text[])[1 + floor(${WORDS.length} * power(((hashint4(c.number * 16 + k * 1000003 + i * 7919) & 2147483647)::float8 / 2147483648), 2.2))::int], ' ')
               from generate_series(1, 8 + (c.number + k) % 13) i),
            k % 9 = 0, c.created_at + (k - 1) * interval '3 minutes'
     from conversations c, generate_series(1, 10) k
     where c.workspace_id = $1`,
    [workspaceId, ownerId, WORDS],
  );
  // The rare word: one message of one closed conversation, in the middle of the history.
  await step(
    'rare word',
    `update messages set content = content || ' ${RARE}' where id = (
       select m.id from messages m join conversations c on c.id = m.conversation_id
       where c.workspace_id = $1 and c.status = 'closed' and c.number = 50005 order by m.created_at limit 1)`,
    [workspaceId],
  );
  await step('counter', `insert into workspace_counters (workspace_id, name, value) values ($1, 'conversation', ${CONVERSATIONS})`, [workspaceId]);
  await step('vacuum analyze', 'vacuum analyze');
  console.log(`Loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// Count and capture what node-postgres sends (the search statement is the request's last).
type Captured = { text: string; values: unknown[] };
let capture: Captured[] | null = null;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (capture) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    if (typeof config === 'string') capture.push({ text: config, values: values ?? [] });
    else if (config && typeof config === 'object' && 'text' in config) capture.push({ text: config.text, values: config.values ?? values ?? [] });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const fresh = await ensureDatabase();
const database = await openDatabase({ kind: 'postgres', url: benchUrl.toString() }, { migrate: true });
const { useDatabase } = await import('../api/_lib/db.js');
useDatabase(database);
const runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 2 });

try {
  let token: string;
  let workspaceId: string;
  const login = await api(runtime.url, 'POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password });
  if (login.status === 200 && !fresh) {
    token = login.body.accessToken;
    workspaceId = (await api(runtime.url, 'GET', '/api/auth/me', undefined, token)).body.workspaces[0].id;
    console.log('Reusing the loaded bench database (BENCH_FRESH=1 rebuilds it).');
  } else {
    const reg = await api(runtime.url, 'POST', '/api/auth/register', OWNER);
    if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
    token = reg.body.accessToken;
    workspaceId = (await api(runtime.url, 'POST', '/api/workspaces', { name: 'Bench Search' }, token)).body.id;
    await load(pool, workspaceId, reg.body.user.id);
  }
  const counts = (
    await pool.query(
      `select (select count(*) from conversations where workspace_id = $1) c, (select count(*) from messages where workspace_id = $1) m,
              (select count(*) from messages where workspace_id = $1 and search @@ to_tsquery('simple', 'order')) "order",
              (select count(*) from messages where workspace_id = $1 and search @@ to_tsquery('simple', 'coffee')) coffee,
              (select count(*) from messages where workspace_id = $1 and search @@ to_tsquery('simple', 'london')) london`,
      [workspaceId],
    )
  ).rows[0];
  console.log(
    `\nWorkspace ${workspaceId}: ${Number(counts.c).toLocaleString()} conversations, ${Number(counts.m).toLocaleString()} messages; ` +
      `messages with "order": ${Number(counts.order).toLocaleString()}, "coffee": ${Number(counts.coffee).toLocaleString()}, "london": ${Number(counts.london).toLocaleString()}. ` +
      `${REQUESTS} requests per case, sequential, after 10 warm-up requests.\n`,
  );

  const base = `/api/workspaces/${workspaceId}/conversations`;
  const cases: [string, string][] = [
    [`rare word, only in a closed conversation (q=${RARE})`, `?q=${RARE}`],
    ['most common word (q=order)', '?q=order'],
    ['common word (q=coffee)', '?q=coffee'],
    ['uncommon word (q=london)', '?q=london'],
    ['two words (q=refund package)', '?q=refund%20package'],
    ['prefix as typed (q=deliv)', '?q=deliv'],
    ['common word, open tab (q=order&status=open)', '?q=order&status=open'],
    ['no match (q=zzzyzx)', '?q=zzzyzx'],
  ];
  const rows: string[][] = [];
  const explains: string[] = [];
  for (const [label, query] of cases) {
    const url = base + query;
    const check = await api(runtime.url, 'GET', url, undefined, token);
    if (check.status !== 200) throw new Error(`${label}: ${check.status} ${JSON.stringify(check.body)}`);
    for (let i = 0; i < 10; i++) await api(runtime.url, 'GET', url, undefined, token);
    const latencies: number[] = [];
    let statement: Captured | undefined;
    capture = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await api(runtime.url, 'GET', url, undefined, token);
      latencies.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
      if (i === 0) {
        statement = capture?.at(-1);
        capture = null;
      }
    }
    const direct: number[] = [];
    if (statement) {
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        await pool.query(statement.text, statement.values);
        direct.push(performance.now() - t);
      }
      const plan = (await pool.query(`explain (analyze, buffers) ${statement.text}`, statement.values)).rows.map((r) => r['QUERY PLAN'] as string);
      explains.push(`${label}\n${plan.map((line) => '    ' + line.slice(0, 170)).join('\n')}`);
    }
    const a = stats(latencies);
    const d = direct.length ? stats(direct) : null;
    const first = check.body.data[0];
    rows.push([
      label,
      String(check.body.data.length),
      ms(a.median),
      ms(a.p95),
      d ? ms(d.median) : '-',
      d ? ms(d.p95) : '-',
      first?.match ? first.match.snippet.slice(0, 60) : '',
    ]);
  }
  const header = ['case', 'hits', 'API p50', 'API p95', 'SQL p50', 'SQL p95', 'first snippet'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  console.log('\nAPI: HTTP to the local runtime (auth and the search in one statement). SQL: that statement replayed through node-postgres.\n');
  if (process.env.BENCH_EXPLAIN !== '0') console.log(explains.join('\n\n'));
} finally {
  await runtime.close();
  await pool.end();
  await database.close();
  pg.Client.prototype.query = originalQuery;
}
