// `npm run dev` (dev/main.ts) as a developer meets it: a wrong DATABASE_URL ends the start with one line that
// names the variable and the reason; a database of the developer's own is used as it is (never seeded with
// the demo accounts and their published password); the app listens on 127.0.0.1 unless HOST says otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../db/seed.js';
import { adminUrl } from '../tests/support/postgres.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const POSTGRES = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The environment of a shell that runs `npm run dev`: none of this test run's own settings. */
function devEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(NODE_ENV|DATABASE_URL|PORT|HOST|JWT_SECRET|PUSHER_.*|PGLITE_PORT|VERCEL.*|VITEST.*)$/.test(key)),
  );
  return { ...env, ...vars };
}

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script (dev/main.ts unless told) to its end: it is expected to stop by itself. */
function runToExit(vars: Record<string, string>, script: string[] = ['dev/main.ts']): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...script], { cwd: ROOT, env: devEnv(vars) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stop(): Promise<void>;
}

/** Starts dev/main.ts and waits for the URL it prints. */
function startDev(vars: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/main.ts'], { cwd: ROOT, env: devEnv(vars) });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm run dev did not start in 90 s:\n${stdout}\n${stderr}`));
    }, 90_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const url = /Switchboard is running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stdout: () => stdout, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm run dev exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

/** Whether something accepts TCP connections at host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(false));
  });
}

/** This machine's addresses other than 127.0.0.1 (link-local IPv6 needs a scope, so it is left out). */
function otherAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address)
    .filter((address) => address !== '127.0.0.1' && !address.toLowerCase().startsWith('fe80:'));
}

describe('npm run dev with a DATABASE_URL it cannot use', () => {
  it.each([
    ['malformed', 'not a url', /^DATABASE_URL is not a valid URL\b/],
    ['of another scheme', 'mysql://root@127.0.0.1:3306/app', /^DATABASE_URL has an unsupported scheme "mysql:"/],
    ['unreachable', 'postgres://postgres:hunter2-secret@127.0.0.1:1/switchboard', /^DATABASE_URL: cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED\)$/],
    [
      'naming a missing database',
      `${new URL('/switchboard_missing_db', POSTGRES)}`,
      /^DATABASE_URL: cannot connect to .+ \(database "switchboard_missing_db" does not exist\)$/,
    ],
  ])('prints one line naming the variable and the reason when it is %s, and exits 1', async (_, url, line) => {
    const run = await runToExit({ DATABASE_URL: url, PORT: '0' });
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('hunter2-secret');
    expect(run.stdout).not.toContain('Switchboard is running');
  });

  it('names JWT_SECRET and exits 1 when started as production without one', async () => {
    const run = await runToExit({ DATABASE_URL: 'memory://', PORT: '0', NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('JWT_SECRET: required when NODE_ENV=production');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('npm run dev with a database of your own', () => {
  const name = `switchboard_dev_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(`/${name}`, POSTGRES).toString();
  let admin: pg.Client;

  let migrated: Promise<void> | undefined;
  const migrate = () => (migrated ??= openDatabase({ kind: 'postgres', url }, { migrate: true }).then((database) => database.close()));
  const counts = async () => {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ users: number; workspaces: number }>(
        'select (select count(*) from users)::int as users, (select count(*) from workspaces)::int as workspaces',
      );
      return rows[0];
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl(POSTGRES) });
    await admin.connect();
    await admin.query(`create database "${name}"`);
  });
  afterAll(async () => {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it('says how to migrate a database without tables, in one line, and exits 1', async () => {
    const run = await runToExit({ DATABASE_URL: url, PORT: '0' });
    expect(run.code).toBe(1);
    const { hostname, port } = new URL(url);
    expect(run.stderr.trim()).toBe(
      `DATABASE_URL: ${hostname}:${port || 5432}/${name} has no Switchboard tables yet; apply the migrations with \`npm run db:migrate\``,
    );
  });

  it('seeds no demo data into it, says how to, and listens on 127.0.0.1 only', { timeout: 120_000 }, async () => {
    await migrate();
    const dev = await startDev({ DATABASE_URL: url, PORT: '0' });
    try {
      expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${dev.url}/api/health`);
      expect(health.status).toBe(200);
      expect((await fetch(`${dev.url}/`)).status).toBe(200);

      expect(await counts()).toEqual({ users: 0, workspaces: 0 });
      expect(dev.stdout()).toContain('`npm run db:seed -- --demo` adds it');
      expect(dev.stdout()).not.toContain(DEMO_PASSWORD);

      const port = Number(new URL(dev.url).port);
      expect(await accepts('127.0.0.1', port)).toBe(true);
      const others = otherAddresses();
      expect(others.length).toBeGreaterThan(0);
      for (const address of others) expect(await accepts(address, port), address).toBe(false);
    } finally {
      await dev.stop();
    }
  });

  it('listens where HOST says, and prints a URL that reaches it there', { timeout: 120_000 }, async () => {
    await migrate();
    const dev = await startDev({ DATABASE_URL: url, PORT: '0', HOST: '::1' });
    try {
      expect(dev.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await fetch(`${dev.url}/api/health`)).status).toBe(200);
      expect(await accepts('127.0.0.1', Number(new URL(dev.url).port))).toBe(false);
    } finally {
      await dev.stop();
    }
  });

  it('gets the demo workspace only when asked for it: npm run db:seed -- --demo', async () => {
    await migrate();
    const unasked = await runToExit({ DATABASE_URL: url }, ['db/seed-cli.ts']);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toContain('npm run db:seed -- --demo');
    expect(await counts()).toEqual({ users: 0, workspaces: 0 });

    const asked = await runToExit({ DATABASE_URL: url }, ['db/seed-cli.ts', '--demo']);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('[db:seed] demo data created');
    expect(await counts()).toEqual({ users: DEMO_USERS.length, workspaces: 1 });
  });
});
