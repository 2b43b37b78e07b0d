// Request bodies, response shapes and realtime event payloads of the inbox (API.md: Customers,
// Conversations and messages, Realtime). The API validates with these schemas and the SPA types its calls,
// cache updates and event handlers with them, so a renamed field breaks both sides at compile time.
//
// Request bodies are strict (unknown keys are rejected: no mass assignment). No string may contain a NUL
// character (Postgres rejects it in text columns).
import { z } from 'zod';
import { listQuerySchema, listResponseSchema } from './identity.js';

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const NUL_MESSAGE = 'Must not contain a NUL character';
const hasNoNul = (value: string) => !value.includes('\u0000');

const idSchema = z.uuid();
const timestampSchema = z.iso.datetime({ offset: true });

/** Trimmed text of 1..max characters (after trimming). */
const trimmedText = (max: number, emptyMessage: string) =>
  z.string().trim().min(1, emptyMessage).max(max, `Use at most ${max} characters`).refine(hasNoNul, NUL_MESSAGE);

export const CHANNELS = ['web', 'email', 'facebook', 'instagram', 'tiktok', 'telegram', 'viber', 'whatsapp', 'api'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const SENDER_TYPES = ['customer', 'agent', 'ai', 'system'] as const;
export const senderTypeSchema = z.enum(SENDER_TYPES);
export type SenderType = z.infer<typeof senderTypeSchema>;

export const TAG_MAX_LENGTH = 40;
export const TAGS_MAX = 20;

/** One tag: trimmed, 1-40 characters. */
export const tagSchema = trimmedText(TAG_MAX_LENGTH, 'Enter a tag');
/** A record's tags: at most 20 (the server stores them de-duplicated, in the order given). */
export const tagsSchema = z.array(tagSchema).max(TAGS_MAX, `Use at most ${TAGS_MAX} tags`);

export const MESSAGE_MAX_LENGTH = 10_000;

// ---------------------------------------------------------------------------------------------------------
// Customers

export const customerSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Customer = z.infer<typeof customerSchema>;
export const customerListSchema = listResponseSchema(customerSchema);
export type CustomerList = z.infer<typeof customerListSchema>;

const customerNameSchema = trimmedText(200, 'Enter a name');
const customerEmailSchema = z.email('Enter a valid email address').max(254, 'Use at most 254 characters').refine(hasNoNul, NUL_MESSAGE);
const phoneSchema = trimmedText(50, 'Enter a phone number');
const companySchema = trimmedText(200, 'Enter a company');

/** POST /api/workspaces/{wid}/customers. Optional fields accept null as "none". */
export const createCustomerBodySchema = z.strictObject({
  name: customerNameSchema,
  email: customerEmailSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  tags: tagsSchema.optional(),
});
export type CreateCustomerBody = z.input<typeof createCustomerBodySchema>;

/** PATCH /api/workspaces/{wid}/customers/{id}: only the fields given change; null clears an optional one. */
export const updateCustomerBodySchema = z.strictObject({
  name: customerNameSchema.optional(),
  email: customerEmailSchema.nullish(),
  phone: phoneSchema.nullish(),
  company: companySchema.nullish(),
  tags: tagsSchema.optional(),
});
export type UpdateCustomerBody = z.input<typeof updateCustomerBodySchema>;

/** GET /api/workspaces/{wid}/customers query. */
export const customerListQuerySchema = listQuerySchema.extend({
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  tag: z.string().trim().max(TAG_MAX_LENGTH).refine(hasNoNul, NUL_MESSAGE).optional(),
});
export type CustomerListQuery = z.input<typeof customerListQuerySchema>;

// ---------------------------------------------------------------------------------------------------------
// Conversations

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
  unreadCount: z.number().int().nonnegative(),
  lastMessage: lastMessageSchema.nullable(),
  lastMessageAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Conversation = z.infer<typeof conversationSchema>;

/** GET /api/workspaces/{wid}/conversations/{id}: the list shape plus the internal notes. */
export const conversationDetailSchema = conversationSchema.extend({ notes: z.string().nullable() });
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const conversationListSchema = listResponseSchema(conversationSchema);
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
});
export type ConversationListQuery = z.input<typeof conversationListQuerySchema>;

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
export const updateConversationBodySchema = z.strictObject({
  status: conversationStatusSchema.optional(),
  assigneeId: idSchema.nullable().optional(),
  tags: tagsSchema.optional(),
  notes: z.string().max(NOTES_MAX_LENGTH, `Use at most ${NOTES_MAX_LENGTH} characters`).refine(hasNoNul, NUL_MESSAGE).nullable().optional(),
  aiActive: z.boolean().optional(),
});
export type UpdateConversationBody = z.input<typeof updateConversationBodySchema>;

