// The API's read path next to a hand-written peer: a bare node:http + pg + jose server that does the same auth
// check (token, live session, workspace membership) and answers the same JSON for the conversation list and a
// messages page. Both run in their own process against the bench database (100k conversations / 1M messages,
// built by bench/inbox.ts on first use), measured in interleaved rounds: p50/p95 at 1 client, requests/s at
// 16 clients, and server CPU per request (process.cpuUsage of each server over the 16-client phase).
//
// Run: npx tsx bench/peer.ts        (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//      BENCH_ROUNDS=5 BENCH_REQUESTS=300 BENCH_SECONDS=3 npx tsx bench/peer.ts
//      BENCH_PROFILE=app npx tsx bench/peer.ts   writes a .cpuprofile of the app server into .bench/profiles
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { ROOT, stats } from './support.js';

const DB_NAME = 'switchboard_bench';
const OWNER = { email: 'bench-owner@bench.example', password: 'Bench-Passw0rd!' };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CLIENTS = 16;

const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchUrl = new URL(baseUrl);
benchUrl.pathname = `/${DB_NAME}`;

type Kind = 'peer' | 'app';
type FromChild = { url: string } | { cpu: NodeJS.CpuUsage };

// ---------------------------------------------------------------------------------------------------------
// The peer: what a careful hand-written server does. One statement per request, prepared by name.
// ---------------------------------------------------------------------------------------------------------

const CALLER = `caller as (
  select m.role from sessions s
  left join memberships m on m.user_id = s.user_id and m.workspace_id = $1
  where s.id = $2 and s.user_id = $3 and s.revoked_at is null and s.expires_at > now()
)`;
const CURSOR_AT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const LIST_SQL = `with ${CALLER}
select caller.role, d.* from caller left join lateral (
  select c.id, c.number, c.customer_id, cu.name as customer_name, c.channel, c.status, c.subject, c.assignee_id, c.tags,
         c.ai_active, c.unread_count, c.last_message_id, c.last_message_preview, c.last_message_sender_type,
         c.last_message_private, c.last_message_at, c.created_at, c.updated_at, c.sort_at, ${CURSOR_AT('c.sort_at')} as cursor_at
  from conversations c join customers cu on cu.id = c.customer_id
  where caller.role is not null and c.workspace_id = $1
  order by c.sort_at desc, c.id desc limit $4
) d on true
order by d.sort_at desc, d.id desc`;
const MESSAGES_SQL = `with ${CALLER}
select caller.role, c.id as found, m.* from caller
left join conversations c on caller.role is not null and c.id = $4 and c.workspace_id = $1
left join lateral (
  select id, conversation_id, sender_type, sender_id, content, private, created_at, ${CURSOR_AT('created_at')} as cursor_at
  from messages where conversation_id = c.id order by created_at desc, id desc limit $5
) m on true
order by m.created_at desc, m.id desc`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const cursorOf = (rows: { cursor_at: string; id: string }[], limit: number) => {
  const last = rows[limit - 1];
  return rows.length > limit && last ? Buffer.from(JSON.stringify([last.cursor_at, last.id])).toString('base64url') : null;
};

