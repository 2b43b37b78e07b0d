// API keys as callers (contracts/api-keys.ts). A key is recognised by its `sbk_` prefix and looked up by its
// SHA-256, so the database never holds a usable key. It acts in its own workspace for the member who created it,
// with that member's role capped at admin, within its scopes; a revoked key, or one whose creator left the
// workspace, is refused (401) on its next request. Reads check the key inside their own statement
// (http/read-scope.ts); writes load it here, in one query.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ApiKeyScope } from '../../../contracts/endpoint.js';
import type { Role } from '../../../contracts/roles.js';
import type { Db } from '../../../db/client.js';
import { apiKeys } from '../../../db/schema/analytics.js';
import { memberships, users } from '../../../db/schema/identity.js';
import type { SessionUser } from '../http/route.js';

/** The stored form of a key: SHA-256, hex. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** The key a request acts with, so what it records (activity) can say so. */
export interface ActingKey {
  id: string;
  name: string;
}
export const actingKey = new AsyncLocalStorage<ActingKey>();

export interface KeyCaller {
  key: ActingKey & { scopes: ApiKeyScope[]; workspaceId: string };
  user: SessionUser;
  /** The creator's role in the key's workspace, capped at admin. */
  role: Role;
}

/** The live key with this hash and the member it acts for, or null (unknown, revoked, or its creator left). */
export async function loadKeyCaller(db: Db, keyHash: string): Promise<KeyCaller | null> {
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      workspaceId: apiKeys.workspaceId,
      userId: users.id,
      userName: users.name,
      email: users.email,
      role: sql<Role>`greatest(${memberships.role}, 'admin'::role)`,
    })
    .from(apiKeys)
    .innerJoin(memberships, and(eq(memberships.userId, apiKeys.createdBy), eq(memberships.workspaceId, apiKeys.workspaceId)))
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.secretHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  return {
    key: { id: row.id, name: row.name, scopes: row.scopes as ApiKeyScope[], workspaceId: row.workspaceId },
    user: { id: row.userId, name: row.userName, email: row.email, sessionId: row.id },
    role: row.role,
  };
}

/** Records that a key was used: at most one write a minute per key, after the response. */
export async function touchApiKey(db: Db, keyHash: string): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.secretHash, keyHash),
        isNull(apiKeys.revokedAt),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
}
