// The limits on guessing a password or a second-factor code, in Postgres so they hold across instances:
// - a hard limit per (client address, email): one stranger cannot keep guessing (10 per 15 minutes);
// - a back-off per email, whatever the address: after 5 attempts that did not end in a sign-in, each attempt
//   must wait 2, 4, 8 … up to 60 seconds after the previous one. Strangers everywhere can make the real owner
//   wait a minute at most, never lock them out, and the account takes at most about 60 guesses an hour however
//   many addresses try.
// An attempt is counted when it is claimed, before the password is checked (a success clears the count), in the
// same statement that tests it: concurrent attempts queue on the row and cannot slip past together. An attempt
// refused by the per-address limit does not touch the owner's back-off.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { rateLimits } from '../../../db/schema/identity.js';
import { consume, forget, hashKey, rateLimited, type Counted } from '../http/rate-limit.js';

const BACKOFF_BUCKET = 'login:backoff';
/** Attempts allowed before the back-off starts. */
export const FREE_ATTEMPTS = 5;
export const MAX_BACKOFF_SECONDS = 60;
/** Attempts older than this are forgotten. */
const ATTEMPT_MEMORY = sql`interval '15 minutes'`;
const EPOCH = sql`to_timestamp(0)`;

const addressLimit = (email: string, ip: string | null): Counted => ({
  bucket: 'login:address-email',
  key: `${ip ?? 'unknown'}|${email}`,
  limit: 10,
  windowSeconds: 15 * 60,
});

/** Records a sign-in attempt for the email from the address; throws 429 (with the real wait) when it must wait. */
export async function claimSignInAttempt(db: Db, email: string, ip: string | null): Promise<void> {
  await consume(db, [addressLimit(email, ip)]);
  const key = hashKey(email);
  // The clock, not now(): now() is when a statement's transaction began, and an attempt that waited on a
  // concurrent one's row lock must compare against that one's time, which is later than its own start.
  // `expires_at` is when the next attempt may start. Claiming counts the attempt and moves it forward by the
  // back-off the count calls for; a row whose time has not come is left alone and nothing is returned.
  const attempts = sql`case when ${rateLimits.expiresAt} < clock_timestamp() - ${ATTEMPT_MEMORY} then 1 else ${rateLimits.hits} + 1 end`;
  const claimed = await db
    .insert(rateLimits)
    .values({ bucket: BACKOFF_BUCKET, key, windowStart: EPOCH, hits: 1, expiresAt: sql`clock_timestamp()` })
    .onConflictDoUpdate({
      target: [rateLimits.bucket, rateLimits.key, rateLimits.windowStart],
      set: {
        hits: attempts,
        expiresAt: sql`clock_timestamp() + make_interval(secs => case when ${attempts} >= ${FREE_ATTEMPTS} then least(${MAX_BACKOFF_SECONDS}, power(2, ${attempts} - ${FREE_ATTEMPTS - 1})) else 0 end)`,
      },
      setWhere: sql`${rateLimits.expiresAt} <= clock_timestamp()`,
    })
    .returning({ hits: rateLimits.hits });
  if (claimed.length > 0) return;
  const [waiting] = await db
    .select({ wait: sql<number>`extract(epoch from ${rateLimits.expiresAt} - clock_timestamp())::float8`.mapWith(Number) })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, BACKOFF_BUCKET), eq(rateLimits.key, key), gt(rateLimits.expiresAt, sql`clock_timestamp()`)));
  throw rateLimited(waiting?.wait ?? 1, 'Too many failed sign-in attempts for this account; try again');
}

/** A successful sign-in (or a password reset) clears the email's attempts and this address's count. */
export async function clearSignInFailures(db: Db, email: string, ip?: string | null): Promise<void> {
  await forget(db, [{ bucket: BACKOFF_BUCKET, key: email }, ...(ip !== undefined ? [addressLimit(email, ip)] : [])]);
}
