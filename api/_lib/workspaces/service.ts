// Writes of the workspaces domain: creating, renaming and deleting a workspace, and managing its members
// and invitations. Each runs in one transaction with its activity row; the owner invariants (a workspace
// keeps at least one owner, only owners manage owners) are enforced here under row locks.
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { updateMemberBodySchema, updateWorkspaceBodySchema } from '../../../contracts/workspaces.js';
import { roleAtLeast, type Role } from '../../../contracts/roles.js';
import type { Tx } from '../../../db/client.js';
import { invitations, memberships, users, workspaces } from '../../../db/schema/identity.js';
import { recordActivity } from '../activity/record.js';
import { createDefaultDashboard } from '../dashboards/service.js';
import { conflict, forbidden, notFound } from '../http/errors.js';
import type { MemberContext, UserContext } from '../http/route.js';
import { unassignMemberConversations } from '../inbox/service.js';
import { withEvents } from '../events/outbox.js';
import { terminateConnectionsEvent } from '../events/sinks.js';
import { revokeInvitation } from '../invitations/service.js';
import { memberRemoved, memberUpdated } from './events.js';
import { toMember, type Member } from './members.js';
import { toWorkspace } from './queries.js';

type WorkspaceBody = z.output<typeof updateWorkspaceBodySchema>;
type RoleBody = z.output<typeof updateMemberBodySchema>;

async function activeMember(tx: Tx, workspaceId: string, userId: string) {
  const [row] = await tx
    .select({ userId: memberships.userId, role: memberships.role, createdAt: memberships.createdAt, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for('update', { of: memberships });
  return row;
}

/**
 * Serializes the member changes of one workspace: every role change and removal locks the workspace row first,
 * so concurrent demotions and departures queue in one order instead of deadlocking on each other's member
 * rows. `no key update` leaves inserts that reference the workspace (messages, conversations) unblocked.
 */
async function lockMembers(tx: Tx, workspaceId: string): Promise<void> {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for('no key update');
}

/** Counts the workspace's owners (under lockMembers), so two concurrent demotions cannot both pass. */
async function lockOwners(tx: Tx, workspaceId: string): Promise<number> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, 'owner')))
    .for('update');
  return owners.length;
}

function assertMayManageRole(ctx: MemberContext, from: Role, to: Role | null) {
  if ((from === 'owner' || to === 'owner') && ctx.role !== 'owner') throw forbidden('Only an owner can manage owners');
}

/** A new workspace with the caller as its owner. */
export async function createWorkspace(ctx: UserContext, body: WorkspaceBody) {
  const workspace = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(workspaces).values({ name: body.name }).returning();
    await tx.insert(memberships).values({ workspaceId: created!.id, userId: ctx.user.id, role: 'owner' });
    await createDefaultDashboard(tx, created!.id, ctx.user.id);
    await recordActivity(tx, {
      workspaceId: created!.id,
      actorId: ctx.user.id,
      action: 'workspace.created',
      subjectId: created!.id,
      metadata: { name: body.name },
    });
    return created!;
  });
  return toWorkspace(workspace, 'owner');
}

export async function renameWorkspace(ctx: MemberContext, body: WorkspaceBody) {
  const workspace = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId)).for('update');
    const [updated] = await tx
      .update(workspaces)
      .set({ name: body.name, updatedAt: sql`now()` })
      .where(eq(workspaces.id, ctx.workspaceId))
      .returning();
    if (before && before.name !== body.name) {
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: 'workspace.renamed',
        subjectId: ctx.workspaceId,
        metadata: { from: before.name, to: body.name },
      });
    }
    return updated!;
  });
  return toWorkspace(workspace, ctx.role);
}

/** Deletes the workspace and, by cascade, everything in it. */
export async function deleteWorkspace(ctx: MemberContext): Promise<void> {
  await ctx.db.delete(workspaces).where(eq(workspaces.id, ctx.workspaceId));
}

/** Changes a member's role, or a pending invitation's (addressed by the invitation id). */
export async function changeMemberRole(ctx: MemberContext, id: string, body: RoleBody): Promise<Member> {
  return withEvents(ctx, async (tx, emit) => {
    const changed = (member: Member) => {
      emit(memberUpdated(ctx.workspaceId, member));
      return member;
    };
    await lockMembers(tx, ctx.workspaceId);
    const member = await activeMember(tx, ctx.workspaceId, id);
    if (!member) {
      // Not a member: perhaps a pending invitation, addressed by its id.
      const [invitation] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.id, id), eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.status, 'pending')))
        .for('update');
      if (!invitation) throw notFound('Member');
      assertMayManageRole(ctx, invitation.role, body.role);
      if (invitation.role !== body.role) {
        await tx.update(invitations).set({ role: body.role }).where(eq(invitations.id, invitation.id));
        await recordActivity(tx, {
          workspaceId: ctx.workspaceId,
          actorId: ctx.user.id,
          action: 'member.invitation_role_changed',
          subjectId: invitation.id,
          metadata: { email: invitation.email, from: invitation.role, to: body.role },
        });
      }
      return changed(
        toMember({
          userId: null,
          invitationId: invitation.id,
          email: invitation.email,
          name: null,
          role: body.role,
          createdAt: invitation.createdAt,
          expiresAt: invitation.expiresAt,
        }),
      );
    }
    assertMayManageRole(ctx, member.role, body.role);
    if (member.role === body.role) return changed(toMember({ ...member, invitationId: null }));
    if (member.role === 'owner' && (await lockOwners(tx, ctx.workspaceId)) <= 1) {
      throw conflict('A workspace needs at least one owner; make someone else owner first');
    }
    await tx
      .update(memberships)
      .set({ role: body.role })
      .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, member.userId)));
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'member.role_changed',
      subjectId: member.userId,
      metadata: { name: member.name, from: member.role, to: body.role },
    });
    // Their browsers reconnect and are authorized again for what the new role allows.
    emit(terminateConnectionsEvent(member.userId));
    return changed(toMember({ ...member, role: body.role, invitationId: null }));
  });
}

/**
 * Removes a member (an admin's act) or leaves (the caller's own id), or revokes a pending invitation. The
 * inbox returns the member's conversations to the unassigned queue in the same transaction.
 */
export async function removeMember(ctx: MemberContext, id: string): Promise<void> {
  const leaving = id === ctx.user.id;
  if (!leaving && !roleAtLeast(ctx.role, 'admin')) throw forbidden('Only admins can remove members');
  await withEvents(ctx, async (tx, emit) => {
    await lockMembers(tx, ctx.workspaceId);
    const member = await activeMember(tx, ctx.workspaceId, id);
    if (!member) {
      const events = await revokeInvitation(tx, ctx, id);
      if (!events) throw notFound('Member');
      emit(...events);
      return;
    }
    if (!leaving) assertMayManageRole(ctx, member.role, null);
    if (member.role === 'owner' && (await lockOwners(tx, ctx.workspaceId)) <= 1) {
      throw conflict('The last owner cannot leave or be removed; make someone else owner first');
    }
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, member.userId)));
    await unassignMemberConversations(tx, ctx.workspaceId, member.userId);
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: leaving ? 'member.left' : 'member.removed',
      subjectId: member.userId,
      metadata: { name: member.name, email: member.email, role: member.role },
    });
    // The workspace's channels hear that the member is gone (their own browser too, which shows that access
    // ended), then their connections are dropped: re-authorizing refuses the workspace's channels.
    emit(memberRemoved(ctx.workspaceId, member.userId, member.userId), terminateConnectionsEvent(member.userId));
  });
}
