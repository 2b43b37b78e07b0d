// Reads of the workspaces domain: the caller's workspaces, a workspace, its members with pending
// invitations, and its activity log.
import { and, desc, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { z } from 'zod';
import type { activityQuerySchema } from '../../../contracts/workspaces.js';
import type { listQuerySchema } from '../../../contracts/common.js';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { activities } from '../../../db/schema/activity.js';
import { invitations, memberships, users, workspaces } from '../../../db/schema/identity.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement, type Row } from '../http/read-scope.js';
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
    .select({
      id: workspaces.id,
      name: workspaces.name,
      createdAt: workspaces.createdAt,
      role: memberships.role,
      cursorAt: cursorTimestamp(workspaces.createdAt),
    })
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

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the caller check and the read in one prepared statement.

const CURSOR_AT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const withCursor = <R extends { cursor_at: string }>(rows: R[]) => rows.map((r) => Object.assign(r, { cursorAt: r.cursor_at }));

const workspacesStatement = (hasCursor: boolean) =>
  readStatement(
    'user',
    hasCursor ? 'workspaces_list_after' : 'workspaces_list',
    `select w.id, w.name, w.created_at, m.role, ${CURSOR_AT('w.created_at')} as cursor_at
     from memberships m join workspaces w on w.id = m.workspace_id
     where caller.ok and m.user_id = :uid${hasCursor ? ' and (w.created_at, w.id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by w.created_at desc, w.id desc limit :limit`,
    'd.created_at desc, d.id desc',
  );
const WORKSPACES = { first: workspacesStatement(false), after: workspacesStatement(true) };

type WorkspaceRow = Row & { id: string; name: string; created_at: Date; cursor_at: string };

/** GET /workspaces: the caller's workspaces, newest first, with their role in each. */
export async function readWorkspaces(scope: ReadScope, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<WorkspaceRow & { role: Role }>(cursor ? WORKSPACES.after : WORKSPACES.first, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(withCursor(rows), query.limit, (w) => toWorkspace({ id: w.id, name: w.name, createdAt: w.created_at }, w.role));
}

const WORKSPACE = readStatement('workspace', 'workspaces_one', `select id, name, created_at from workspaces where caller.ok and id = :wid`);

/** GET /workspaces/{wid}: the workspace with the caller's role in it. */
export async function readWorkspace(scope: ReadScope) {
  const [row] = await scope.read<WorkspaceRow>(WORKSPACE);
  return row ? toWorkspace({ id: row.id, name: row.name, createdAt: row.created_at }, scope.role!) : null;
}

const membersStatement = (hasCursor: boolean) => {
  const after = (at: string, id: string) => (hasCursor ? ` and (${at}, ${id}) > (:cursorAt::timestamptz, :cursorId::uuid)` : '');
  return readStatement(
    'workspace',
    hasCursor ? 'workspaces_members_after' : 'workspaces_members',
    `select * from (
       select m.user_id as id, m.user_id, null::uuid as invitation_id, u.email, u.name, m.role, m.created_at, ${CURSOR_AT('m.created_at')} as cursor_at
       from memberships m join users u on u.id = m.user_id
       where caller.ok and m.workspace_id = :wid${after('m.created_at', 'm.user_id')}
       union all
       select i.id, null::uuid, i.id, i.email, null::text, i.role, i.created_at, ${CURSOR_AT('i.created_at')}
       from invitations i
       where caller.ok and i.workspace_id = :wid${after('i.created_at', 'i.id')}
     ) x order by created_at asc, id asc limit :limit`,
    'd.created_at asc, d.id asc',
  );
};
const MEMBERS = { first: membersStatement(false), after: membersStatement(true) };

/** GET /workspaces/{wid}/members: members and pending invitations in one list, oldest first. */
export async function readMembers(scope: ReadScope, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  type MemberSqlRow = Row & {
    id: string;
    user_id: string | null;
    invitation_id: string | null;
    email: string;
    name: string | null;
    role: Role;
    created_at: Date;
    cursor_at: string;
  };
  const rows = await scope.read<MemberSqlRow>(cursor ? MEMBERS.after : MEMBERS.first, { cursorAt: cursor?.at, cursorId: cursor?.id, limit: query.limit + 1 });
  return page(withCursor(rows), query.limit, (m) =>
    toMember({ userId: m.user_id, invitationId: m.invitation_id, email: m.email, name: m.name, role: m.role, createdAt: m.created_at }),
  );
}

const activityStatements = new Map<string, ReadStatement>();
function activityStatement(query: ActivityQuery, hasCursor: boolean): ReadStatement {
  const key = (query.subjectType ? 't' : '') + (query.subjectId ? 'i' : '') + (hasCursor ? 'p' : '');
  let statement = activityStatements.get(key);
  if (!statement) {
    const where = ['caller.ok', 'a.workspace_id = :wid'];
    if (query.subjectType) where.push('a.subject_type = :subjectType');
    if (query.subjectId) where.push('a.subject_id = :subjectId');
    if (hasCursor) where.push('(a.created_at, a.id) < (:cursorAt::timestamptz, :cursorId::uuid)');
    statement = readStatement(
      'workspace',
      `workspaces_activity_${key || 'all'}`,
      `select a.id, a.actor_id, u.name as actor_name, a.action, a.subject_type, a.subject_id, a.metadata, a.created_at, ${CURSOR_AT('a.created_at')} as cursor_at
       from activities a left join users u on u.id = a.actor_id
       where ${where.join(' and ')}
       order by a.created_at desc, a.id desc limit :limit`,
      'd.created_at desc, d.id desc',
    );
    activityStatements.set(key, statement);
  }
  return statement;
}

/** GET /workspaces/{wid}/activity: the activity log, newest first, optionally for one subject. */
export async function readActivity(scope: ReadScope, query: ActivityQuery) {
  const cursor = decodeCursor(query.cursor);
  type ActivityRow = Row & {
    id: string;
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    subject_type: string;
    subject_id: string;
    metadata: Record<string, unknown>;
    created_at: Date;
    cursor_at: string;
  };
  const rows = await scope.read<ActivityRow>(activityStatement(query, cursor !== null), {
    subjectType: query.subjectType,
    subjectId: query.subjectId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(withCursor(rows), query.limit, (a) => ({
    id: a.id,
    actor: a.actor_id ? { id: a.actor_id, name: a.actor_name ?? '' } : null,
    action: a.action,
    subjectType: a.subject_type,
    subjectId: a.subject_id,
    metadata: a.metadata,
    createdAt: a.created_at.toISOString(),
  }));
}
