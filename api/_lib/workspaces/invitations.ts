// Pending invitations become memberships when their email registers, in the registration's transaction.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { invitations, memberships } from '../../../db/schema/identity.js';
import { recordActivity } from '../activity/record.js';
import { memberUpdated } from './events.js';
import { toMember } from './members.js';
import type { DomainEvent } from '../events/outbox.js';

/** Returns the `member.updated` events for the caller to record in its transaction. */
export async function acceptInvitations(tx: Tx, user: { id: string; email: string; name: string }): Promise<DomainEvent[]> {
  const pending = await tx
    .delete(invitations)
    .where(sql`lower(${invitations.email}) = ${user.email.toLowerCase()}`)
    .returning({ workspaceId: invitations.workspaceId, role: invitations.role, invitedBy: invitations.invitedBy });
  if (pending.length === 0) return [];
  const joined = await tx
    .insert(memberships)
    .values(pending.map((p) => ({ workspaceId: p.workspaceId, userId: user.id, role: p.role })))
    .onConflictDoNothing()
    .returning({ workspaceId: memberships.workspaceId, role: memberships.role, createdAt: memberships.createdAt });
  await recordActivity(
    tx,
    ...pending.map((p) => ({
      workspaceId: p.workspaceId,
      actorId: user.id,
      action: 'member.joined' as const,
      subjectId: user.id,
      metadata: { name: user.name, email: user.email, role: p.role, invitedBy: p.invitedBy },
    })),
  );
  return joined.map((m) => memberUpdated(m.workspaceId, toMember({ ...m, userId: user.id, invitationId: null, email: user.email, name: user.name })));
}
