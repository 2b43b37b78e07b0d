// Reads of the workspaces domain: the caller's workspaces, a workspace, its members with pending
// invitations, and its activity log.
import type { z } from 'zod';
import type { activityQuerySchema } from '../../../contracts/workspaces.js';
import { ACTIVITY_ENDING_ACTIONS, ACTIVITY_RESTORING_ACTIONS, activityLink, describeActivity } from '../../../contracts/activity.js';
import type { listQuerySchema } from '../../../contracts/common.js';
import type { Role } from '../../../contracts/roles.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';
import { toMember, type MemberRow } from './members.js';

type ListQuery = z.output<typeof listQuerySchema>;
type ActivityQuery = z.output<typeof activityQuerySchema>;

export const toWorkspace = (w: { id: string; name: string; createdAt: Date }, role: Role) => ({
  id: w.id,
  name: w.name,
  role,
  createdAt: w.createdAt.toISOString(),
});

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the caller check and the read in one prepared statement. Columns come back
// under the names the mappers use (camelCase, page()'s cursorAt).

const workspacesStatement = (hasCursor: boolean) =>
  readStatement(
    'user',
    hasCursor ? 'workspaces_list_after' : 'workspaces_list',
    `select w.id, w.name, w.created_at as "createdAt", m.role, ${cursorAtColumn('w.created_at')}
     from memberships m join workspaces w on w.id = m.workspace_id
     where caller.ok and m.user_id = :uid${hasCursor ? ' and (w.created_at, w.id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by w.created_at desc, w.id desc limit :limit`,
    'd."createdAt" desc, d.id desc',
  );
const WORKSPACES = { first: workspacesStatement(false), after: workspacesStatement(true) };

type WorkspaceRow = { id: string; name: string; createdAt: Date };

/** GET /workspaces: the caller's workspaces, newest first, with their role in each. */
export async function readWorkspaces(scope: ReadScope, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<WorkspaceRow & { role: Role; cursorAt: string }>(cursor ? WORKSPACES.after : WORKSPACES.first, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, (w) => toWorkspace(w, w.role));
}

const WORKSPACE = readStatement('workspace', 'workspaces_one', `select id, name, created_at as "createdAt" from workspaces where caller.ok and id = :wid`);

/** GET /workspaces/{wid}: the workspace with the caller's role in it. */
export async function readWorkspace(scope: ReadScope) {
  const [row] = await scope.read<WorkspaceRow>(WORKSPACE);
  return row ? toWorkspace(row, scope.role!) : null;
}

const membersStatement = (hasCursor: boolean) => {
  const after = (at: string, id: string) => (hasCursor ? ` and (${at}, ${id}) > (:cursorAt::timestamptz, :cursorId::uuid)` : '');
  return readStatement(
    'workspace',
    hasCursor ? 'workspaces_members_after' : 'workspaces_members',
    `select * from (
       select m.user_id as id, m.user_id as "userId", null::uuid as "invitationId", u.email, u.name, m.role, m.created_at as "createdAt",
         null::timestamptz as "expiresAt", null::text as "emailStatus", ${cursorAtColumn('m.created_at')}
       from memberships m join users u on u.id = m.user_id
       where caller.ok and m.workspace_id = :wid${after('m.created_at', 'm.user_id')}
       union all
       select i.id, null::uuid, i.id, i.email, null::text, i.role, i.created_at, i.expires_at,
         (select case when o.dispatched_at is not null then 'sent' when o.attempts > 0 then 'failed' else 'pending' end
          from outbox o where o.name = 'mail.send' and o.payload ->> 'ref' = 'invitation:' || i.id order by o.id desc limit 1),
         ${cursorAtColumn('i.created_at')}
       from invitations i
       where caller.ok and i.workspace_id = :wid and i.status = 'pending'${after('i.created_at', 'i.id')}
     ) x order by "createdAt" asc, id asc limit :limit`,
    'd."createdAt" asc, d.id asc',
  );
};
const MEMBERS = { first: membersStatement(false), after: membersStatement(true) };

