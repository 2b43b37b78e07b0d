// A member as the API shows it: an active membership or a pending invitation, one row shape for both.
import type { Role } from '../../../contracts/roles.js';
import { workspaceEvent, type DomainEvent } from '../events/outbox.js';

export type MemberRow = { userId: string | null; invitationId: string | null; email: string; name: string | null; role: Role; createdAt: Date };

export const toMember = (m: MemberRow) => ({
  id: m.userId ?? m.invitationId!,
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  status: m.userId ? ('active' as const) : ('invited' as const),
  createdAt: m.createdAt.toISOString(),
});
export type Member = ReturnType<typeof toMember>;

/** The `member.updated` event on the workspace's channel: its open browsers refetch the member list. */
export const memberUpdated = (workspaceId: string, member: Member): DomainEvent => workspaceEvent(workspaceId, 'member.updated', { member });
