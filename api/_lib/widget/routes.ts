// /api/public/widget (the public function): the web widget's endpoints. No signed-in caller: the channel's public
// key opens a session, and the visitor token it answers is the credential of the rest (api/_lib/widget/token.ts).
// The kernel limits requests per client address and answers CORS for the channel's allowed origins (cors.ts).
import { visitorChannel } from '../../../contracts/realtime.js';
import { widgetEndpoints } from '../../../contracts/widget.js';
import { forbidden, notFound, unauthorized } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readVisitorMessages, readWidgetConfig, sendVisitorMessage, visitorConversationId, webChannelByKey } from './service.js';
import { requireVisitor, signVisitorToken } from './token.js';

export const routes = implement(widgetEndpoints, {
  async config(ctx, { params }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    return readWidgetConfig(ctx.db, params.publicKey);
  },

  async createSession(ctx, { params, body }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    const channel = await webChannelByKey(ctx.db, params.publicKey);
    if (!channel) throw notFound('Widget');
    const { token } = await signVisitorToken({ channelId: channel.id, workspaceId: channel.workspaceId, ...body });
    return { visitorToken: token, conversationId: null };
  },

  async listMessages(ctx) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    const visitor = await requireVisitor(ctx.req.headers.authorization);
    const messages = await readVisitorMessages(ctx.db, visitor);
    if (!messages) throw unauthorized('This widget is no longer connected; open a new session');
    return messages;
  },

  async sendMessage(ctx, { body }) {
    const visitor = await requireVisitor(ctx.req.headers.authorization);
    return sendVisitorMessage(ctx, visitor, { content: body.content });
  },

  async sendOffline(ctx, { body }) {
    const visitor = await requireVisitor(ctx.req.headers.authorization);
    return sendVisitorMessage(ctx, visitor, { content: body.content, email: body.email });
  },

  // Only the visitor's own conversation's channel, whatever channel name the request asks for.
  async authorizeRealtime(ctx, { body }) {
    ctx.res.setHeader('Cache-Control', 'no-store');
    const visitor = await requireVisitor(ctx.req.headers.authorization);
    const conversationId = await visitorConversationId(ctx.db, visitor);
    if (!conversationId || body.channel_name !== visitorChannel(conversationId)) throw forbidden('You may not subscribe to this channel');
    const { pusherClient } = await import('../realtime/publish.js');
    return (await pusherClient()).authorizeChannel(body.socket_id, body.channel_name);
  },
});
