// The rate limiter: fixed windows counted in Postgres (table rate_limits), so a limit holds across every
// serverless instance. One statement records the attempt and returns the window's count for every limit it
// touches, so concurrent attempts cannot all pass a check made before they were recorded. Keys (addresses,
// emails) are stored as SHA-256 hashes.
import { createHash } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { RateLimit } from '../../../contracts/endpoint.js';
import type { Db, Tx } from '../../../db/client.js';
import { rateLimits } from '../../../db/schema/identity.js';
import { ApiError } from './errors.js';

export interface Counted extends RateLimit {
  /** What is limited, e.g. `login:email`. */
  bucket: string;
  /** Whom it is counted for, e.g. the email or the client address. */
  key: string;
}

export const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url');

export function rateLimited(retryAfter: number, message = 'Too many attempts; try again later'): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfter));
  return new ApiError(429, 'rate_limited', `${message} (in ${seconds} s)`, undefined, { 'Retry-After': String(seconds) });
}

/**
 * Records one attempt against every limit and throws 429 when any is now over, with `Retry-After` the wait
 * until the latest of the exceeded windows ends. One round trip.
 */
export async function consume(db: Db | Tx, limits: Counted[]): Promise<void> {
  if (limits.length === 0) return;
  const windowOf = (seconds: number, offset: 0 | 1) =>
    sql`to_timestamp((floor(extract(epoch from now()) / ${seconds}::int) + ${offset}::int) * ${seconds}::int)`;
  const rows = await db
    .insert(rateLimits)
    .values(limits.map((l) => ({ bucket: l.bucket, key: hashKey(l.key), windowStart: windowOf(l.windowSeconds, 0), expiresAt: windowOf(l.windowSeconds, 1) })))
    .onConflictDoUpdate({ target: [rateLimits.bucket, rateLimits.key, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + 1` } })
    .returning({
      bucket: rateLimits.bucket,
      hits: rateLimits.hits,
      wait: sql<number>`extract(epoch from ${rateLimits.expiresAt} - now())::float8`.mapWith(Number),
    });
  let wait = 0;
  for (const row of rows) {
    const limit = limits.find((l) => l.bucket === row.bucket);
    if (limit && row.hits > limit.limit) wait = Math.max(wait, row.wait);
  }
  if (wait > 0) throw rateLimited(wait);
}

/** Forgets the counts of these limits (e.g. a successful sign-in clears its email's failures). */
export async function forget(db: Db | Tx, limits: Pick<Counted, 'bucket' | 'key'>[]): Promise<void> {
  if (limits.length === 0) return;
  await db.delete(rateLimits).where(or(...limits.map((l) => and(eq(rateLimits.bucket, l.bucket), eq(rateLimits.key, hashKey(l.key))))));
}

/** Deletes ended windows (the daily job). */
export async function purgeRateLimits(db: Db): Promise<number> {
  const deleted = await db
    .delete(rateLimits)
    .where(lt(rateLimits.expiresAt, sql`now()`))
    .returning({ bucket: rateLimits.bucket });
  return deleted.length;
}