async function servePeer(): Promise<string> {
  const { jwtVerify } = await import('jose/jwt/verify');
  const { serverEnv } = await import('../api/_lib/env.js');
  const key = new TextEncoder().encode(serverEnv().jwtSecret);
  const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 10 });

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://peer');
    const match = /^\/api\/workspaces\/([^/]+)\/conversations(?:\/([^/]+)\/messages)?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return fail(res, 404, 'not_found', 'No such endpoint');
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return fail(res, 401, 'unauthorized', 'Sign in first');
    let userId: string, sessionId: string;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: 'switchboard',
        audience: 'switchboard-api',
        requiredClaims: ['exp', 'sub', 'iat'],
      });
      if (payload.typ !== 'access' || typeof payload.sid !== 'string' || !UUID.test(payload.sid) || !UUID.test(payload.sub!)) throw new Error('claims');
      userId = payload.sub!;
      sessionId = payload.sid;
    } catch {
      return fail(res, 401, 'unauthorized', 'Sign in first');
    }
    const [, wid, conversationId] = match as unknown as [string, string, string | undefined];
    if (!UUID.test(wid!) || (conversationId !== undefined && !UUID.test(conversationId))) return fail(res, 404, 'not_found', 'Not found');
    const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 25;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail(res, 422, 'validation_failed', 'Some fields are not valid');

    if (conversationId === undefined) {
      const { rows } = await pool.query({ name: 'peer_list', text: LIST_SQL, values: [wid, sessionId, userId, limit + 1] });
      if (rows.length === 0) return fail(res, 401, 'unauthorized', 'Your session has expired; sign in again');
      if (rows[0].role === null) return fail(res, 404, 'not_found', 'Workspace not found');
      const found = rows[0].id === null ? [] : rows;
      return send(res, 200, {
        data: found.slice(0, limit).map((c) => ({
          id: c.id,
          number: c.number,
          customer: { id: c.customer_id, name: c.customer_name },
          channel: c.channel,
          status: c.status,
          subject: c.subject,
          assigneeId: c.assignee_id,
          tags: c.tags,
          aiActive: c.ai_active,
          unreadCount: c.unread_count,
          lastMessage:
            c.last_message_at && c.last_message_sender_type
              ? {
                  id: c.last_message_id,
                  content: c.last_message_preview ?? '',
                  senderType: c.last_message_sender_type,
                  private: c.last_message_private ?? false,
                  createdAt: iso(c.last_message_at),
                }
              : null,
          lastMessageAt: iso(c.last_message_at),
          createdAt: iso(c.created_at),
          updatedAt: iso(c.updated_at),
        })),
        nextCursor: cursorOf(found, limit),
      });
    }
    const { rows } = await pool.query({ name: 'peer_messages', text: MESSAGES_SQL, values: [wid, sessionId, userId, conversationId, limit + 1] });
    if (rows.length === 0) return fail(res, 401, 'unauthorized', 'Your session has expired; sign in again');
    if (rows[0].role === null) return fail(res, 404, 'not_found', 'Workspace not found');
    if (rows[0].found === null) return fail(res, 404, 'not_found', 'Conversation not found');
    const found = rows[0].id === null ? [] : rows;
    return send(res, 200, {
      data: found.slice(0, limit).map((m) => ({
        id: m.id,
        conversationId: m.conversation_id,
        senderType: m.sender_type,
        senderId: m.sender_id,
        content: m.content,
        private: m.private,
        createdAt: iso(m.created_at),
      })),
      nextCursor: cursorOf(found, limit),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('[peer]', err);
      if (!res.headersSent) fail(res, 500, 'internal_error', 'Something went wrong on our side');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function serveApp(): Promise<string> {
  const { openDatabase } = await import('../db/client.js');
  const { useDatabase } = await import('../api/_lib/db.js');
  const { startLocalRuntime } = await import('../dev/server.js');
  useDatabase(await openDatabase({ kind: 'postgres', url: benchUrl.toString() }, { migrate: false }));
  const runtime = await startLocalRuntime({ root: ROOT, spa: 'api', host: '127.0.0.1', port: 0 });
  return runtime.url;
}

// ---------------------------------------------------------------------------------------------------------
// The driver: both servers in child processes, the load from this one.
// ---------------------------------------------------------------------------------------------------------

interface Server {
  kind: Kind;
  url: string;
  child: ChildProcess;
  cpu(): Promise<NodeJS.CpuUsage>;
}

// Both servers run as production runs (a JWT_SECRET is then required): one random secret per bench run, shared
// so the peer verifies the tokens the app signs.
const JWT_SECRET = process.env.JWT_SECRET ?? randomBytes(48).toString('base64url');

async function startServer(kind: Kind): Promise<Server> {
  const profile = process.env.BENCH_PROFILE === kind;
  const child = fork(import.meta.filename, ['serve', kind], {
    execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.bench/profiles')}`] : [])],
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', JWT_SECRET },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.on('message', (m: FromChild) => 'url' in m && resolve(m.url));
  });
  const cpu = () =>
    new Promise<NodeJS.CpuUsage>((resolve) => {
      const listener = (m: FromChild) => {
        if ('cpu' in m) {
          child.off('message', listener);
          resolve(m.cpu);
        }
      };
      child.on('message', listener);
      child.send('cpu');
    });
  return { kind, url, child, cpu };
}

function get(agent: Agent, url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function sequential(url: string, token: string, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < 30; i++) await get(agent, url, token);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await get(agent, url, token);
    samples.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body}`);
  }
  agent.destroy();
  return samples;
}

async function concurrent(server: Server, url: string, token: string): Promise<{ perSecond: number; cpuPerRequestMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const until = { warm: performance.now() + 500 };
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until.warm) await get(agent, url, token);
    }),
  );
  let done = 0;
  const before = await server.cpu();
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const res = await get(agent, url, token);
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body}`);
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const after = await server.cpu();
  agent.destroy();
  const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
  return { perSecond: done / elapsed, cpuPerRequestMs: cpuMs / done };
}

async function ensureBenchDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [DB_NAME])).rowCount! > 0;
  await admin.end();
  if (exists) return;
  console.log('The bench database does not exist yet: building it with bench/inbox.ts…');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/inbox.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('bench/inbox.ts failed');
}

