// GET /api/oauth/{provider}/callback: where the provider sends the browser back. Always a redirect to the
// workspace's channel settings, `?connected={channelId}` or `?error=…` (api/_lib/channels/oauth.ts).
import { oauthEndpoints } from '../../../contracts/oauth.js';
import { completeOAuth, OAuthRefused } from '../channels/oauth.js';
import { implement, Reply } from '../http/implement.js';

const settingsPage = (workspaceId: string | null, query: Record<string, string>) =>
  `${workspaceId ? `/w/${workspaceId}/settings/channels` : '/'}?${new URLSearchParams(query).toString()}`;

export const routes = implement(oauthEndpoints, {
  async oauthCallback(ctx, { params, query }) {
    let location: string;
    try {
      const { workspaceId, channelId } = await completeOAuth(ctx, {
        provider: params.provider,
        code: query.code,
        state: query.state,
        error: query.error,
        errorDescription: query.error_description,
      });
      location = settingsPage(workspaceId, { connected: channelId });
    } catch (err) {
      if (!(err instanceof OAuthRefused)) throw err;
      location = settingsPage(err.workspaceId, { error: err.message });
    }
    ctx.res.setHeader('Cache-Control', 'no-store');
    ctx.res.setHeader('Location', location);
    return new Reply(302, undefined);
  },
});
