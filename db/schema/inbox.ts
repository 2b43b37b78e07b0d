// The inbox: customers, their conversations and the messages in them, plus per-workspace counters for
// people-facing numbers (conversation #42). A conversation carries a summary of its last message and a
// `sort_at` (= last message time, else creation time) so lists read one row per conversation, ordered by an
// index, with no join to messages.
import { sql } from 'drizzle-orm';
import { boolean, check, customType, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CHANNELS, CONVERSATION_STATUSES, SENDER_TYPES } from '../../contracts/conversations.js';
import { DELIVERY_STATUSES } from '../../contracts/channel-types.js';
import { channels } from './channels.js';
import { users, workspaces } from './identity.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const channelEnum = pgEnum('channel', CHANNELS);
export const conversationStatusEnum = pgEnum('conversation_status', CONVERSATION_STATUSES);
export const senderTypeEnum = pgEnum('sender_type', SENDER_TYPES);

// Named counters per workspace ('conversation', later 'order', …), bumped with
// `insert … on conflict do update set value = value + 1 returning value` inside the write's transaction.
export const workspaceCounters = pgTable(
  'workspace_counters',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    company: text('company'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // The client fields (API.md "CRM"): the customer's code (CLI-0001, assigned by the assign_record_code
    // trigger of 0008_crm_operations.sql on every insert), address, tax id, notes and status.
    code: text('code')
      .notNull()
      .$defaultFn(() => sql`null`),
    address: text('address'),
    taxId: text('tax_id'),
    notes: text('notes'),
    status: text('status').notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customers_workspace_code_key').on(t.workspaceId, t.code),
    // The target of projects' composite reference (workspace_id, customer_id).
    uniqueIndex('customers_workspace_id_key').on(t.workspaceId, t.id),
    check('customers_status_check', sql`${t.status} in ('active', 'inactive')`),
    index('customers_workspace_created_idx').on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // One customer per email in a workspace (emails compare case-insensitively); many may have none.
    uniqueIndex('customers_workspace_email_key')
      .on(t.workspaceId, sql`lower(${t.email})`)
      .where(sql`${t.email} is not null`),
    index('customers_tags_idx').using('gin', t.tags),
    // Trigram indexes (pg_trgm) serve `q`'s case-insensitive substring search (ILIKE '%…%').
    index('customers_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('customers_email_trgm_idx').using('gin', t.email.op('gin_trgm_ops')),
    index('customers_phone_trgm_idx').using('gin', t.phone.op('gin_trgm_ops')),
    index('customers_company_trgm_idx').using('gin', t.company.op('gin_trgm_ops')),
    index('customers_code_trgm_idx').using('gin', t.code.op('gin_trgm_ops')),
    // The list's other sorts, each on its sort expression (api/_lib/customers/queries.ts).
    index('customers_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('customers_workspace_name_sort_idx').on(t.workspaceId, sql`coalesce(lower(${t.name}), '')`, t.id),
    index('customers_workspace_code_sort_idx').on(t.workspaceId, sql`coalesce(lower(${t.code}), '')`, t.id),
    index('customers_workspace_email_sort_idx').on(t.workspaceId, sql`coalesce(lower(${t.email}), '')`, t.id),
    index('customers_workspace_company_sort_idx').on(t.workspaceId, sql`coalesce(lower(${t.company}), '')`, t.id),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    channel: channelEnum('channel').notNull(),
    status: conversationStatusEnum('status').notNull().default('open'),
    subject: text('subject'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text('notes'),
    aiActive: boolean('ai_active').notNull().default(false),
    /** AI answers since the customer last got a person (the assistant hands over after 3). */
    aiTurns: integer('ai_turns').notNull().default(0),
    /** The connected channel it came through (null for conversations made in the app or by the API). */
    channelId: uuid('channel_id').references(() => channels.id, { onDelete: 'set null' }),
    /** While status is snoozed: when it wakes (lazily: reads treat a past time as open). */
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    unreadCount: integer('unread_count').notNull().default(0),
    // Summary of the newest message (by created_at, id), moved in the transaction that posts a message.
    lastMessageId: uuid('last_message_id'),
    lastMessagePreview: text('last_message_preview'),
    lastMessageSenderType: senderTypeEnum('last_message_sender_type'),
    lastMessagePrivate: boolean('last_message_private'),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    /** last_message_at ?? created_at: the list's sort key, never null so keyset pagination stays simple. */
    sortAt: timestamp('sort_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set while deleted (an admin's DELETE; POST …/restore clears it): every read and write leaves it out. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('conversations_workspace_number_key').on(t.workspaceId, t.number),
    index('conversations_workspace_sort_idx').on(t.workspaceId, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('conversations_workspace_status_sort_idx').on(t.workspaceId, t.status, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The "unassigned" view of a status tab, in list order. Partial: IS NULL in a full index would not give
    // the planner the sort order, and a status with few unassigned rows would be scanned to its end.
    index('conversations_workspace_status_unassigned_sort_idx')
      .on(t.workspaceId, t.status, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.assigneeId} IS NULL`),
    index('conversations_workspace_channel_sort_idx').on(t.workspaceId, t.channel, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Leads with the FK column, so it also serves ON DELETE SET NULL when a user is deleted.
    index('conversations_assignee_sort_idx').on(t.assigneeId, t.workspaceId, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('conversations_customer_sort_idx').on(t.customerId, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('conversations_subject_trgm_idx').using('gin', t.subject.op('gin_trgm_ops')),
    index('conversations_channel_customer_idx').on(t.channelId, t.customerId, t.sortAt.desc().nullsFirst()),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    senderType: senderTypeEnum('sender_type').notNull(),
    /** A user id for agents, the customer's id for customers, null for ai and system. */
    senderId: uuid('sender_id'),
    content: text('content').notNull(),
    private: boolean('private').notNull().default(false),
    /** `{channelId}:{provider's message id}`, in and out: a redelivery or a status callback finds it once. */
    externalId: text('external_id'),
    /** Delivery through the channel's provider (agent and ai messages on channel conversations; else null). */
    deliveryStatus: text('delivery_status'),
    deliveryError: text('delivery_error'),
    deliveryAttempts: integer('delivery_attempts').notNull().default(0),
    /** When a pending delivery is attempted (again); null once it is sent or failed. */
    deliveryNextAt: timestamp('delivery_next_at', { withTimezone: true }),
    attachments: jsonb('attachments').$type<Array<{ id: string; name: string; contentType: string; size: number; url: string }>>().notNull().default([]),
    /** A system message's event `{ type, actorId, data }` (status, assignment, AI handover, …). */
    event: jsonb('event').$type<{ type: string; actorId: string | null; data: Record<string, unknown> }>(),
    /** Full-text search over the content (simple configuration: no language's stemming). */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('simple', content)`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('messages_delivery_status_check', sql`${t.deliveryStatus} in (${sql.raw(DELIVERY_STATUSES.map((v) => `'${v}'`).join(', '))})`),
    uniqueIndex('messages_workspace_external_key').on(t.workspaceId, t.externalId),
    index('messages_delivery_due_idx')
      .on(t.deliveryNextAt)
      .where(sql`${t.deliveryStatus} = 'pending'`),
    index('messages_search_idx').using('gin', t.search),
    index('messages_conversation_created_idx').on(t.conversationId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('messages_workspace_created_idx').on(t.workspaceId, t.createdAt.desc().nullsFirst()),
  ],
);

/** A member's read state of a conversation: unread counts and the unread filter are per member. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index('conversation_reads_user_idx').on(t.userId, t.workspaceId)],
);

/** Canned replies: per workspace, inserted with `/shortcut` in the composer. */
export const cannedReplies = pgTable(
  'canned_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('canned_replies_workspace_shortcut_key').on(t.workspaceId, sql`lower(${t.shortcut})`)],
);

/** A user's named filter sets of the inbox. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('saved_views_user_idx').on(t.workspaceId, t.userId, t.createdAt)],
);
