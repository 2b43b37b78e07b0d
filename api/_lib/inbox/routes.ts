// /api/workspaces/{wid}/conversations (served by the inbox function): viewers read; agents create and change
// conversations, post messages and mark them read.
import { conversationEndpoints } from '../../../contracts/conversations.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { conversationSummary, getConversation, listConversations, listMessages } from './queries.js';
import { createConversation, markRead, postMessage, updateConversation } from './service.js';

export const routes = implement(conversationEndpoints, {
  listConversations: (ctx, { query }) => listConversations(ctx.db, ctx.workspaceId, ctx.user.id, query),
  createConversation: (ctx, { body }) => createConversation(ctx, body),
  conversationSummary: (ctx, { query }) => conversationSummary(ctx.db, ctx.workspaceId, ctx.user.id, query),
  async getConversation(ctx, { params }) {
    const conversation = await getConversation(ctx.db, ctx.workspaceId, params.id);
    if (!conversation) throw notFound('Conversation');
    return conversation;
  },
  updateConversation: (ctx, { params, body }) => updateConversation(ctx, params.id, body),
  async listMessages(ctx, { params, query }) {
    const result = await listMessages(ctx.db, ctx.workspaceId, params.id, query);
    if (!result) throw notFound('Conversation');
    return result;
  },
  postMessage: (ctx, { params, body }) => postMessage(ctx, params.id, body),
  async markRead(ctx, { params }) {
    await markRead(ctx, params.id);
    return undefined;
  },
});
