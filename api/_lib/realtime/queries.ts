// Reads of the realtime domain: whether a user may subscribe to a workspace's channels.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { memberships } from '../../../db/schema/identity.js';

export async function isMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  const [member] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .limit(1);
  return Boolean(member);
}
