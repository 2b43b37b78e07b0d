// Resolves a Bearer token to the signed-in user and, for workspace routes, their role there, in one query.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { memberships, sessions, users } from '../../../db/schema/identity.js';
import type { SessionUser } from '../http/route.js';
import { verifyAccessToken } from './tokens.js';

export interface Caller {
  user: SessionUser;
  role: Role | null;
}

export async function loadCaller(db: Db, token: string, workspaceId?: string): Promise<Caller | null> {
  const claims = await verifyAccessToken(token);
  if (!claims || !/^[0-9a-f-]{36}$/i.test(claims.userId) || !/^[0-9a-f-]{36}$/i.test(claims.sessionId)) return null;
  const membershipJoin = workspaceId
    ? and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId))
    : sql`false`;
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, membershipJoin)
    .where(
      and(
        eq(sessions.id, claims.sessionId),
        eq(sessions.userId, claims.userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  if (!row) return null;
  return { user: { id: row.id, name: row.name, email: row.email, sessionId: claims.sessionId }, role: row.role };
}
