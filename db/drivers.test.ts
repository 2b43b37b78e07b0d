// db/client.ts against real servers: DATABASE_URL parsing, node-postgres against the machine's Postgres, and
// Neon's serverless driver against the same Postgres through a WebSocket-to-TCP bridge. Nothing here skips:
// when Postgres is not reachable these tests fail (start it with the command in FACTS.md).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNeonBridge, type NeonBridge } from '../tests/support/neon-bridge.js';
import { adminUrl } from '../tests/support/postgres.js';
import {
  DatabaseConfigError,
  DEFAULT_PGLITE_DIR,
  isConnectionError,
  MIGRATIONS_DIR,
  openDatabase,
  parseDatabaseUrl,
  type Database,
  type DatabaseTarget,
} from './client.js';

const BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_URL = adminUrl(BASE_URL);

describe('parseDatabaseUrl', () => {
  it('uses the embedded PGlite in .data/pglite when DATABASE_URL is unset or blank', () => {
    for (const value of [undefined, '', '   ']) {
      expect(parseDatabaseUrl(value)).toEqual({ kind: 'pglite', dataDir: DEFAULT_PGLITE_DIR });
    }
    expect(DEFAULT_PGLITE_DIR).toBe(path.resolve('.data/pglite'));
  });

  it('opens PGlite in memory for memory:// and in a folder for file:', () => {
    expect(parseDatabaseUrl('memory://')).toEqual({ kind: 'pglite', dataDir: null });
    expect(parseDatabaseUrl('file:./x')).toEqual({ kind: 'pglite', dataDir: path.resolve('x') });
    expect(parseDatabaseUrl('file:///tmp/sb-data')).toEqual({ kind: 'pglite', dataDir: '/tmp/sb-data' });
  });

  it('picks node-postgres for postgres:// and postgresql:// URLs', () => {
    for (const url of [
      'postgres://app:secret@db.example.com:5432/app',
      'postgresql://postgres@127.0.0.1/test',
      'postgres://u@notneon.tech/db',
      'postgres://u@x.neon.tech.example.com/db',
    ]) {
      expect(parseDatabaseUrl(url), url).toEqual({ kind: 'postgres', url });
    }
  });

  it('picks the Neon serverless driver for a *.neon.tech host', () => {
    const url = 'postgres://app:secret@ep-quiet-tree-123456.eu-central-1.aws.neon.tech/neondb?sslmode=require';
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'neon', url });
  });

  it('rejects other schemes and non-URLs with an error that names DATABASE_URL', () => {
    for (const value of ['mysql://x', 'not a url', 'postgres://']) {
      expect(() => parseDatabaseUrl(value), value).toThrow(DatabaseConfigError);
      expect(() => parseDatabaseUrl(value), value).toThrow(/DATABASE_URL/);
    }
  });
});

function migrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

const countRows = async (database: Database) =>
  Number(((await database.db.execute(sql`select count(*)::int as n from scratch`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

/** The same proofs for every server driver: migrations, committed and rolled-back transactions. */
function driverSuite(kind: 'postgres' | 'neon') {
  let admin: pg.Client;
  let bridge: NeonBridge | undefined;
  let database: Database;
  const name = `switchboard_drivers_${kind}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const url = new URL(BASE_URL);
    url.pathname = `/${name}`;
    if (kind === 'neon') {
      bridge = await startNeonBridge({ host: url.hostname, port: Number(url.port || 5432) });
      const port = bridge.port;
      database = await openDatabase({ kind: 'neon', url: url.toString() }, { migrate: true, neonWsProxy: () => `127.0.0.1:${port}/` });
    } else {
      database = await openDatabase({ kind: 'postgres', url: url.toString() }, { migrate: true });
    }
    await database.db.execute(sql`create table scratch (id int primary key, note text not null)`);
  });

  afterAll(async () => {
    await database?.close();
    await bridge?.close();
    if (admin) {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('applies every migration on open', async () => {
    await database.ping();
    const applied = (await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)) as unknown as { rows: { n: number }[] };
    expect(applied.rows[0]!.n).toBe(migrationCount());
    const tables = (await database.db.execute(
      sql`select to_regclass('public.users')::text as users, to_regclass('public.memberships')::text as memberships`,
    )) as unknown as {
      rows: { users: string | null; memberships: string | null }[];
    };
    expect(tables.rows[0]).toEqual({ users: 'users', memberships: 'memberships' });
  });

  it('keeps the writes of a transaction that commits, isolated from other connections until then', async () => {
    let seenOutside = -1;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into scratch (id, note) values (1, 'kept'), (2, 'kept too')`);
      seenOutside = await countRows(database); // another pooled connection: must not see uncommitted rows
    });
    expect(seenOutside).toBe(0);
    expect(await countRows(database)).toBe(2);
  });

  it('rolls back every write of a transaction that throws', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into scratch (id, note) values (3, 'lost')`);
        await tx.execute(sql`update scratch set note = 'changed' where id = 1`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await countRows(database)).toBe(2);
    const note = (await database.db.execute(sql`select note from scratch where id = 1`)) as unknown as { rows: { note: string }[] };
    expect(note.rows[0]!.note).toBe('kept');
  });

  it('rolls back a transaction that fails on a constraint and stays usable', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into scratch (id, note) values (4, 'lost')`);
        await tx.execute(sql`insert into scratch (id, note) values (1, 'duplicate key')`);
      }),
    ).rejects.toThrow();
    expect(await countRows(database)).toBe(2);
  });
}

describe("node-postgres against the machine's Postgres", () => driverSuite('postgres'));
describe('Neon serverless driver through a ws-to-TCP bridge', () => driverSuite('neon'));

describe('isConnectionError (the API answers 503 unavailable when it is true)', () => {
  async function failure(target: DatabaseTarget, options = {}): Promise<unknown> {
    const database = await openDatabase(target, { migrate: false, ...options });
    try {
      await database.ping();
    } catch (err) {
      return err;
    } finally {
      await database.close().catch(() => {});
    }
    throw new Error(`expected ${target.kind} to fail to connect`);
  }

  it('is true when node-postgres cannot reach the server', async () => {
    const err = await failure({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/test' });
    expect(isConnectionError(err)).toBe(true);
  });

  it('is true when the Neon driver cannot reach its WebSocket endpoint', async () => {
    const err = await failure({ kind: 'neon', url: 'postgres://postgres@127.0.0.1:5432/test' }, { neonWsProxy: () => '127.0.0.1:1/' });
    expect(isConnectionError(err)).toBe(true);
  });

  it('is true when the database does not exist, and false for a wrong query', async () => {
    const url = new URL(BASE_URL);
    url.pathname = '/switchboard_no_such_database';
    expect(isConnectionError(await failure({ kind: 'postgres', url: url.toString() }))).toBe(true);

    const database = await openDatabase({ kind: 'postgres', url: BASE_URL }, { migrate: false });
    try {
      const err = await database.db.execute(sql`select * from no_such_table`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      expect(isConnectionError(err)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
