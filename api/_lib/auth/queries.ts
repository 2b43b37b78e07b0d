// Reads of the identity domain: the caller's account with their workspaces, their live sessions, and the
// user row a sign-in checks.
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { listQuerySchema } from '../../../contracts/common.js';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { memberships, sessions, users, workspaces } from '../../../db/schema/identity.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type Row } from '../http/read-scope.js';
import { userColumns, type UserRow } from './sessions.js';

type ListQuery = z.output<typeof listQuerySchema>;

export const toUser = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, createdAt: u.createdAt.toISOString() });

/** The user with this (normalized) email and their password hash, for a sign-in. */
export async function findUserByEmail(db: Db, email: string) {
  const [found] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  return found;
}

export async function passwordHashOf(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash ?? null;
}

/** The caller's account and every workspace they belong to, by name; null when the user is gone. */
export async function getMe(db: Db, userId: string) {
  const rows = await db
    .select({ ...userColumns, workspaceId: workspaces.id, workspaceName: workspaces.name, role: memberships.role })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(users.id, userId))
    .orderBy(asc(workspaces.name), asc(workspaces.id));
  const first = rows[0];
  if (!first) return null;
  return {
    user: toUser(first),
    workspaces: rows.flatMap((r) => (r.workspaceId && r.role ? [{ id: r.workspaceId, name: r.workspaceName!, role: r.role }] : [])),
  };
}

/** The user's live sessions, newest first; `current` marks the one making the request. */
export async function listSessions(db: Db, userId: string, currentSessionId: string, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  const rows = await db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastUsedAt: sessions.lastUsedAt,
      userAgent: sessions.userAgent,
      cursorAt: cursorTimestamp(sessions.createdAt),
    })
    .from(sessions)
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), afterCursor(sessions.createdAt, sessions.id, cursor)),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(query.limit + 1);
  return page(rows, query.limit, (s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    userAgent: s.userAgent,
    current: s.id === currentSessionId,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the session check and the read in one prepared statement.

const ME = readStatement(
  'user',
  'auth_me',
  `select u.id, u.email, u.name, u.created_at, w.id as workspace_id, w.name as workspace_name, m.role
   from users u
   left join memberships m on m.user_id = u.id
   left join workspaces w on w.id = m.workspace_id
   where caller.ok and u.id = :uid`,
  'd.workspace_name asc, d.workspace_id asc',
);

/** GET /auth/me: the caller's account and every workspace they belong to, by name; null when the user is gone. */
export async function readMe(scope: ReadScope) {
  type MeRow = Row & {
    id: string;
    email: string;
    name: string;
    created_at: Date;
    workspace_id: string | null;
    workspace_name: string | null;
    role: Role | null;
  };
  const rows = await scope.read<MeRow>(ME);
  const first = rows[0];
  if (!first) return null;
  return {
    user: toUser({ id: first.id, email: first.email, name: first.name, createdAt: first.created_at }),
    workspaces: rows.flatMap((r) => (r.workspace_id && r.role ? [{ id: r.workspace_id, name: r.workspace_name!, role: r.role }] : [])),
  };
}

const sessionsStatement = (hasCursor: boolean) =>
  readStatement(
    'user',
    hasCursor ? 'auth_sessions_after' : 'auth_sessions',
    `select id, created_at, last_used_at, user_agent, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
     from sessions
     where caller.ok and user_id = :uid and revoked_at is null and expires_at > now()${hasCursor ? ' and (created_at, id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by created_at desc, id desc limit :limit`,
    'd.created_at desc, d.id desc',
  );
const SESSIONS = { first: sessionsStatement(false), after: sessionsStatement(true) };

/** GET /auth/sessions: the caller's live sessions, newest first; `current` marks the one making the request. */
export async function readSessions(scope: ReadScope, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  type SessionRow = Row & { id: string; created_at: Date; last_used_at: Date; user_agent: string | null; cursor_at: string };
  const rows = await scope.read<SessionRow>(cursor ? SESSIONS.after : SESSIONS.first, { cursorAt: cursor?.at, cursorId: cursor?.id, limit: query.limit + 1 });
  return page(
    rows.map((r) => Object.assign(r, { cursorAt: r.cursor_at })),
    query.limit,
    (s) => ({
      id: s.id,
      createdAt: s.created_at.toISOString(),
      lastUsedAt: s.last_used_at.toISOString(),
      userAgent: s.user_agent,
      current: s.id === scope.caller.sessionId,
    }),
  );
}
