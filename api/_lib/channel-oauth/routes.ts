// POST /api/workspaces/{wid}/channels/oauth/{provider}/start: the authorization URL of a channel's OAuth flow
// (api/_lib/channels/oauth.ts).
import { channelOAuthEndpoints } from '../../../contracts/channel-oauth.js';
import { callbackUrl, startOAuth } from '../channels/oauth.js';
import { implement } from '../http/implement.js';
import type { BaseContext } from '../http/route.js';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The origin the browser called (used for the callback URL when APP_URL is not set). */
function requestOrigin(ctx: BaseContext): string {
  const first = (name: string) => {
    const value = ctx.req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim();
  };
  const host = first('host');
  if (host && HOST.test(host)) return `${first('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`;
  return 'http://localhost:3000';
}

export const routes = implement(channelOAuthEndpoints, {
  async startChannelOAuth(ctx, { params, body }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    return startOAuth(ctx, {
      workspaceId: ctx.workspaceId,
      userId: ctx.user.id,
      provider: params.provider,
      name: body.name,
      redirectUri: callbackUrl(params.provider, requestOrigin(ctx)),
    });
  },
});
