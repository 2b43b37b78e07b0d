// `npm run services` as `vercel dev` uses it: one process serves the embedded database (and the Pusher
// server), and separate function processes work on it concurrently through node-postgres, as the local
// runtime does.
import { fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { client } from '../tests/support/http.js';
import { createWorkspace, signUp, uniqueEmail } from '../tests/support/users.js';
import { PGlite } from '@electric-sql/pglite';
import { servePglite } from './services-postgres.js';
import { ENV_FILE_HEADER, findRunningServices, startServices, writeEnvFile, type Services } from './services.js';

let dir: string;
let env: NodeJS.ProcessEnv;
let services: Services;
const functions: { child: ChildProcess; url: string }[] = [];

/** Starts dev/services-test-function.ts in a process of its own and waits for its URL. */
function startFunctionProcess(vars: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(import.meta.dirname, 'services-test-function.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...vars, JWT_SECRET: 'services-test-secret-at-least-32-characters' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /ready (http:\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`function process exited with ${code}: ${out}`)));
  });
}

function bump(child: ChildProcess, times: number, parallel: number): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: { done?: true; error?: string }) => (m.done ? resolve() : reject(new Error(m.error))));
    child.send({ bump: times, parallel });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-services-'));
  const template = inject('dbTemplate');
  // The API suite may run on Postgres, where the template is a database name: then PGlite migrates afresh.
  if (existsSync(template)) cpSync(template, path.join(dir, 'pglite'), { recursive: true });
  env = { DATABASE_URL: `file:${path.join(dir, 'pglite')}` };
  services = await startServices({ env, ports: 'ephemeral', envFile: path.join(dir, '.env.local'), lock: true });
  const admin = new pg.Client({ connectionString: services.env.DATABASE_URL });
  await admin.connect();
  await admin.query('create table services_test_counter (id int primary key, n int not null); insert into services_test_counter values (1, 0)');
  await admin.end();
  functions.push(...(await Promise.all([startFunctionProcess(services.env), startFunctionProcess(services.env)])));
}, 120_000);

