// /api/workspaces/{wid}/conversations (served by api/inbox/[...path].ts): viewers read; agents create and
// change conversations, post messages and mark them read.
import { z } from 'zod';
import {
  conversationListQuerySchema,
  conversationSummaryQuerySchema,
  createConversationBodySchema,
  createMessageBodySchema,
  updateConversationBodySchema,
} from '../../../contracts/inbox.js';
import { listQuerySchema } from '../../../contracts/identity.js';
import { notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { conversationSummary, getConversation, listConversations, listMessages } from './queries.js';
import { createConversation, markRead, postMessage, updateConversation } from './service.js';

const listParams = z.object({ wid: z.uuid() });
const itemParams = z.object({ wid: z.uuid(), id: z.uuid() });

export const inboxRoutes = [
  route({
    method: 'GET',
    path: '/:wid/conversations',
    access: 'viewer',
    params: listParams,
    query: conversationListQuerySchema,
    handle: (ctx, { query }) => listConversations(ctx.db, ctx.workspaceId, ctx.user.id, query),
  }),

  route({
    method: 'POST',
    path: '/:wid/conversations',
    access: 'agent',
    params: listParams,
    body: createConversationBodySchema,
    status: 201,
    handle: (ctx, { body }) => createConversation(ctx, body),
  }),

  // Before '/:wid/conversations/:id', which would otherwise take 'summary' for an id.
  route({
    method: 'GET',
    path: '/:wid/conversations/summary',
    access: 'viewer',
    params: listParams,
    query: conversationSummaryQuerySchema,
    handle: (ctx, { query }) => conversationSummary(ctx.db, ctx.workspaceId, ctx.user.id, query),
  }),

  route({
    method: 'GET',
    path: '/:wid/conversations/:id',
    access: 'viewer',
    params: itemParams,
    async handle(ctx, { params }) {
      const conversation = await getConversation(ctx.db, ctx.workspaceId, params.id);
      if (!conversation) throw notFound('Conversation');
      return conversation;
    },
  }),

  route({
    method: 'PATCH',
    path: '/:wid/conversations/:id',
    access: 'agent',
    params: itemParams,
    body: updateConversationBodySchema,
    handle: (ctx, { params, body }) => updateConversation(ctx, params.id, body),
  }),

  route({
    method: 'GET',
    path: '/:wid/conversations/:id/messages',
    access: 'viewer',
    params: itemParams,
    query: listQuerySchema,
    async handle(ctx, { params, query }) {
      const result = await listMessages(ctx.db, ctx.workspaceId, params.id, query);
      if (!result) throw notFound('Conversation');
      return result;
    },
  }),

  route({
    method: 'POST',
    path: '/:wid/conversations/:id/messages',
    access: 'agent',
    params: itemParams,
    body: createMessageBodySchema,
    status: 201,
    handle: (ctx, { params, body }) => postMessage(ctx, params.id, body),
  }),

  route({
    method: 'POST',
    path: '/:wid/conversations/:id/read',
    access: 'agent',
    params: itemParams,
    async handle(ctx, { params }) {
      await markRead(ctx, params.id);
      return undefined;
    },
  }),
];
