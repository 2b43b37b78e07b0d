// /api/workspaces/{wid}/conversations: the inbox's conversations and messages: schemas, endpoints and events.
import { z } from 'zod';
import { DELIVERY_STATUSES } from './channel-types.js';
import { endpoint } from './endpoint.js';
import {
  NUL_MESSAGE,
  booleanQuerySchema,
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  tagsSchema,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';
import { fileNameSchema, mediaTypeSchema, uploadRefusal } from './uploads.js';

export const CHANNELS = ['web', 'email', 'facebook', 'instagram', 'tiktok', 'telegram', 'viber', 'whatsapp', 'api'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const SENDER_TYPES = ['customer', 'agent', 'ai', 'system'] as const;
export const senderTypeSchema = z.enum(SENDER_TYPES);
export type SenderType = z.infer<typeof senderTypeSchema>;

export const MESSAGE_MAX_LENGTH = 10_000;

export const lastMessageSchema = z.object({
  content: z.string(),
  senderType: senderTypeSchema,
  /** True when the last message is an internal note (never shown to the customer). */
  private: z.boolean().optional(),
  createdAt: timestampSchema,
});
export type LastMessage = z.infer<typeof lastMessageSchema>;

/** A conversation as lists (and realtime events) carry it. */
export const conversationSchema = z.object({
  id: idSchema,
  /** Per-workspace, counting up from 1 ("#42"). */
  number: z.number().int().positive(),
  customer: z.object({ id: idSchema, name: z.string() }),
  channel: channelSchema,
  status: conversationStatusSchema,
  subject: z.string().nullable(),
  assigneeId: idSchema.nullable(),
  tags: z.array(z.string()),
  aiActive: z.boolean(),
  /** The connected channel it came through; null for conversations started in the app or by the API. */
  channelId: idSchema.nullable(),
  /** While snoozed: when it wakes. */
  snoozedUntil: timestampSchema.nullable(),
  /** The caller's own: customer messages after their read mark (capped at 100). */
  unreadCount: z.number().int().nonnegative(),
  lastMessage: lastMessageSchema.nullable(),
  lastMessageAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Conversation = z.infer<typeof conversationSchema>;

/** A search hit in a message: `snippet` is HTML where only `<mark>…</mark>` is markup (everything else escaped). */
export const searchMatchSchema = z.object({ messageId: idSchema, snippet: z.string() });
export type SearchMatch = z.infer<typeof searchMatchSchema>;

/** A list item: with `?q=`, `match` is the newest message that matched the text (null: the subject, name or number did). */
export const conversationListItemSchema = conversationSchema.extend({ match: searchMatchSchema.nullable().optional() });
export type ConversationListItem = z.infer<typeof conversationListItemSchema>;

/** GET /api/workspaces/{wid}/conversations/{id}: the list shape plus the internal notes. */
export const conversationDetailSchema = conversationSchema.extend({ notes: z.string().nullable() });
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const conversationListSchema = listResponseSchema(conversationListItemSchema);
export type ConversationList = z.infer<typeof conversationListSchema>;

/** `assigneeId` filter: a user id, `me` or `none` (unassigned). */
export const assigneeFilterSchema = z.union([idSchema, z.literal('me'), z.literal('none')]);
export type AssigneeFilter = z.infer<typeof assigneeFilterSchema>;

/** GET /api/workspaces/{wid}/conversations query: every filter optional; absent means "any". */
export const conversationListQuerySchema = listQuerySchema.extend({
  status: conversationStatusSchema.optional(),
  assigneeId: assigneeFilterSchema.optional(),
  channel: channelSchema.optional(),
  customerId: idSchema.optional(),
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  /** `true`: only conversations with customer messages the caller has not read. */
  unread: booleanQuerySchema.optional(),
});
export type ConversationListQuery = z.input<typeof conversationListQuerySchema>;

/**
 * `GET /conversations/counts`: how many conversations the working tabs (open, pending, snoozed) hold under the
 * list's filters (the same `assigneeId`, `channel`, `customerId` and `unread` as the list; a snoozed one whose
 * time has passed counts as open, as it lists). Closed conversations only grow, so they are not counted.
 */
export const conversationCountsQuerySchema = conversationListQuerySchema.pick({ assigneeId: true, channel: true, customerId: true, unread: true });
export type ConversationCountsQuery = z.input<typeof conversationCountsQuerySchema>;

export const conversationCountsSchema = z.object({
  open: z.number().int(),
  pending: z.number().int(),
  snoozed: z.number().int(),
});
export type ConversationCounts = z.infer<typeof conversationCountsSchema>;

/** `GET /conversations/summary`: the dashboard's figures, counted by the database in one query. */
export const conversationSummaryQuerySchema = z.object({
  /** IANA time zone the days are counted in (the browser's). */
  tz: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'Unknown time zone')
    .default('UTC'),
  days: z.coerce.number().int().min(1).max(90).default(14),
});
export type ConversationSummaryQuery = z.input<typeof conversationSummaryQuerySchema>;

export const conversationSummarySchema = z.object({
  open: z.number().int(),
  unassigned: z.number().int(),
  mine: z.number().int(),
  /** Unread customer messages across conversations that are not closed. */
  unread: z.number().int(),
  /** Conversations created per day in `tz`, oldest first, `date` as YYYY-MM-DD. */
  perDay: z.array(z.object({ date: z.string(), count: z.number().int() })),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

const subjectSchema = trimmedText(200, 'Enter a subject');

/** POST /api/workspaces/{wid}/conversations */
export const createConversationBodySchema = z.strictObject({
  customerId: idSchema,
  channel: channelSchema,
  subject: subjectSchema.nullish(),
});
export type CreateConversationBody = z.input<typeof createConversationBodySchema>;

export const NOTES_MAX_LENGTH = 10_000;

/** PATCH /api/workspaces/{wid}/conversations/{id}: `assigneeId: null` unassigns. */
export const updateConversationBodySchema = z
  .strictObject({
    status: conversationStatusSchema.optional(),
    assigneeId: idSchema.nullable().optional(),
    tags: tagsSchema.optional(),
    notes: z.string().max(NOTES_MAX_LENGTH, `Use at most ${NOTES_MAX_LENGTH} characters`).refine(hasNoNul, NUL_MESSAGE).nullable().optional(),
    aiActive: z.boolean().optional(),
    /** With `status: "snoozed"` (and only then): when it wakes, in the future. */
    snoozedUntil: timestampSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.status === 'snoozed' && body.snoozedUntil === undefined)
      ctx.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'Say until when to snooze' });
    if (body.snoozedUntil !== undefined && body.status !== 'snoozed')
      ctx.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'Only a snooze takes a wake-up time' });
    if (body.snoozedUntil !== undefined && Date.parse(body.snoozedUntil) <= Date.now())
      ctx.addIssue({ code: 'custom', path: ['snoozedUntil'], message: 'Pick a time in the future' });
  });
