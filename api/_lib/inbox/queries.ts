// Reads of the inbox, one database round trip each: the conversation list joins the customer's name and
// takes the last-message summary from the conversation row; the message list checks the conversation's
// workspace in the same query.
import type { AssigneeFilter, Channel, Conversation, ConversationDetail, ConversationStatus, Message } from '../../../contracts/conversations.js';
import { conversations, customers, messages } from '../../../db/schema/inbox.js';
import { containsPattern } from '../customers/queries.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';

/** Longest `lastMessage.content` a conversation summary carries (lists and events stay small). */
export const PREVIEW_LENGTH = 200;

export function preview(content: string): string {
  const chars = Array.from(content);
  return chars.length <= PREVIEW_LENGTH ? content : chars.slice(0, PREVIEW_LENGTH - 1).join('') + '…';
}

/** A conversation's list columns; select them from `conversations` joined with `customers`. */
export const conversationColumns = {
  id: conversations.id,
  number: conversations.number,
  customerId: conversations.customerId,
  customerName: customers.name,
  channel: conversations.channel,
  status: conversations.status,
  subject: conversations.subject,
  assigneeId: conversations.assigneeId,
  tags: conversations.tags,
  aiActive: conversations.aiActive,
  channelId: conversations.channelId,
  snoozedUntil: conversations.snoozedUntil,
  unreadCount: conversations.unreadCount,
  lastMessageId: conversations.lastMessageId,
  lastMessagePreview: conversations.lastMessagePreview,
  lastMessageSenderType: conversations.lastMessageSenderType,
  lastMessagePrivate: conversations.lastMessagePrivate,
  lastMessageAt: conversations.lastMessageAt,
  createdAt: conversations.createdAt,
  updatedAt: conversations.updatedAt,
};
export const conversationDetailColumns = { ...conversationColumns, notes: conversations.notes };

export type ConversationRow = {
  id: string;
  number: number;
  customerId: string;
  customerName: string;
  channel: Channel;
  status: ConversationStatus;
  subject: string | null;
  assigneeId: string | null;
  tags: string[];
  aiActive: boolean;
  channelId: string | null;
  snoozedUntil: Date | null;
  unreadCount: number;
  lastMessageId: string | null;
  lastMessagePreview: string | null;
  lastMessageSenderType: Message['senderType'] | null;
  lastMessagePrivate: boolean | null;
  lastMessageAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export function toConversation(c: ConversationRow): Conversation {
  return {
    id: c.id,
    number: c.number,
    customer: { id: c.customerId, name: c.customerName },
    channel: c.channel,
    status: c.status,
    subject: c.subject,
    assigneeId: c.assigneeId,
    tags: c.tags,
    aiActive: c.aiActive,
    channelId: c.channelId,
    snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
    unreadCount: c.unreadCount,
    lastMessage:
      c.lastMessageAt && c.lastMessageSenderType
        ? {
            // id and private are additions to API.md's { content, senderType, createdAt }
            id: c.lastMessageId,
            content: c.lastMessagePreview ?? '',
            senderType: c.lastMessageSenderType,
            private: c.lastMessagePrivate ?? false,
            createdAt: c.lastMessageAt.toISOString(),
          }
        : null,
    lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  } as Conversation;
}

export const toConversationDetail = (c: ConversationRow & { notes: string | null }): ConversationDetail => ({ ...toConversation(c), notes: c.notes });

export const messageColumns = {
  id: messages.id,
  conversationId: messages.conversationId,
  senderType: messages.senderType,
  senderId: messages.senderId,
  content: messages.content,
  private: messages.private,
  deliveryStatus: messages.deliveryStatus,
  deliveryError: messages.deliveryError,
  attachments: messages.attachments,
  event: messages.event,
  createdAt: messages.createdAt,
};

export type MessageRow = {
  id: string;
  conversationId: string;
  senderType: Message['senderType'];
  senderId: string | null;
  content: string;
  private: boolean;
  deliveryStatus: string | null;
  deliveryError: string | null;
  attachments: Message['attachments'] | null;
  event: Message['event'];
  createdAt: Date;
};

export const toMessage = (m: MessageRow): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  senderType: m.senderType,
  senderId: m.senderId,
  content: m.content,
  private: m.private,
  delivery: m.deliveryStatus ? { status: m.deliveryStatus as NonNullable<Message['delivery']>['status'], error: m.deliveryError } : null,
  attachments: m.attachments ?? [],
  event: m.event ?? null,
  createdAt: m.createdAt.toISOString(),
});

