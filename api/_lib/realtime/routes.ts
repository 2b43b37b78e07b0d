// /api/realtime: signs the signed-in user's Pusher connection (user authentication) and channel subscriptions,
// and tells pusher-js where to connect. A workspace's channels are signed only for its members, a user's
// channel only for that user; user and presence data come from the server session, never from the request.
// Both signing routes are POSTs, so the kernel has checked that the caller's session is live (not revoked or
// expired) before they run: a signed-out session can neither sign in again nor join a channel.
import { realtimeEndpoints } from '../../../contracts/realtime.js';
import { serverEnv } from '../env.js';
import { forbidden } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { pusherClient } from './publish.js';
import { isMember } from './queries.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const WORKSPACE_CHANNEL = new RegExp(`^(private|presence)-workspace-(${UUID})$`);
const USER_CHANNEL = new RegExp(`^private-user-(${UUID})$`);

export const routes = implement(realtimeEndpoints, {
  // pusher-js posts it form-encoded; JSON works too.
  async authorize(ctx, { body }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    const channel = body.channel_name;
    const pusher = await pusherClient();

    const user = USER_CHANNEL.exec(channel);
    if (user) {
      if (user[1]!.toLowerCase() !== ctx.user.id.toLowerCase()) throw forbidden('You may not subscribe to this channel');
      return pusher.authorizeChannel(body.socket_id, channel);
    }

    const workspace = WORKSPACE_CHANNEL.exec(channel);
    if (!workspace) throw forbidden('You may not subscribe to this channel');
    if (!(await isMember(ctx.db, workspace[2]!.toLowerCase(), ctx.user.id))) throw forbidden('You may not subscribe to this channel');
    if (workspace[1] === 'presence') {
      return pusher.authorizeChannel(body.socket_id, channel, { user_id: ctx.user.id, user_info: { name: ctx.user.name } });
    }
    return pusher.authorizeChannel(body.socket_id, channel);
  },

  // Signed-in connections are what terminateUserConnections() (terminate.ts) can end when access changes.
  async userAuth(ctx, { body }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    const pusher = await pusherClient();
    return pusher.authenticateUser(body.socket_id, { id: ctx.user.id, user_info: { name: ctx.user.name } });
  },

  // Fire and forget for the composer: published after the answer, never recorded (a typing hint is worth nothing later).
  async typing(ctx, { body }) {
    const { visitorTyping } = await import('../widget/typing.js');
    await visitorTyping(ctx, body.conversationId);
    return undefined;
  },

  async config(ctx) {
    const rt = serverEnv().realtime;
    ctx.res.setHeader('Cache-Control', 'no-store');
    if (rt.mode === 'local') {
      return { enabled: true, key: rt.key, cluster: rt.cluster, wsHost: rt.host, wsPort: rt.port, forceTLS: false };
    }
    return { enabled: rt.mode === 'pusher', key: rt.key, cluster: rt.cluster, forceTLS: true };
  },
});