// ---------------------------------------------------------------------------------------------------------
// Messages

export const messageSchema = z.object({
  id: idSchema,
  conversationId: idSchema,
  senderType: senderTypeSchema,
  /** The agent's user id for agent messages; null for customer, ai and system messages. */
  senderId: idSchema.nullable(),
  content: z.string(),
  /** An internal note, never shown to the customer. */
  private: z.boolean(),
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
export const createMessageBodySchema = z.strictObject({
  content: z
    .string()
    .min(1, 'Write a message')
    .max(MESSAGE_MAX_LENGTH, `Use at most ${MESSAGE_MAX_LENGTH} characters`)
    .refine((value) => value.trim().length > 0, 'Write a message')
    .refine(hasNoNul, NUL_MESSAGE),
  private: z.boolean().optional(),
  senderType: z.enum(['agent', 'customer']).optional(),
});
export type CreateMessageBody = z.input<typeof createMessageBodySchema>;

// ---------------------------------------------------------------------------------------------------------
// Realtime

/** GET /api/realtime/config: what pusher-js needs to connect. */
export const realtimeConfigSchema = z.object({
  /** False when no Pusher is configured: the SPA then works without live updates. */
  enabled: z.boolean().optional(),
  key: z.string(),
  cluster: z.string(),
  wsHost: z.string().optional(),
  wsPort: z.number().int().positive().optional(),
  forceTLS: z.boolean(),
});
export type RealtimeConfig = z.infer<typeof realtimeConfigSchema>;

const socketIdSchema = z.string().regex(/^\d+\.\d+$/, 'Invalid socket id');

/** POST /api/realtime/auth (form or JSON), as pusher-js sends it. */
export const realtimeAuthBodySchema = z.strictObject({
  socket_id: socketIdSchema,
  channel_name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_\-=@,.;]+$/, 'Invalid channel name'),
});
export type RealtimeAuthBody = z.input<typeof realtimeAuthBodySchema>;

export const realtimeAuthResponseSchema = z.object({ auth: z.string(), channel_data: z.string().optional() });
export type RealtimeAuthResponse = z.infer<typeof realtimeAuthResponseSchema>;

/** The header a write carries so its own event is not echoed back to the sender's socket. */
export const SOCKET_ID_HEADER = 'X-Socket-Id';

export const workspaceChannel = (wid: string) => `private-workspace-${wid}` as const;
export const presenceChannel = (wid: string) => `presence-workspace-${wid}` as const;
export const userChannel = (uid: string) => `private-user-${uid}` as const;

/** presence-workspace-{wid} members: `user_id` is the user's id, `user_info` comes from the session. */
export const presenceUserInfoSchema = z.object({ name: z.string() });
export type PresenceUserInfo = z.infer<typeof presenceUserInfoSchema>;

/** Events of the inbox on private-workspace-{wid}, by name (all domains' events: contracts/events.ts). */
export const inboxEvents = {
  'message.created': z.object({ message: messageSchema, conversation: conversationSchema }),
  'conversation.created': z.object({ conversation: conversationSchema }),
  'conversation.updated': z.object({ conversation: conversationSchema }),
};

/** Events of customers on private-workspace-{wid}. */
export const customerEvents = {
  'customer.created': z.object({ customer: customerSchema }),
  'customer.updated': z.object({ customer: customerSchema }),
  'customer.deleted': z.object({ id: idSchema }),
};