/** A message as a web-widget visitor sees it (never a private note: callers filter those out). */
export const toVisitorMessage = (m: Message) => ({
  id: m.id,
  senderType: m.senderType,
  content: m.content,
  attachments: m.attachments,
  createdAt: m.createdAt,
});
export type VisitorMessage = ReturnType<typeof toVisitorMessage>;

export interface ConversationFilters {
  status?: ConversationStatus;
  assigneeId?: AssigneeFilter;
  channel?: Channel;
  customerId?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the caller check and the read in one statement (one round trip), prepared by
// name per filter combination. Free-text search stays dynamic (unnamed). Columns come back under the names
// ConversationRow and MessageRow use, so one mapper serves these reads and the writes' RETURNING rows.

const CONVERSATION_SELECT = `c.id, c.number, c.customer_id as "customerId", cu.name as "customerName", c.channel, c.status, c.subject,
  c.assignee_id as "assigneeId", c.tags, c.ai_active as "aiActive", c.channel_id as "channelId", c.snoozed_until as "snoozedUntil", c.unread_count as "unreadCount", c.last_message_id as "lastMessageId",
  c.last_message_preview as "lastMessagePreview", c.last_message_sender_type as "lastMessageSenderType",
  c.last_message_private as "lastMessagePrivate", c.last_message_at as "lastMessageAt", c.created_at as "createdAt", c.updated_at as "updatedAt"`;

const listStatements = new Map<string, ReadStatement>();

function conversationListStatement(filters: ConversationFilters, hasCursor: boolean): ReadStatement {
  const assignee = filters.assigneeId === 'none' ? 'none' : filters.assigneeId ? 'id' : '';
  const key = [filters.status ? 's' : '', filters.channel ? 'c' : '', filters.customerId ? 'k' : '', assignee ? `a${assignee}` : '', hasCursor ? 'p' : ''].join(
    '',
  );
  const cached = filters.q ? undefined : listStatements.get(key);
  if (cached) return cached;
  const where = ['caller.ok', 'c.workspace_id = :wid'];
  if (filters.status) where.push('c.status = :status');
  if (filters.channel) where.push('c.channel = :channel');
  if (filters.customerId) where.push('c.customer_id = :customerId');
  if (assignee === 'none') where.push('c.assignee_id is null');
  else if (assignee === 'id') where.push('c.assignee_id = :assigneeId');
  if (hasCursor) where.push('(c.sort_at, c.id) < (:cursorAt::timestamptz, :cursorId::uuid)');
  if (filters.q) {
    // Matching customers are found first (an array, not a join filter), so each side can use its trigram index.
    const number = /^#?(\d{1,9})$/.test(filters.q) ? ' or c.number = :number' : '';
    where.push(`(c.subject ilike :pattern or c.customer_id = any(array(select id from customers where workspace_id = :wid and name ilike :pattern))${number})`);
  }
  const statement = readStatement(
    'workspace',
    filters.q ? undefined : `inbox_conversations_${key || 'all'}`,
    `select ${CONVERSATION_SELECT}, c.sort_at as "sortAt", ${cursorAtColumn('c.sort_at')}
     from conversations c join customers cu on cu.id = c.customer_id
     where ${where.join(' and ')}
     order by c.sort_at desc, c.id desc limit :limit`,
    'd."sortAt" desc, d.id desc',
  );
  if (!filters.q) listStatements.set(key, statement);
  return statement;
}

/** GET /conversations: a page of the workspace's conversations, newest activity first. */
export async function readConversations(scope: ReadScope, filters: ConversationFilters) {
  const cursor = decodeCursor(filters.cursor);
  const number = filters.q ? /^#?(\d{1,9})$/.exec(filters.q)?.[1] : undefined;
  const rows = await scope.read<ConversationRow & { cursorAt: string }>(conversationListStatement(filters, cursor !== null), {
    status: filters.status,
    channel: filters.channel,
    customerId: filters.customerId,
    assigneeId: filters.assigneeId === 'me' ? scope.userId : filters.assigneeId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    pattern: filters.q ? containsPattern(filters.q) : undefined,
    number: number ? Number(number) : undefined,
    limit: filters.limit + 1,
  });
  return page(rows, filters.limit, toConversation);
}

const CONVERSATION_DETAIL = readStatement(
  'workspace',
  'inbox_conversation',
  `select ${CONVERSATION_SELECT}, c.notes
   from conversations c join customers cu on cu.id = c.customer_id
   where caller.ok and c.id = :id and c.workspace_id = :wid`,
);

/** GET /conversations/{id}: null when the conversation is not in the workspace. */
export async function readConversation(scope: ReadScope, id: string): Promise<ConversationDetail | null> {
  const [row] = await scope.read<ConversationRow & { notes: string | null }>(CONVERSATION_DETAIL, { id });
  return row ? toConversationDetail(row) : null;
}

function messagesStatement(hasCursor: boolean): ReadStatement {
  return readStatement(
    'workspace',
    hasCursor ? 'inbox_messages_after' : 'inbox_messages',
    // The conversation row is the anchor: no row → not in this workspace (404); one row with nulls → no messages.
    `select c.id as found, m.* from conversations c
     left join lateral (
       select id, conversation_id as "conversationId", sender_type as "senderType", sender_id as "senderId", content, private,
         delivery_status as "deliveryStatus", delivery_error as "deliveryError", attachments, event, created_at as "createdAt", ${cursorAtColumn('created_at')}
       from messages where conversation_id = c.id${hasCursor ? ' and (created_at, id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
       order by created_at desc, id desc limit :limit
     ) m on true
     where caller.ok and c.id = :id and c.workspace_id = :wid`,
    'd."createdAt" desc, d.id desc',
  );
}
const MESSAGES = { first: messagesStatement(false), after: messagesStatement(true) };

/** A message of the page, or the conversation's one row of nulls when it has no messages (in this page). */
type MessageSlot = { found: string } & ((MessageRow & { cursorAt: string }) | { id: null });

/** GET /conversations/{id}/messages: a page, newest first; null when the conversation is not in the workspace. */
export async function readMessages(scope: ReadScope, conversationId: string, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<MessageSlot>(cursor ? MESSAGES.after : MESSAGES.first, {
    id: conversationId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  if (rows.length === 0) return null;
  const found = rows.filter((r): r is Extract<MessageSlot, { cursorAt: string }> => r.id !== null);
  return page(found, query.limit, toMessage);
}

const SUMMARY = readStatement(
  'workspace',
  'inbox_conversation_summary',
  `select
     count(*) filter (where c.status = 'open')::int as open,
     count(*) filter (where c.status = 'open' and c.assignee_id is null)::int as unassigned,
     count(*) filter (where c.status = 'open' and c.assignee_id = :uid)::int as mine,
     coalesce(sum(c.unread_count) filter (where c.status <> 'closed'), 0)::int as unread,
     (
       select json_agg(json_build_object('date', to_char(days.day, 'YYYY-MM-DD'), 'count', coalesce(n.count, 0)) order by days.day)
       from (select generate_series((now() at time zone :tz)::date - :back::int, (now() at time zone :tz)::date, interval '1 day')::date as day) days
       left join (
         select (c2.created_at at time zone :tz)::date as day, count(*)::int as count
         from conversations c2
         where c2.workspace_id = :wid and c2.created_at >= ((now() at time zone :tz)::date - :back::int)::timestamp at time zone :tz
         group by 1
       ) n on n.day = days.day
     ) as per_day
   from conversations c
   where caller.ok and c.workspace_id = :wid`,
);

/** GET /conversations/summary: the dashboard's counts and new conversations per day, in one statement. */
export async function readConversationSummary(scope: ReadScope, { tz, days }: { tz: string; days: number }) {
  const [row] = await scope.read<{ open: number; unassigned: number; mine: number; unread: number; per_day: unknown }>(SUMMARY, { tz, back: days - 1 });
  const perDay = (typeof row!.per_day === 'string' ? JSON.parse(row!.per_day) : row!.per_day) as { date: string; count: number }[];
  return { open: row!.open, unassigned: row!.unassigned, mine: row!.mine, unread: row!.unread, perDay };
}
