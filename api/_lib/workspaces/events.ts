// What the workspaces domain publishes (through the outbox, api/_lib/events/outbox.ts) and listens to.
// Publishes: `member.updated` on the workspace's private channel, when a member is invited, changes role, or
// joins through an invitation, and `member.removed` when a row leaves the list, so open member lists refresh
// (and a removed member's browser learns at once that its access ended). Listens to: nothing yet; removing a
// member calls the inbox's unassignMemberConversations() in its own transaction instead of an event, because
// the unassigned queue must be right the moment the removal answers.
import { workspaceEvent, type DomainEvent } from '../events/outbox.js';
import type { Member } from './members.js';

export const memberUpdated = (workspaceId: string, member: Member): DomainEvent => workspaceEvent(workspaceId, 'member.updated', { member });

/** A row left the members list: a member (their user id) or an invitation (its id, userId null). */
export const memberRemoved = (workspaceId: string, id: string, userId: string | null): DomainEvent =>
  workspaceEvent(workspaceId, 'member.removed', { id, userId });