export type UpdateConversationBody = z.input<typeof updateConversationBodySchema>;

/** A reply's way to the customer through its channel's provider (null: not a channel delivery). */
export const deliverySchema = z.object({
  status: z.enum(DELIVERY_STATUSES),
  /** Why it failed (the provider's reason), or the last transient error while it is retried. */
  error: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  url: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const MESSAGE_ATTACHMENTS_MAX = 10;

/**
 * A file to attach to a message: one uploaded to this workspace's storage with purpose `attachment`, named by
 * the URL or the pathname the upload answered (the server checks it is under the workspace's prefix and stores
 * the storage's own URL for it), with the name, type and size to show.
 */
export const messageAttachmentInputSchema = z
  .strictObject({
    url: z.string().trim().max(2048, 'Use at most 2048 characters').optional(),
    pathname: z.string().trim().max(1024, 'Use at most 1024 characters').optional(),
    name: fileNameSchema,
    contentType: mediaTypeSchema,
    size: z.number().int('Use a whole number of bytes').min(1, 'The file is empty'),
  })
  .superRefine((file, ctx) => {
    if (!file.url && !file.pathname) ctx.addIssue({ code: 'custom', path: ['url'], message: 'Give the uploaded file’s URL or pathname' });
    const refusal = uploadRefusal({ purpose: 'attachment', filename: file.name, contentType: file.contentType, size: file.size });
    if (refusal) ctx.addIssue({ code: 'custom', path: [refusal.path === 'filename' ? 'name' : refusal.path], message: refusal.message });
  });
export type MessageAttachmentInput = z.input<typeof messageAttachmentInputSchema>;

/** What a system message records: a status change, an assignment, the AI handing over, … */
export const messageEventSchema = z.object({
  type: z.string(),
  actorId: idSchema.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type MessageEvent = z.infer<typeof messageEventSchema>;

export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  senderType: senderTypeSchema,
  /** The agent's user id for agent messages; null for customer, ai and system messages. */
  senderId: idSchema.nullable(),
  content: z.string(),
  /** An internal note, never shown to the customer. */
  private: z.boolean(),
  delivery: deliverySchema.nullable(),
  attachments: z.array(attachmentSchema),
  /** Set on system messages. */
  event: messageEventSchema.nullable(),
  createdAt: timestampSchema,
});
export type Message = z.infer<typeof messageSchema>;

/** GET …/conversations/{id}/messages: newest first. */
export const messageListSchema = listResponseSchema(messageSchema);
export type MessageList = z.infer<typeof messageListSchema>;

/**
 * POST …/conversations/{id}/messages. `senderType` defaults to `agent`; `customer` records an inbound message
 * (the API channel) and raises the conversation's unreadCount. `ai` and `system` messages are written by the
 * server itself, never through this endpoint.
 */
export const createMessageBodySchema = z
  .strictObject({
    /** May be empty (or left out) when the message has attachments. */
    content: z.string().max(MESSAGE_MAX_LENGTH, `Use at most ${MESSAGE_MAX_LENGTH} characters`).refine(hasNoNul, NUL_MESSAGE).default(''),
    private: z.boolean().optional(),
    senderType: z.enum(['agent', 'customer']).optional(),
    /** Files uploaded to this workspace (`uploads.createUpload`, purpose `attachment`), at most 10. */
    attachments: z.array(messageAttachmentInputSchema).max(MESSAGE_ATTACHMENTS_MAX, `Attach at most ${MESSAGE_ATTACHMENTS_MAX} files`).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.content.trim().length === 0 && !body.attachments?.length) ctx.addIssue({ code: 'custom', path: ['content'], message: 'Write a message' });
  });
export type CreateMessageBody = z.input<typeof createMessageBodySchema>;

/** Events of the inbox on private-workspace-{wid}, by name (all domains' events: contracts/events.ts). */
export const inboxEvents = {
  'message.created': z.object({ message: messageSchema, conversation: conversationSchema }),
  /** A message changed after it was posted: its delivery to the customer moved (sent, delivered, read, failed, retried). */
  'message.updated': z.object({ message: messageSchema }),
  'conversation.created': z.object({ conversation: conversationSchema }),
  'conversation.updated': z.object({ conversation: conversationSchema }),
  /** An admin deleted it: clients drop it from their lists (a restore brings it back as conversation.updated). */
  'conversation.deleted': z.object({ conversationId: idSchema }),
};

export const conversationEndpoints = {
  listConversations: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/conversations',
    access: 'viewer',
    summary: 'Conversations by status, assignee, channel, tag or text, most recent activity first',
    params: workspaceParamsSchema,
    query: conversationListQuerySchema,
    response: conversationListSchema,
  }),
  createConversation: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/conversations',
    access: 'agent',
    summary: 'Start a conversation with a customer',
    params: workspaceParamsSchema,
    body: createConversationBodySchema,
    response: conversationDetailSchema,
    status: 201,
    idempotent: true,
  }),
  conversationSummary: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/conversations/summary',
    access: 'viewer',
    summary: "The dashboard's figures: open, unassigned, mine, unread, and conversations per day in the caller's time zone",
    params: workspaceParamsSchema,
    query: conversationSummaryQuerySchema,
    response: conversationSummarySchema,
  }),
  conversationCounts: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/conversations/counts',
    access: 'viewer',
    summary: "How many open, pending and snoozed conversations the list's filters hold, in one query",
    params: workspaceParamsSchema,
    query: conversationCountsQuerySchema,
    response: conversationCountsSchema,
  }),
  getConversation: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/conversations/:id',
    access: 'viewer',
    summary: 'One conversation with its internal notes',
    params: itemParamsSchema,
    response: conversationDetailSchema,
  }),
  updateConversation: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/conversations/:id',
    access: 'agent',
    summary: 'Change status, assignee, tags, notes or the AI flag',
    params: itemParamsSchema,
    body: updateConversationBodySchema,
    example: { status: 'pending', tags: ['billing'] },
    response: conversationDetailSchema,
  }),
  deleteConversation: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/conversations/:id',
    access: 'admin',
    summary:
      'Delete a conversation (soft: it leaves every list, count and search and its reads answer 404, but nothing is lost until it is restored). Deleting it again changes nothing',
    params: itemParamsSchema,
  }),
  restoreConversation: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/conversations/:id/restore',
    access: 'admin',
    summary: 'Bring a deleted conversation back as it was (messages, tags, assignee, unread); one that is not deleted is answered as it is',
    params: itemParamsSchema,
    response: conversationDetailSchema,
  }),
  listMessages: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/conversations/:id/messages',
    access: 'viewer',
    summary: "A conversation's messages, newest first",
    params: itemParamsSchema,
    query: listQuerySchema,
    response: messageListSchema,
  }),
  postMessage: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/conversations/:id/messages',
    access: 'agent',
    summary: 'Send a reply or an internal note (or record an inbound customer message)',
    params: itemParamsSchema,
    body: createMessageBodySchema,
    example: { content: 'Thanks! Your order ships tomorrow.' },
    response: messageSchema,
    status: 201,
    idempotent: true,
  }),
  retryMessage: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/conversations/:id/messages/:messageId/retry',
    access: 'agent',
    summary: 'Send a reply whose delivery through its channel failed again (409 invalid_transition for any other message)',
    params: itemParamsSchema.extend({ messageId: idSchema }),
    response: messageSchema,
  }),
  markRead: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/conversations/:id/read',
    access: 'agent',
    summary: "Clear a conversation's unread count",
    params: itemParamsSchema,
  }),
};