async function main() {
  await ensureBenchDatabase();
  const servers = { peer: await startServer('peer'), app: await startServer('app') };
  const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 2 });
  try {
    const login = await fetch(`${servers.app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const workspaceId = (
      await pool.query(
        `select w.id from workspaces w join memberships m on m.workspace_id = w.id join users u on u.id = m.user_id where u.email = $1 limit 1`,
        [OWNER.email],
      )
    ).rows[0].id as string;
    const busiest = (
      await pool.query(
        `select id from conversations where workspace_id = $1 and status = 'open' order by (1 + (number * 7919) % 19) desc, sort_at desc limit 1`,
        [workspaceId],
      )
    ).rows[0].id as string;
    const cases = [
      { label: 'GET /conversations', path: `/api/workspaces/${workspaceId}/conversations` },
      { label: 'GET /conversations/{id}/messages', path: `/api/workspaces/${workspaceId}/conversations/${busiest}/messages` },
    ];

    // Same answers, or the comparison means nothing.
    const agent = new Agent({ keepAlive: false });
    for (const c of cases) {
      const [a, b] = [await get(agent, servers.app.url + c.path, token), await get(agent, servers.peer.url + c.path, token)];
      if (a.status !== 200 || b.status !== 200 || !isDeepStrictEqual(JSON.parse(a.body), JSON.parse(b.body))) {
        throw new Error(`${c.label}: the app and the peer disagree\napp  ${a.status} ${a.body.slice(0, 400)}\npeer ${b.status} ${b.body.slice(0, 400)}`);
      }
    }

    type Figures = { latency: number[]; perSecond: number[]; cpu: number[] };
    const figures = new Map<string, Figures>();
    const slot = (label: string, kind: Kind) => {
      const key = `${label}|${kind}`;
      if (!figures.has(key)) figures.set(key, { latency: [], perSecond: [], cpu: [] });
      return figures.get(key)!;
    };
    console.log(
      `${ROUNDS} interleaved rounds; each: ${REQUESTS} sequential requests (after 30 warm-up), then ${CLIENTS} clients for ${SECONDS} s, per server and case.`,
    );
    for (let round = 0; round < ROUNDS; round++) {
      const order: Kind[] = round % 2 === 0 ? ['peer', 'app'] : ['app', 'peer'];
      for (const c of cases) {
        for (const kind of order) {
          const f = slot(c.label, kind);
          f.latency.push(...(await sequential(servers[kind].url + c.path, token, REQUESTS)));
          const load = await concurrent(servers[kind], servers[kind].url + c.path, token);
          f.perSecond.push(load.perSecond);
          f.cpu.push(load.cpuPerRequestMs);
        }
      }
      process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
    }

    const median = (xs: number[]) => stats(xs).median;
    const rows: string[][] = [];
    for (const c of cases) {
      const p = slot(c.label, 'peer');
      const a = slot(c.label, 'app');
      const [ps, as] = [stats(p.latency), stats(a.latency)];
      const [pr, ar] = [median(p.perSecond), median(a.perSecond)];
      const [pc, ac] = [median(p.cpu), median(a.cpu)];
      rows.push([
        c.label,
        `${ps.median.toFixed(2)} / ${as.median.toFixed(2)}`,
        `×${(as.median / ps.median).toFixed(2)}`,
        `${ps.p95.toFixed(2)} / ${as.p95.toFixed(2)}`,
        `×${(as.p95 / ps.p95).toFixed(2)}`,
        `${pr.toFixed(0)} / ${ar.toFixed(0)}`,
        `×${(ar / pr).toFixed(2)}`,
        `${pc.toFixed(3)} / ${ac.toFixed(3)}`,
        `×${(ac / pc).toFixed(2)}`,
      ]);
    }
    const header = ['case (peer / app)', 'p50 ms', 'ratio', 'p95 ms', 'ratio', `req/s @${CLIENTS}`, 'ratio', 'CPU ms/req', 'ratio'];
    const body = rows;
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    console.log('\n' + fmt(header));
    for (const r of body) console.log(fmt(r));
    console.log(`\nratio = app / peer. Targets: p50 ≤ ×1.2, req/s ≥ ×0.9, CPU per request ≤ ×1.2. The app: the local runtime without Vite`);
    console.log(`(NODE_ENV=${process.env.NODE_ENV ?? 'production'}); the peer: node:http + pg + jose, one prepared statement per request.`);
  } finally {
    await pool.end();
    for (const s of Object.values(servers)) s.child.kill('SIGINT');
  }
}

if (process.argv[2] === 'serve') {
  const kind = process.argv[3] as Kind;
  const url = await (kind === 'peer' ? servePeer() : serveApp());
  process.on('message', (m) => m === 'cpu' && process.send!({ cpu: process.cpuUsage() }));
  // SIGINT lets --cpu-prof write its profile before the process ends.
  process.on('SIGINT', () => process.exit(0));
  process.send!({ url });
} else {
  await main();
}
