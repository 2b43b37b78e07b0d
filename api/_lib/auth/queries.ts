// Reads of the identity domain: the caller's account with their workspaces, their live sessions, and the
// user row a sign-in checks.
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { listQuerySchema } from '../../../contracts/common.js';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { users } from '../../../db/schema/identity.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';
import { userColumns, type UserRow } from './sessions.js';

type ListQuery = z.output<typeof listQuerySchema>;

export const toUser = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  createdAt: u.createdAt.toISOString(),
  emailVerifiedAt: u.emailVerifiedAt?.toISOString() ?? null,
  twoFactorEnabled: u.twoFactorEnabledAt !== null,
});

/** The user with this (normalized) email and their password hash, for a sign-in. */
export async function findUserByEmail(db: Db, email: string) {
  const [found] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash, twoFactorSecret: users.twoFactorSecret })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  return found;
}

export async function passwordHashOf(db: Db, userId: string): Promise<string | null> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the session check and the read in one prepared statement. Columns come back
// under the names the mappers use (UserRow's, page()'s cursorAt).

const ME = readStatement(
  'user',
  'auth_me',
  `select u.id, u.email, u.name, u.created_at as "createdAt", u.email_verified_at as "emailVerifiedAt",
     u.two_factor_enabled_at as "twoFactorEnabledAt", w.id as "workspaceId", w.name as "workspaceName", m.role
   from users u
   left join memberships m on m.user_id = u.id
   left join workspaces w on w.id = m.workspace_id
   where caller.ok and u.id = :uid`,
  'd."workspaceName" asc, d."workspaceId" asc',
);

/** GET /auth/me: the caller's account and every workspace they belong to, by name; null when the user is gone. */
export async function readMe(scope: ReadScope) {
  const rows = await scope.read<UserRow & { workspaceId: string | null; workspaceName: string | null; role: Role | null }>(ME);
  const first = rows[0];
  if (!first) return null;
  return {
    user: toUser(first),
    workspaces: rows.flatMap((r) => (r.workspaceId && r.role ? [{ id: r.workspaceId, name: r.workspaceName!, role: r.role }] : [])),
  };
}

const sessionsStatement = (hasCursor: boolean) =>
  readStatement(
    'user',
    hasCursor ? 'auth_sessions_after' : 'auth_sessions',
    `select id, created_at as "createdAt", last_used_at as "lastUsedAt", user_agent as "userAgent",
       ${cursorAtColumn('created_at')}
     from sessions
     where caller.ok and user_id = :uid and revoked_at is null and expires_at > now()${hasCursor ? ' and (created_at, id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by created_at desc, id desc limit :limit`,
    'd."createdAt" desc, d.id desc',
  );
const SESSIONS = { first: sessionsStatement(false), after: sessionsStatement(true) };

/** GET /auth/sessions: the caller's live sessions, newest first; `current` marks the one making the request. */
export async function readSessions(scope: ReadScope, query: ListQuery) {
  const cursor = decodeCursor(query.cursor);
  type SessionRow = { id: string; createdAt: Date; lastUsedAt: Date; userAgent: string | null; cursorAt: string };
  const rows = await scope.read<SessionRow>(cursor ? SESSIONS.after : SESSIONS.first, { cursorAt: cursor?.at, cursorId: cursor?.id, limit: query.limit + 1 });
  return page(rows, query.limit, (s) => ({
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    userAgent: s.userAgent,
    current: 'sessionId' in scope.caller && s.id === scope.caller.sessionId,
  }));
}