/** GET /workspaces/{wid}/members: members and pending invitations in one list, oldest first. */
export async function readMembers(scope: ReadScope, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<MemberRow & { id: string; cursorAt: string }>(cursor ? MEMBERS.after : MEMBERS.first, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, toMember);
}

const activityStatements = new Map<string, ReadStatement>();
/** The deletions and removals that make entries about their subject lead nowhere, and the restores that undo them. */
const ENDING = ACTIVITY_ENDING_ACTIONS.map((a) => `'${a}'`).join(', ');
const ENDING_OR_RESTORING = [...ACTIVITY_ENDING_ACTIONS, ...ACTIVITY_RESTORING_ACTIONS].map((a) => `'${a}'`).join(', ');
function activityStatement(query: ActivityQuery, hasCursor: boolean): ReadStatement {
  const filters = {
    t: query.subjectType,
    i: query.subjectId,
    u: query.actorId,
    a: query.action,
    f: query.from,
    e: query.to,
    p: hasCursor || undefined,
  };
  const key = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([k]) => k)
    .join('');
  let statement = activityStatements.get(key);
  if (!statement) {
    const where = ['caller.ok', 'a.workspace_id = :wid'];
    if (query.subjectType) where.push('a.subject_type = :subjectType');
    if (query.subjectId) where.push('a.subject_id = :subjectId');
    if (query.actorId) where.push('a.actor_id = :actorId::uuid');
    if (query.action) where.push("a.action = any(string_to_array(:actions::text, ','))");
    // Days in the caller's time zone: from the start of `from` up to the end of `to`.
    if (query.from) where.push('a.created_at >= (:from::date)::timestamp at time zone :tz::text');
    if (query.to) where.push('a.created_at < ((:to::date + 1)::timestamp at time zone :tz::text)');
    if (hasCursor) where.push('(a.created_at, a.id) < (:cursorAt::timestamptz, :cursorId::uuid)');
    statement = readStatement(
      'workspace',
      `workspaces_activity_${key || 'all'}`,
      `select a.id, a.actor_id as "actorId", u.name as "actorName", a.action, a.subject_type as "subjectType", a.subject_id as "subjectId", a.metadata,
         a.created_at as "createdAt", ${cursorAtColumn('a.created_at')},
         coalesce((select g.action in (${ENDING}) from activities g
           where g.workspace_id = a.workspace_id and g.subject_type = a.subject_type and g.subject_id = a.subject_id and g.action in (${ENDING_OR_RESTORING})
           order by g.created_at desc, g.id desc limit 1), false) as "subjectGone"
       from activities a left join users u on u.id = a.actor_id
       where ${where.join(' and ')}
       order by a.created_at desc, a.id desc limit :limit`,
      'd."createdAt" desc, d.id desc',
    );
    activityStatements.set(key, statement);
  }
  return statement;
}

/** GET /workspaces/{wid}/activity: the activity log, newest first, filtered; each entry with its sentence and link. */
export async function readActivity(scope: ReadScope, query: ActivityQuery) {
  const cursor = decodeCursor(query.cursor);
  type ActivityRow = {
    id: string;
    actorId: string | null;
    actorName: string | null;
    action: string;
    subjectType: string;
    subjectId: string;
    metadata: Record<string, unknown>;
    createdAt: Date;
    cursorAt: string;
    subjectGone: boolean;
  };
  const rows = await scope.read<ActivityRow>(activityStatement(query, cursor !== null), {
    subjectType: query.subjectType,
    subjectId: query.subjectId,
    actorId: query.actorId,
    actions: query.action?.join(','),
    from: query.from,
    to: query.to,
    tz: query.tz ?? 'UTC',
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, (a) => {
    const entry = {
      id: a.id,
      actor: a.actorId ? { id: a.actorId, name: a.actorName ?? '' } : null,
      action: a.action,
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      metadata: a.metadata,
    };
    return {
      ...entry,
      summary: describeActivity(entry),
      link: activityLink(entry, scope.workspaceId!, a.subjectGone),
      createdAt: a.createdAt.toISOString(),
    };
  });
}
