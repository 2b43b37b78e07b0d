// Resolves a Bearer token to the signed-in user and, for workspace routes, their role there, in one query.
// Reads (GET) do not call loadCaller: the kernel takes the token's claims (tokenClaims, no database) and the
// read's own statement carries the check (http/read-scope.ts).
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { memberships, sessions, users } from '../../../db/schema/identity.js';
import type { SessionUser } from '../http/route.js';
import { verifyAccessToken, type AccessClaims } from './tokens.js';

export interface Caller {
  user: SessionUser;
  role: Role | null;
}

const ID = /^[0-9a-f-]{36}$/i;

/** The claims of a valid access token whose ids look like ids, or null. No database. */
export function tokenClaims(token: string): AccessClaims | null {
  const claims = verifyAccessToken(token);
  return claims && ID.test(claims.userId) && ID.test(claims.sessionId) ? claims : null;
}

export async function loadCaller(db: Db, token: string, workspaceId?: string): Promise<Caller | null> {
  const claims = tokenClaims(token);
  if (!claims) return null;
  const membershipJoin = workspaceId ? and(eq(memberships.userId, users.id), eq(memberships.workspaceId, workspaceId)) : sql`false`;
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, membershipJoin)
    .where(and(eq(sessions.id, claims.sessionId), eq(sessions.userId, claims.userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row) return null;
  return { user: { id: row.id, name: row.name, email: row.email, sessionId: claims.sessionId }, role: row.role };
}
