// /api/workspaces: the caller's workspaces, their members and invitations, and the activity log.
import { and, desc, eq, sql, type AnyColumn } from 'drizzle-orm';
import { z } from 'zod';
import { roleAtLeast, type Role } from '../../../contracts/roles.js';
import type { Tx } from '../../../db/client.js';
import { activities } from '../../../db/schema/activity.js';
import { invitations, memberships, users, workspaces } from '../../../db/schema/identity.js';
import { conversations } from '../../../db/schema/inbox.js';
import { recordActivity } from '../activity/record.js';
import { activityQuerySchema, memberParamsSchema, updateMemberBodySchema, updateWorkspaceBodySchema } from '../../../contracts/identity.js';
import { addMemberBody } from '../auth/inputs.js';
import { conflict, forbidden, notFound } from '../http/errors.js';
import { listQuerySchema } from '../../../contracts/identity.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
import { route, type MemberContext } from '../http/route.js';
import { publishAfter } from '../realtime/publish.js';
import { memberUpdated, toMember, type Member } from './members.js';

const wid = z.uuid();
const workspaceParams = z.object({ wid });
const memberParams = memberParamsSchema;
const workspaceBody = updateWorkspaceBodySchema;
const roleBody = updateMemberBodySchema;
const activityQuery = activityQuerySchema;

/** Tells the workspace's open browsers that a member was added or changed role. */
function publishMember(ctx: MemberContext, member: Member) {
  publishAfter(ctx, [memberUpdated(ctx.workspaceId, member)]);
}

const toWorkspace = (w: { id: string; name: string; createdAt: Date }, role: Role) => ({
  id: w.id,
  name: w.name,
  role,
  createdAt: w.createdAt.toISOString(),
});

