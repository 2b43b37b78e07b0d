// What the daily job deletes from the identity tables: ended sessions (their refresh tokens go by cascade),
// used or expired single-use links, answered or long-expired invitations, and ended rate-limit windows.
// Answered and expired invitations are kept 30 days, so an old link still says what happened to it.
import { and, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { accountTokens, invitations, sessions } from '../../../db/schema/identity.js';
import { purgeRateLimits } from '../http/rate-limit.js';

const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

export async function purgeExpiredAccountData(db: Db) {
  const ended = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, sql`now()`), lt(sessions.revokedAt, daysAgo(30))))
    .returning({ id: sessions.id });
  const tokens = await db
    .delete(accountTokens)
    .where(or(lt(accountTokens.expiresAt, daysAgo(1)), and(isNotNull(accountTokens.usedAt), lt(accountTokens.usedAt, daysAgo(1)))))
    .returning({ hash: accountTokens.tokenHash });
  const answered = await db
    .delete(invitations)
    .where(or(and(ne(invitations.status, 'pending'), lt(invitations.respondedAt, daysAgo(30))), lt(invitations.expiresAt, daysAgo(30))))
    .returning({ id: invitations.id });
  return { sessions: ended.length, accountTokens: tokens.length, invitations: answered.length, rateLimits: await purgeRateLimits(db) };
}
