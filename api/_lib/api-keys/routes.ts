// /api/workspaces/{wid}/api-keys (admin+, people only): list, create (the secret shown once), revoke.
import { apiKeyEndpoints } from '../../../contracts/api-keys.js';
import { implement } from '../http/implement.js';
import { createApiKey, listApiKeys, revokeApiKey } from './service.js';

export const routes = implement(apiKeyEndpoints, {
  listApiKeys: (ctx) => listApiKeys(ctx.scope),
  createApiKey: (ctx, { body }) => createApiKey(ctx, body),
  revokeApiKey: async (ctx, { params }) => void (await revokeApiKey(ctx, params.id)),
});
