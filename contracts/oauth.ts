// /api/oauth/{provider}/callback (public function): the end of a channel's OAuth connect flow. The browser
// arrives here from the provider with `code` and `state`, without a Bearer token: the state (made by
// POST …/channels/oauth/{provider}/start, contracts/channel-oauth.ts) is what names the user and workspace. The
// answer is always a redirect to the workspace's channel settings: `?connected={channelId}`, or `?error=` saying
// why nothing was connected (unknown, expired or used state, the provider refused, no account to connect).
import { z } from 'zod';
import { oauthProviderSchema } from './channel-oauth.js';
import { endpoint } from './endpoint.js';

const param = z.string().max(4096).optional();

export const oauthCallbackQuerySchema = z.looseObject({
  code: param,
  state: param,
  /** Set by the provider when the user declined or the request was refused. */
  error: param,
  error_description: param,
  error_reason: param,
});

export const oauthEndpoints = {
  oauthCallback: endpoint({
    method: 'GET',
    path: '/api/oauth/:provider/callback',
    access: 'public',
    summary:
      'The provider’s redirect back (code, state): checks the state, exchanges the code, stores the channel with its tokens encrypted, and answers 302 to /w/{wid}/settings/channels?connected={channelId} (or ?error=… with nothing stored)',
    params: z.object({ provider: oauthProviderSchema }),
    query: oauthCallbackQuerySchema,
    status: 302,
    rateLimit: { limit: 30, windowSeconds: 60 },
  }),
};