async function activeMember(tx: Tx, workspaceId: string, userId: string) {
  const [row] = await tx
    .select({ userId: memberships.userId, role: memberships.role, createdAt: memberships.createdAt, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for('update', { of: memberships });
  return row;
}

/** Locks the workspace's owner rows and counts them, so two concurrent demotions cannot both pass. */
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

export const workspaceRoutes = [
  route({
    method: 'GET',
    path: '/',
    access: 'user',
    query: listQuerySchema,
    async handle(ctx, { query }) {
      const cursor = decodeCursor(query.cursor);
      const rows = await ctx.db
        .select({ id: workspaces.id, name: workspaces.name, createdAt: workspaces.createdAt, role: memberships.role, cursorAt: cursorTimestamp(workspaces.createdAt) })
        .from(memberships)
        .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
        .where(and(eq(memberships.userId, ctx.user.id), afterCursor(workspaces.createdAt, workspaces.id, cursor)))
        .orderBy(desc(workspaces.createdAt), desc(workspaces.id))
        .limit(query.limit + 1);
      return page(rows, query.limit, (w) => toWorkspace(w, w.role));
    },
  }),

  route({
    method: 'POST',
    path: '/',
    access: 'user',
    body: workspaceBody,
    status: 201,
    async handle(ctx, { body }) {
      const workspace = await ctx.db.transaction(async (tx) => {
        const [created] = await tx.insert(workspaces).values({ name: body.name }).returning();
        await tx.insert(memberships).values({ workspaceId: created!.id, userId: ctx.user.id, role: 'owner' });
        await recordActivity(tx, { workspaceId: created!.id, actorId: ctx.user.id, action: 'workspace.created', subjectType: 'workspace', subjectId: created!.id, metadata: { name: body.name } });
        return created!;
      });
      return toWorkspace(workspace, 'owner');
    },
  }),

  route({
    method: 'GET',
    path: '/:wid',
    access: 'viewer',
    params: workspaceParams,
    async handle(ctx) {
      const [workspace] = await ctx.db.select().from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
      if (!workspace) throw notFound('Workspace');
      return toWorkspace(workspace, ctx.role);
    },
  }),

  route({
    method: 'PATCH',
    path: '/:wid',
    access: 'admin',
    params: workspaceParams,
    body: workspaceBody,
    async handle(ctx, { body }) {
      const workspace = await ctx.db.transaction(async (tx) => {
        const [before] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId)).for('update');
        const [updated] = await tx.update(workspaces).set({ name: body.name, updatedAt: sql`now()` }).where(eq(workspaces.id, ctx.workspaceId)).returning();
        if (before && before.name !== body.name) {
          await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'workspace.renamed', subjectType: 'workspace', subjectId: ctx.workspaceId, metadata: { from: before.name, to: body.name } });
        }
        return updated!;
      });
      return toWorkspace(workspace, ctx.role);
    },
  }),

  route({
    method: 'DELETE',
    path: '/:wid',
    access: 'owner',
    params: workspaceParams,
    async handle(ctx) {
      await ctx.db.delete(workspaces).where(eq(workspaces.id, ctx.workspaceId));
      return undefined;
    },
  }),

  route({
    method: 'GET',
    path: '/:wid/members',
    access: 'viewer',
    params: workspaceParams,
    query: listQuerySchema,
    async handle(ctx, { query }) {
      const cursor = decodeCursor(query.cursor);
      // Members and pending invitations in one list, oldest first (the owner who created it leads).
      const after = (at: AnyColumn, id: AnyColumn) =>
        cursor ? sql`(${at}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined;
      const active = ctx.db
        .select({
          id: sql<string>`${memberships.userId}`.as('id'),
          userId: sql<string | null>`${memberships.userId}`.as('user_id'),
          invitationId: sql<string | null>`null::uuid`.as('invitation_id'),
          email: users.email,
          name: sql<string | null>`${users.name}`.as('name'),
          role: memberships.role,
          createdAt: memberships.createdAt,
          cursorAt: cursorTimestamp(memberships.createdAt).as('cursor_at'),
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.workspaceId, ctx.workspaceId), after(memberships.createdAt, memberships.userId)));
      const invited = ctx.db
        .select({
          id: sql<string>`${invitations.id}`.as('id'),
          userId: sql<string | null>`null::uuid`.as('user_id'),
          invitationId: sql<string | null>`${invitations.id}`.as('invitation_id'),
          email: invitations.email,
          name: sql<string | null>`null::text`.as('name'),
          role: invitations.role,
          createdAt: invitations.createdAt,
          cursorAt: cursorTimestamp(invitations.createdAt).as('cursor_at'),
        })
        .from(invitations)
        .where(and(eq(invitations.workspaceId, ctx.workspaceId), after(invitations.createdAt, invitations.id)));
      const rows = await active
        .unionAll(invited)
        .orderBy(sql`created_at asc`, sql`id asc`)
        .limit(query.limit + 1);
      return page(rows, query.limit, toMember);
    },
  }),

  route({
    method: 'POST',
    path: '/:wid/members',
    access: 'admin',
    params: workspaceParams,
    body: addMemberBody,
    status: 201,
    async handle(ctx, { body }) {
      if (body.role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can add an owner');
      const member = await ctx.db.transaction(async (tx) => {
        const [user] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(sql`lower(${users.email}) = ${body.email}`);
        if (user) {
          const [created] = await tx
            .insert(memberships)
            .values({ workspaceId: ctx.workspaceId, userId: user.id, role: body.role })
            .onConflictDoNothing()
            .returning({ createdAt: memberships.createdAt });
          if (!created) throw conflict('This person is already a member');
          await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'member.added', subjectType: 'member', subjectId: user.id, metadata: { name: user.name, email: user.email, role: body.role } });
          return toMember({ userId: user.id, invitationId: null, email: user.email, name: user.name, role: body.role, createdAt: created.createdAt });
        }
        const [invitation] = await tx
          .insert(invitations)
          .values({ workspaceId: ctx.workspaceId, email: body.email, role: body.role, invitedBy: ctx.user.id })
          .onConflictDoNothing()
          .returning();
        if (!invitation) throw conflict('This email is already invited');
        await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'member.invited', subjectType: 'invitation', subjectId: invitation.id, metadata: { email: body.email, role: body.role } });
        return toMember({ userId: null, invitationId: invitation.id, email: invitation.email, name: null, role: invitation.role, createdAt: invitation.createdAt });
      });
      publishMember(ctx, member);
      return member;
    },
  }),

  route({
    method: 'PATCH',
    path: '/:wid/members/:userId',
    access: 'admin',
    params: memberParams,
    body: roleBody,
    async handle(ctx, { params, body }) {
      const updated = await ctx.db.transaction(async (tx) => {
        const member = await activeMember(tx, ctx.workspaceId, params.userId);
        if (!member) {
          // Not a member: perhaps a pending invitation, addressed by its id.
          const [invitation] = await tx.select().from(invitations).where(and(eq(invitations.id, params.userId), eq(invitations.workspaceId, ctx.workspaceId))).for('update');
          if (!invitation) throw notFound('Member');
          assertMayManageRole(ctx, invitation.role, body.role);
          if (invitation.role !== body.role) {
            await tx.update(invitations).set({ role: body.role }).where(eq(invitations.id, invitation.id));
            await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'member.invitation_role_changed', subjectType: 'invitation', subjectId: invitation.id, metadata: { email: invitation.email, from: invitation.role, to: body.role } });
          }
          return toMember({ userId: null, invitationId: invitation.id, email: invitation.email, name: null, role: body.role, createdAt: invitation.createdAt });
        }
        assertMayManageRole(ctx, member.role, body.role);
        if (member.role === body.role) return toMember({ ...member, invitationId: null });
        if (member.role === 'owner' && (await lockOwners(tx, ctx.workspaceId)) <= 1) {
          throw conflict('A workspace needs at least one owner; make someone else owner first');
        }
        await tx.update(memberships).set({ role: body.role }).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, member.userId)));
        await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'member.role_changed', subjectType: 'member', subjectId: member.userId, metadata: { name: member.name, from: member.role, to: body.role } });
        return toMember({ ...member, role: body.role, invitationId: null });
      });
      publishMember(ctx, updated);
      return updated;
    },
  }),

  route({
    method: 'DELETE',
    path: '/:wid/members/:userId',
    access: 'viewer',
    params: memberParams,
    async handle(ctx, { params }) {
      const leaving = params.userId === ctx.user.id;
      if (!leaving && !roleAtLeast(ctx.role, 'admin')) throw forbidden('Only admins can remove members');
      await ctx.db.transaction(async (tx) => {
        const member = await activeMember(tx, ctx.workspaceId, params.userId);
        if (!member) {
          const [invitation] = await tx
            .delete(invitations)
            .where(and(eq(invitations.id, params.userId), eq(invitations.workspaceId, ctx.workspaceId)))
            .returning();
          if (!invitation) throw notFound('Member');
          await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'member.invitation_revoked', subjectType: 'invitation', subjectId: invitation.id, metadata: { email: invitation.email } });
          return;
        }
        if (!leaving) assertMayManageRole(ctx, member.role, null);
        if (member.role === 'owner' && (await lockOwners(tx, ctx.workspaceId)) <= 1) {
          throw conflict('The last owner cannot leave or be removed; make someone else owner first');
        }
        await tx.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, member.userId)));
        // Their conversations go back to the unassigned queue rather than to someone who can no longer see them.
        await tx
          .update(conversations)
          .set({ assigneeId: null })
          .where(and(eq(conversations.workspaceId, ctx.workspaceId), eq(conversations.assigneeId, member.userId)));
        await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: leaving ? 'member.left' : 'member.removed', subjectType: 'member', subjectId: member.userId, metadata: { name: member.name, email: member.email, role: member.role } });
      });
      return undefined;
    },
  }),

  route({
    method: 'GET',
    path: '/:wid/activity',
    access: 'admin',
    params: workspaceParams,
    query: activityQuery,
    async handle(ctx, { query }) {
      const cursor = decodeCursor(query.cursor);
      const rows = await ctx.db
        .select({
          id: activities.id,
          actorId: activities.actorId,
          actorName: users.name,
          action: activities.action,
          subjectType: activities.subjectType,
          subjectId: activities.subjectId,
          metadata: activities.metadata,
          createdAt: activities.createdAt,
          cursorAt: cursorTimestamp(activities.createdAt),
        })
        .from(activities)
        .leftJoin(users, eq(users.id, activities.actorId))
        .where(
          and(
            eq(activities.workspaceId, ctx.workspaceId),
            query.subjectType ? eq(activities.subjectType, query.subjectType) : undefined,
            query.subjectId ? eq(activities.subjectId, query.subjectId) : undefined,
            afterCursor(activities.createdAt, activities.id, cursor),
          ),
        )
        .orderBy(desc(activities.createdAt), desc(activities.id))
        .limit(query.limit + 1);
      return page(rows, query.limit, (a) => ({
        id: a.id,
        actor: a.actorId ? { id: a.actorId, name: a.actorName ?? '' } : null,
        action: a.action,
        subjectType: a.subjectType,
        subjectId: a.subjectId,
        metadata: a.metadata,
        createdAt: a.createdAt.toISOString(),
      }));
    },
  }),
];
