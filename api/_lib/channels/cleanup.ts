// What the daily job deletes for channels: OAuth connect states a day past their expiry or their use (a state
// lives 10 minutes; the day keeps a late or replayed callback answered "used" or "expired" rather than "unknown").
import { isNotNull, lt, or, and, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { oauthStates } from '../../../db/schema/channels.js';

export async function purgeOAuthStates(db: Db): Promise<number> {
  const dayAgo = sql`now() - interval '1 day'`;
  const deleted = await db
    .delete(oauthStates)
    .where(or(lt(oauthStates.expiresAt, dayAgo), and(isNotNull(oauthStates.usedAt), lt(oauthStates.usedAt, dayAgo))))
    .returning({ stateHash: oauthStates.stateHash });
  return deleted.length;
}
