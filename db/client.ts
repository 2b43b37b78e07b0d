// Opens the database named by DATABASE_URL with the matching driver and gives every caller one drizzle type:
//   unset      → embedded PGlite in .data/pglite (migrated and seeded on first open)
//   memory://  → PGlite in memory (migrated; for tests and throwaway runs)
//   *.neon.tech → Neon's serverless Pool over WebSocket (interactive transactions)
//   postgres:// → node-postgres Pool
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { schema } from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type DatabaseTarget = { kind: 'pglite'; dataDir: string | null } | { kind: 'neon'; url: string } | { kind: 'postgres'; url: string };

export const DEFAULT_PGLITE_DIR = path.resolve('.data/pglite');
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, 'migrations');

export class DatabaseConfigError extends Error {}

/** Validates DATABASE_URL and names the variable when it is wrong. */
export function parseDatabaseUrl(raw: string | undefined): DatabaseTarget {
  const value = raw?.trim();
  if (!value) return { kind: 'pglite', dataDir: DEFAULT_PGLITE_DIR };
  if (value === 'memory://') return { kind: 'pglite', dataDir: null };
  if (value.startsWith('file:')) return { kind: 'pglite', dataDir: path.resolve(value.slice('file:'.length).replace(/^\/\//, '')) };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatabaseConfigError(
      'DATABASE_URL is not a valid URL. Use postgres://user:pass@host:5432/db, memory://, file:./path, or leave it unset for the embedded database.',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseConfigError(`DATABASE_URL has an unsupported scheme "${url.protocol}" (expected postgres:// or postgresql://).`);
  }
  if (!url.hostname) throw new DatabaseConfigError('DATABASE_URL has no host name.');
  if (url.hostname.endsWith('.neon.tech')) return { kind: 'neon', url: value };
  return { kind: 'postgres', url: value };
}

export interface Database {
  db: Db;
  target: DatabaseTarget;
  /** Runs `select 1`; throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply migrations on open (the embedded default does; deployed databases migrate at build time). */
  migrate?: boolean;
  /** Neon only: override the WebSocket proxy (tests reach a local Postgres through a ws bridge). */
  neonWsProxy?: (host: string, port: number | string) => string;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  const migrate = options.migrate ?? target.kind === 'pglite';
  if (target.kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    if (target.dataDir) mkdirSync(path.dirname(target.dataDir), { recursive: true });
    // pg_trgm backs the inbox search indexes (migration 0001 creates the extension).
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const client = target.dataDir ? new PGlite(target.dataDir, { extensions: { pg_trgm } }) : new PGlite({ extensions: { pg_trgm } });
    await client.waitReady;
    const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
    if (migrate) {
      const { migrate: run } = await import('drizzle-orm/pglite/migrator');
      await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
    }
    return { db, target, ping: async () => void (await client.query('select 1')), close: () => client.close() };
  }
  if (target.kind === 'neon') {
    const { Pool, neonConfig } = await import('@neondatabase/serverless');
    const { drizzle } = await import('drizzle-orm/neon-serverless');
    const { default: ws } = await import('ws');
    neonConfig.webSocketConstructor = ws;
    if (options.neonWsProxy) {
      neonConfig.wsProxy = options.neonWsProxy;
      neonConfig.useSecureWebSocket = false;
      neonConfig.pipelineConnect = false;
      neonConfig.pipelineTLS = false;
    }
    const pool = new Pool({ connectionString: target.url });
    pool.on('error', (err: Error) => console.error('[db] idle client error:', err.message));
    const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
    if (migrate) {
      const { migrate: run } = await import('drizzle-orm/neon-serverless/migrator');
      await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
    }
    return { db, target, ping: async () => void (await pool.query('select 1')), close: () => pool.end() };
  }
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5_000 });
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  if (migrate) {
    const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
    await run(db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
  return { db, target, ping: async () => void (await pool.query('select 1')), close: () => pool.end() };
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '3D000',
  '28P01',
]);

/** The errors in an error's cause chain (drizzle wraps driver errors), outermost first. */
function* causes(err: unknown): Generator<{ code?: unknown; message?: unknown }> {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    yield e as { code?: unknown; message?: unknown };
    e = (e as { cause?: unknown }).cause;
  }
}

/** True when an error means "the database cannot be reached" rather than "this query is wrong". */
export function isConnectionError(err: unknown): boolean {
  for (const { code, message } of causes(err)) {
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
    if (typeof message === 'string' && /connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|PGlite is closed/i.test(message))
      return true;
  }
  return false;
}

/** The rows of a raw SQL statement, on every driver (each answers `{ rows }`). */
export async function rowsOf<R>(db: Db | Tx, query: SQL): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

/** A unique constraint refused the write (SQLSTATE 23505), anywhere in the cause chain. */
export function isUniqueViolation(err: unknown): boolean {
  for (const { code } of causes(err)) if (code === '23505') return true;
  return false;
}

/** A foreign key refused the write (23503, or 23001 for ON DELETE RESTRICT): a row others still reference. */
export function isForeignKeyViolation(err: unknown): boolean {
  for (const { code } of causes(err)) if (code === '23503' || code === '23001') return true;
  return false;
}

/** The SQLSTATE of a Postgres data exception (class 22: a value the database cannot take), or null. */

export function dataExceptionCode(err: unknown): string | null {
  for (const { code } of causes(err)) if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return code;
  return null;
}

/**
 * An unexpected error as it may be logged: a failed query's driver error (message, code, stack) without the
 * statement and parameters the request made.
 */
export function withoutQuery(err: unknown): unknown {
  const e = err as { query?: unknown; params?: unknown; cause?: unknown; name?: string } | null;
  if (!e || typeof e !== 'object' || !('query' in e)) return err;
  const cause = e.cause as { message?: string; code?: string; stack?: string } | undefined;
  const clean = new Error(`query failed: ${cause?.message ?? 'unknown driver error'}${cause?.code ? ` (SQLSTATE ${cause.code})` : ''}`);
  clean.stack = `${clean.message}\n${(cause?.stack ?? '').split('\n').slice(1).join('\n')}`;
  return clean;
}
