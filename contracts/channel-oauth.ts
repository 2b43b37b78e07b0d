// /api/workspaces/{wid}/channels/oauth/{provider}/start (inbox function, admin+): the first step of connecting
// Facebook Messenger, Instagram, WhatsApp or TikTok. The answer is the provider's authorization URL the browser
// goes to; the provider sends the user back to /api/oauth/{provider}/callback (contracts/oauth.ts) with the
// `state` made here, which binds the flow to this user and workspace for 10 minutes (API.md "Channels, the web
// widget and the AI assistant").
import { z } from 'zod';
import { OAUTH_CHANNEL_TYPES } from './channel-types.js';
import { idSchema, nameSchema } from './common.js';
import { endpoint } from './endpoint.js';

/** How long a started flow may take before its state is refused. */
export const OAUTH_STATE_TTL_MINUTES = 10;

export const oauthProviderSchema = z.enum(OAUTH_CHANNEL_TYPES);
export type OAuthProvider = z.infer<typeof oauthProviderSchema>;

export const startChannelOAuthParamsSchema = z.object({ wid: idSchema, provider: oauthProviderSchema });
/** `name`: what to call the channel (default: the provider's name for the account, e.g. the page's name). */
export const startChannelOAuthBodySchema = z.strictObject({ name: nameSchema.optional() });
export const startChannelOAuthResultSchema = z.object({ url: z.string() });

export const channelOAuthEndpoints = {
  startChannelOAuth: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/channels/oauth/:provider/start',
    access: 'admin',
    summary:
      'Start connecting facebook, instagram, whatsapp or tiktok: answers the provider’s authorization URL (state bound to the caller and workspace for 10 minutes; PKCE S256 for TikTok); the provider returns to /api/oauth/{provider}/callback. 503 when the provider’s app is not configured',
    params: startChannelOAuthParamsSchema,
    body: startChannelOAuthBodySchema,
    example: { name: 'Shop page' },
    response: startChannelOAuthResultSchema,
    keyScope: null,
  }),
};
