// Reads of the identity domain: the caller's account with their workspaces, their live sessions, and the
// user row a sign-in checks.
import { and, asc, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { listQuerySchema } from '../../../contracts/identity.js';
import type { Db } from '../../../db/client.js';
import { memberships, sessions, users, workspaces } from '../../../db/schema/identity.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
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
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), afterCursor(sessions.createdAt, sessions.id, cursor)))
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
