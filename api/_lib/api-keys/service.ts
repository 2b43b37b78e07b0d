// API keys of a workspace (contracts/api-keys.ts): list (one round trip with the caller check), create (the
// secret is made here, shown once, and only its SHA-256 kept) and revoke (the key's next request is refused:
// every request looks the key up, nothing caches it). Both writes leave an activity entry.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { API_KEY_PREFIX, API_KEYS_MAX, type ApiKey, type CreateApiKeyBody, type CreatedApiKey } from '../../../contracts/api-keys.js';
import { apiKeys } from '../../../db/schema/analytics.js';
import { recordActivity } from '../activity/record.js';
import { hashApiKey } from '../auth/api-keys.js';
import { ApiError, notFound } from '../http/errors.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';
import type { MemberContext } from '../http/route.js';

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKey['scopes'];
  lastUsedAt: Date | string | null;
  createdAt: Date | string;
  createdById: string | null;
  createdByName: string | null;
};

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  lastUsedAt: r.lastUsedAt === null ? null : iso(r.lastUsedAt),
  createdAt: iso(r.createdAt),
  createdBy: r.createdById === null ? null : { id: r.createdById, name: r.createdByName ?? '' },
});

const LIST = readStatement(
  'workspace',
  'api_keys_list',
  `select k.id, k.name, k.prefix, k.scopes, k.last_used_at as "lastUsedAt", k.created_at as "createdAt",
     k.created_by as "createdById", u.name as "createdByName"
   from api_keys k left join users u on u.id = k.created_by
   where caller.ok and k.workspace_id = :wid and k.revoked_at is null
   order by k.created_at desc, k.id desc`,
  'd."createdAt" desc, d.id desc',
);

export async function listApiKeys(scope: ReadScope) {
  const rows = await scope.read<KeyRow>(LIST);
  return { data: rows.map(toKey), nextCursor: null };
}

export async function createApiKey(ctx: MemberContext, body: CreateApiKeyBody): Promise<CreatedApiKey> {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = secret.slice(0, API_KEY_PREFIX.length + 8);
  return ctx.db.transaction(async (tx) => {
    // The limit is counted under the workspace's row lock, so concurrent creates cannot pass it together.
    await tx.execute(sql`select 1 from workspaces where id = ${ctx.workspaceId} for no key update`);
    const [{ active = 0 } = {}] = await tx
      .select({ active: sql<number>`count(*)::int` })
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), isNull(apiKeys.revokedAt)));
    if (active >= API_KEYS_MAX)
      throw new ApiError(409, 'conflict', `A workspace may have at most ${API_KEYS_MAX} active API keys; revoke one first`, [
        { path: '', message: `limit ${API_KEYS_MAX}` },
      ]);
    const [row] = await tx
      .insert(apiKeys)
      .values({ workspaceId: ctx.workspaceId, name: body.name, prefix, secretHash: hashApiKey(secret), scopes: body.scopes, createdBy: ctx.user.id })
      .returning();
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'api_key.created',
      subjectId: row!.id,
      metadata: { name: body.name, scopes: body.scopes },
    });
    return {
      ...toKey({ ...row!, scopes: body.scopes, createdById: ctx.user.id, createdByName: ctx.user.name }),
      secret,
    };
  });
}

export async function revokeApiKey(ctx: MemberContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, ctx.workspaceId), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name });
    if (!row) throw notFound('API key');
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'api_key.revoked', subjectId: id, metadata: { name: row.name } });
  });
}
