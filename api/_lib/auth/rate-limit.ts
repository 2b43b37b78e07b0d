// Failed sign-ins are counted in Postgres, per email and per client address, so the limit holds across
// every serverless instance. A successful sign-in clears the email's count.
import { and, gt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { loginAttempts } from '../../../db/schema/identity.js';
import { ApiError } from '../http/errors.js';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

const validIp = (ip: string | null) => (ip && /^[0-9a-f.:]+$/i.test(ip) ? ip : null);

export async function assertLoginAllowed(db: Db, email: string, ip: string | null): Promise<void> {
  const addr = validIp(ip);
  const windowStart = sql`now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})`;
  const byEmail = sql`lower(${loginAttempts.email}) = ${email}`;
  const byIp = addr ? sql`${loginAttempts.ip} = ${addr}::inet` : sql`false`;
  const [row] = await db
    .select({
      emailCount: sql<number>`count(*) filter (where ${byEmail})`.mapWith(Number),
      emailRetry: sql<number>`ceil(extract(epoch from (min(${loginAttempts.createdAt}) filter (where ${byEmail}) - ${windowStart})))`.mapWith(Number),
      ipCount: sql<number>`count(*) filter (where ${byIp})`.mapWith(Number),
      ipRetry: sql<number>`ceil(extract(epoch from (min(${loginAttempts.createdAt}) filter (where ${byIp}) - ${windowStart})))`.mapWith(Number),
    })
    .from(loginAttempts)
    .where(and(gt(loginAttempts.createdAt, windowStart), or(byEmail, byIp)));
  const retries: number[] = [];
  if (row && row.emailCount >= MAX_FAILURES_PER_EMAIL) retries.push(row.emailRetry);
  if (row && row.ipCount >= MAX_FAILURES_PER_IP) retries.push(row.ipRetry);
  if (retries.length > 0) {
    const retryAfter = Math.max(1, ...retries.map((r) => (Number.isFinite(r) ? r : LOGIN_WINDOW_SECONDS)));
    throw new ApiError(429, 'rate_limited', 'Too many failed sign-in attempts; try again later', undefined, { 'Retry-After': String(retryAfter) });
  }
}

export async function recordLoginFailure(db: Db, email: string, ip: string | null): Promise<void> {
  await db.insert(loginAttempts).values({ email, ip: validIp(ip) });
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.delete(loginAttempts).where(sql`lower(${loginAttempts.email}) = ${email}`);
}
