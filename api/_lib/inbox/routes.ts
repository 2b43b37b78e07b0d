// /api/workspaces/{wid}/conversations (served by the inbox function): viewers read; agents create and change
// conversations, post messages and mark them read; admins delete (softly) and restore them.
import { conversationEndpoints } from '../../../contracts/conversations.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readConversation, readConversationCounts, readConversations, readConversationSummary, readMessages } from './queries.js';
import { retryMessageDelivery } from './retry.js';
import { createConversation, deleteConversation, markRead, postMessage, restoreConversation, updateConversation } from './service.js';

export const routes = implement(conversationEndpoints, {
  listConversations: (ctx, { query }) => readConversations(ctx.scope, query),
  createConversation: (ctx, { body }) => createConversation(ctx, body),
  conversationSummary: (ctx, { query }) => readConversationSummary(ctx.scope, query),
  conversationCounts: (ctx, { query }) => readConversationCounts(ctx.scope, query),
  async getConversation(ctx, { params }) {
    const conversation = await readConversation(ctx.scope, params.id);
    if (!conversation) throw notFound('Conversation');
    return conversation;
  },
  updateConversation: (ctx, { params, body }) => updateConversation(ctx, params.id, body),
  async deleteConversation(ctx, { params }) {
    await deleteConversation(ctx, params.id);
    return undefined;
  },
  restoreConversation: (ctx, { params }) => restoreConversation(ctx, params.id),
  async listMessages(ctx, { params, query }) {
    const result = await readMessages(ctx.scope, params.id, query);
    if (!result) throw notFound('Conversation');
    return result;
  },
  postMessage: (ctx, { params, body }) => postMessage(ctx, params.id, body),
  retryMessage: (ctx, { params }) => retryMessageDelivery(ctx, params.id, params.messageId),
  async markRead(ctx, { params }) {
    await markRead(ctx, params.id);
    return undefined;
  },
});