afterAll(async () => {
  await Promise.all(functions.map(({ child }) => new Promise((resolve) => (child.once('exit', resolve), child.disconnect()))));
  await services?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run services', () => {
  it('writes the variables that reach the stand-ins to .env.local', () => {
    const written = readFileSync(path.join(dir, '.env.local'), 'utf8');
    expect(written.startsWith(ENV_FILE_HEADER)).toBe(true);
    expect(services.env.DATABASE_URL).toMatch(/^postgres:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/);
    for (const key of ['DATABASE_URL', 'PUSHER_APP_ID', 'PUSHER_KEY', 'PUSHER_SECRET', 'PUSHER_HOST', 'PUSHER_PORT', 'SMTP_URL', 'DEV_MAIL_URL']) {
      expect(written).toContain(`\n${key}=${services.env[key]}\n`);
    }
    // For `vercel dev`, whose functions run with VERCEL_ENV=development and so need a JWT_SECRET.
    expect(written).toMatch(/\nJWT_SECRET=\S{32,}\n/);
  });

  it('leaves an .env.local it did not write alone', () => {
    const file = path.join(dir, 'foreign.env');
    writeFileSync(file, 'DATABASE_URL=postgres://someone@else/db\n');
    expect(writeEnvFile(file, services.env)).toBe('kept');
    expect(readFileSync(file, 'utf8')).toBe('DATABASE_URL=postgres://someone@else/db\n');
  });

  it('never lets a second start open the same PGlite folder, and tells others where it is served', async () => {
    await expect(startServices({ env, ports: 'ephemeral', envFile: null, lock: true })).rejects.toThrow(/already serves this database/);
    expect(await findRunningServices(env)).toEqual({ pid: process.pid, env: services.env });
  });

  it('serves two function processes writing concurrently without losing or interleaving a transaction', async () => {
    const [a, b] = functions;
    const emails = [uniqueEmail('concurrent'), uniqueEmail('concurrent')];
    await Promise.all([bump(a!.child, 40, 8), bump(b!.child, 40, 8), ...emails.map((email, i) => signUp(client((i % 2 ? a : b)!.url), { email }))]);
    const check = new pg.Client({ connectionString: services.env.DATABASE_URL });
    await check.connect();
    const counter = await check.query('select n from services_test_counter where id = 1');
    const users = await check.query('select count(*)::int as count from users where email = any($1)', [emails]);
    await check.end();
    expect(counter.rows[0].n).toBe(80); // a lost update (two transactions interleaved) would leave less
    expect(users.rows[0].count).toBe(emails.length);
  });

  it('answers real API calls from one function process that the other sees', async () => {
    const [a, b] = functions;
    const owner = await signUp(client(a!.url));
    const workspace = await createWorkspace(client(a!.url), owner.token, 'Served Roasters');
    const list = await client(b!.url).get('/api/workspaces', { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([expect.objectContaining({ id: workspace.id, name: 'Served Roasters', role: 'owner' })]);
  });
});

// Wire-protocol messages, for a client that pauses where node-postgres would not.
const message = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const cstring = (text: string) => Buffer.from(`${text}\0`);
const startup = () => {
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), cstring('user'), cstring('postgres'), cstring('database'), cstring('postgres'), Buffer.from([0])]);
  const head = Buffer.alloc(4);
  head.writeInt32BE(body.length + 4);
  return Buffer.concat([head, body]);
};
const parse = (sql: string) => message('P', Buffer.concat([cstring(''), cstring(sql), Buffer.from([0, 0])]));
const bindExecuteSync = () =>
  Buffer.concat([
    message('B', Buffer.concat([cstring(''), cstring(''), Buffer.alloc(6)])),
    message('E', Buffer.concat([cstring(''), Buffer.alloc(4)])),
    message('S', Buffer.alloc(0)),
  ]);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rawClient(url: string) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  return { socket, text: () => received.toString('latin1') };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await pause(10);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('the served database', () => {
  it("runs a client's Parse … Sync as one turn, even when it arrives in several writes", async () => {
    const a = rawClient(services.env.DATABASE_URL!);
    const b = rawClient(services.env.DATABASE_URL!);
    a.socket.write(startup());
    b.socket.write(startup());
    await until(() => a.text().includes('Z\0\0\0\x05I') && b.text().includes('Z\0\0\0\x05I'), 'both start-ups');
    a.socket.write(parse("select 'answer for A' as v"));
    await pause(30);
    b.socket.write(Buffer.concat([parse("select 'answer for B' as v"), bindExecuteSync()]));
    await pause(30);
    a.socket.write(bindExecuteSync());
    await until(() => a.text().includes('answer for') && b.text().includes('answer for'), 'both answers');
    a.socket.destroy();
    b.socket.destroy();
    // Per-message queueing would run B's Parse between A's Parse and Bind, and A would get B's answer.
    expect(a.text()).toContain('answer for A');
    expect(a.text()).not.toContain('answer for B');
    expect(b.text()).toContain('answer for B');
  });

  it("keeps each connection's prepared statements apart and drops them when it disconnects", async () => {
    const a = new pg.Client({ connectionString: services.env.DATABASE_URL });
    const b = new pg.Client({ connectionString: services.env.DATABASE_URL });
    await Promise.all([a.connect(), b.connect()]);
    expect((await a.query({ name: 'same_name', text: 'select $1::int as v', values: [1] })).rows).toEqual([{ v: 1 }]);
    expect((await b.query({ name: 'same_name', text: 'select $1::int * 10 as v', values: [2] })).rows).toEqual([{ v: 20 }]);
    expect((await a.query({ name: 'same_name', text: 'select $1::int as v', values: [3] })).rows).toEqual([{ v: 3 }]);
    await a.end();
    await pause(50);
    const left = await b.query("select count(*)::int as n from pg_prepared_statements where name like '%same_name'");
    await b.end();
    expect(left.rows[0].n).toBe(1);
  });

  it('rolls back the open transaction of a client that went away, and the others go on', async () => {
    const quitter = new pg.Client({ connectionString: services.env.DATABASE_URL });
    quitter.on('error', () => {});
    await quitter.connect();
    await quitter.query('begin');
    await quitter.query('update services_test_counter set n = -1 where id = 1');
    const other = new pg.Client({ connectionString: services.env.DATABASE_URL });
    await other.connect();
    const waiting = other.query('select n from services_test_counter where id = 1'); // waits for the open transaction
    await pause(50);
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await waiting;
    await other.end();
    expect(rows[0].n).not.toBe(-1);
  });

  it('says so when one connection holds the database while others wait', async () => {
    const own = path.join(dir, 'own-pglite');
    const template = inject('dbTemplate');
    const db = existsSync(template) ? (cpSync(template, own, { recursive: true }), new PGlite(own)) : new PGlite();
    const warnings: string[] = [];
    const server = await servePglite(db, { holdWarningMs: 100, log: (m) => warnings.push(m) });
    const holder = new pg.Client({ connectionString: server.url });
    const waiter = new pg.Client({ connectionString: server.url });
    await Promise.all([holder.connect(), waiter.connect()]);
    await holder.query('begin');
    const waited = waiter.query('select 1');
    await pause(300);
    expect(warnings.join('\n')).toMatch(/held the database for \d+ s .* while 1 wait/);
    await holder.query('commit');
    await waited;
    await Promise.all([holder.end(), waiter.end()]);
    await server.close();
    await db.close();
  });
});
