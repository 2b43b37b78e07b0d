// Reads of the workspaces domain: the caller's workspaces, a workspace, its members with pending
// invitations, and its activity log.
import { and, desc, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { z } from 'zod';
import type { activityQuerySchema, listQuerySchema } from '../../../contracts/identity.js';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { activities } from '../../../db/schema/activity.js';
import { invitations, memberships, users, workspaces } from '../../../db/schema/identity.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
import { toMember } from './members.js';

type ListQuery = z.output<typeof listQuerySchema>;
type ActivityQuery = z.output<typeof activityQuerySchema>;

export const toWorkspace = (w: { id: string; name: string; createdAt: Date }, role: Role) => ({
  id: w.id,
  name: w.name,
  role,
  createdAt: w.createdAt.toISOString(),
});

/** The workspaces the user belongs to, newest first, with their role in each. */
export async function listWorkspaces(db: Db, userId: string, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name, createdAt: workspaces.createdAt, role: memberships.role, cursorAt: cursorTimestamp(workspaces.createdAt) })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), afterCursor(workspaces.createdAt, workspaces.id, cursor)))
    .orderBy(desc(workspaces.createdAt), desc(workspaces.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, (w) => toWorkspace(w, w.role));
}

export async function getWorkspace(db: Db, workspaceId: string, role: Role) {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  return workspace ? toWorkspace(workspace, role) : null;
}

/** Members and pending invitations in one list, oldest first (the owner who created it leads). */
export async function listMembers(db: Db, workspaceId: string, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  const after = (at: AnyColumn, id: AnyColumn) => (cursor ? sql`(${at}, ${id}) > (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined);
  const active = db
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
    .where(and(eq(memberships.workspaceId, workspaceId), after(memberships.createdAt, memberships.userId)));
  const invited = db
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
    .where(and(eq(invitations.workspaceId, workspaceId), after(invitations.createdAt, invitations.id)));
  const rows = await active
    .unionAll(invited)
    .orderBy(sql`created_at asc`, sql`id asc`)
    .limit(query.limit + 1);
  return page(rows, query.limit, toMember);
}

/** The workspace's activity log, newest first, optionally for one subject. */
export async function listActivity(db: Db, workspaceId: string, query: ActivityQuery) {
  const cursor = decodeCursor(query.cursor);
  const rows = await db
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
        eq(activities.workspaceId, workspaceId),
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
}
