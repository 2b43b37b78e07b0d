// API keys: how a workspace's own scripts and services call the API (API.md "Analytics, services and the API
// platform"). A key (`sbk_…`) is sent as `Authorization: Bearer sbk_…` to the same endpoints as the SPA. It acts
// in its workspace for the member who created it, with that member's role capped at admin, and only within its
// scopes: `read` for GET, `write` for other methods, `metrics:write` for metric ingestion (an endpoint's
// `keyScope` says). Managing keys, webhooks' secrets and the account is for people only.
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import { endpoint, type ApiKeyScope } from './endpoint.js';
import { idSchema, itemParamsSchema, listResponseSchema, nameSchema, timestampSchema, workspaceParamsSchema } from './common.js';

export const API_KEY_SCOPES = ['read', 'write', 'metrics:write'] as const satisfies readonly ApiKeyScope[];
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);

/** Every key starts with `sbk_` (API_KEY_PREFIX), so scanners and people recognise one. */
export { API_KEY_PREFIX } from './endpoint.js';
/** A key as sent: the prefix and 43 base64url characters (32 random bytes). */
export const API_KEY_PATTERN = /^sbk_[A-Za-z0-9_-]{43}$/;

export const apiKeySchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The key's first characters, e.g. `sbk_Xk3v9QaL`, to tell keys apart. */
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  /** Updated at most once a minute. */
  lastUsedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  /** The member the key acts for (null when that account is gone). */
  createdBy: z.object({ id: idSchema, name: z.string() }).nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** The answer to creating a key: the only time its secret is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const createApiKeyBodySchema = z.strictObject({
  name: nameSchema,
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'Choose at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'Name each scope once'),
});
export type CreateApiKeyBody = z.input<typeof createApiKeyBodySchema>;

/** Active keys a workspace may have at once. */
export const API_KEYS_MAX = 50;

export const apiKeyEndpoints = {
  listApiKeys: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/api-keys',
    access: 'admin',
    keyScope: null,
    summary: "The workspace's active API keys, newest first (never their secrets)",
    params: workspaceParamsSchema,
    response: listResponseSchema(apiKeySchema),
  }),
  createApiKey: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/api-keys',
    access: 'admin',
    keyScope: null,
    summary: `Create a key acting for you with the given scopes; the answer holds its secret, shown this once (at most ${API_KEYS_MAX} active keys)`,
    params: workspaceParamsSchema,
    body: createApiKeyBodySchema,
    example: { name: 'Reporting script', scopes: ['read'] },
    response: createdApiKeySchema,
    status: 201,
  }),
  revokeApiKey: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/api-keys/:id',
    access: 'admin',
    keyScope: null,
    summary: 'Revoke a key: its next request is refused with 401',
    params: itemParamsSchema,
  }),
};

export const apiKeyActivity = {
  'api_key.created': action(
    'api_key',
    z.object({ name: z.string(), scopes: z.array(z.string()) }),
    (m, w) => `${w.actor} created the API key ${quoted(m.name ?? 'unnamed')}${m.scopes?.length ? ` (${m.scopes.join(', ')})` : ''}`,
  ),
  'api_key.revoked': action('api_key', z.object({ name: z.string() }), (m, w) => `${w.actor} revoked the API key ${quoted(m.name ?? 'unnamed')}`),
};
