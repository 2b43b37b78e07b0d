// Reads of the inbox, one database round trip each: the conversation list joins the customer's name and
// takes the last-message summary from the conversation row; the message list checks the conversation's
// workspace in the same query.
import { and, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AssigneeFilter, Channel, Conversation, ConversationDetail, ConversationStatus, Message } from '../../../contracts/conversations.js';
import type { Db } from '../../../db/client.js';
import { conversations, customers, messages } from '../../../db/schema/inbox.js';
import { containsPattern } from '../customers/queries.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement, type Row } from '../http/read-scope.js';

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

export interface ConversationRow {
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
  unreadCount: number;
  lastMessageId: string | null;
  lastMessagePreview: string | null;
  lastMessageSenderType: Message['senderType'] | null;
  lastMessagePrivate: boolean | null;
  lastMessageAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

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
  createdAt: messages.createdAt,
};

export type MessageRow = {
  id: string;
  conversationId: string;
  senderType: Message['senderType'];
  senderId: string | null;
  content: string;
  private: boolean;
  createdAt: Date;
};

export const toMessage = (m: MessageRow): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  senderType: m.senderType,
  senderId: m.senderId,
  content: m.content,
  private: m.private,
  createdAt: m.createdAt.toISOString(),
});

export interface ConversationFilters {
  status?: ConversationStatus;
  assigneeId?: AssigneeFilter;
  channel?: Channel;
  customerId?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export async function listConversations(db: Db, workspaceId: string, userId: string, filters: ConversationFilters) {
  const cursor = decodeCursor(filters.cursor);
  const where: (SQL | undefined)[] = [eq(conversations.workspaceId, workspaceId), afterCursor(conversations.sortAt, conversations.id, cursor)];
  if (filters.status) where.push(eq(conversations.status, filters.status));
  if (filters.channel) where.push(eq(conversations.channel, filters.channel));
  if (filters.customerId) where.push(eq(conversations.customerId, filters.customerId));
  if (filters.assigneeId === 'none') where.push(isNull(conversations.assigneeId));
  else if (filters.assigneeId) where.push(eq(conversations.assigneeId, filters.assigneeId === 'me' ? userId : filters.assigneeId));
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    const number = /^#?(\d{1,9})$/.exec(filters.q)?.[1];
    // Matching customers are found first (an array, not a join filter), so each side can use its trigram index.
    const customerIds = sql`array(select ${customers.id} from ${customers} where ${customers.workspaceId} = ${workspaceId} and ${customers.name} ilike ${pattern})`;
    where.push(
      or(
        ilike(conversations.subject, pattern),
        sql`${conversations.customerId} = any(${customerIds})`,
        number ? eq(conversations.number, Number(number)) : undefined,
      ),
    );
  }
  const rows = await db
    .select({ ...conversationColumns, cursorAt: cursorTimestamp(conversations.sortAt) })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .where(and(...where))
    .orderBy(desc(conversations.sortAt), desc(conversations.id))
    .limit(filters.limit + 1);
  return page(rows, filters.limit, toConversation);
}

export async function getConversation(db: Db, workspaceId: string, id: string): Promise<ConversationDetail | null> {
  const [row] = await db
    .select(conversationDetailColumns)
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, workspaceId)))
    .limit(1);
  return row ? toConversationDetail(row) : null;
}

/** A page of the conversation's messages, newest first; null when the conversation is not in the workspace. */
export async function listMessages(db: Db, workspaceId: string, conversationId: string, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const newest = db
    .select({
      id: messages.id,
      conversationId: messages.conversationId,
      senderType: messages.senderType,
      senderId: messages.senderId,
      content: messages.content,
      private: messages.private,
      createdAt: messages.createdAt,
      cursorAt: cursorTimestamp(messages.createdAt).as('cursor_at'),
    })
    .from(messages)
    .where(and(eq(messages.conversationId, conversations.id), afterCursor(messages.createdAt, messages.id, cursor)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(query.limit + 1)
    .as('m');
  // The conversation row is the anchor: no row → not in this workspace (404); one row with nulls → no messages.
  const rows = await db
    .select({
      found: conversations.id,
      m: {
        id: newest.id,
        conversationId: newest.conversationId,
        senderType: newest.senderType,
        senderId: newest.senderId,
        content: newest.content,
        private: newest.private,
        createdAt: newest.createdAt,
        cursorAt: newest.cursorAt,
      },
    })
    .from(conversations)
    .leftJoinLateral(newest, sql`true`)
    .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, workspaceId)))
    .orderBy(sql`${newest.createdAt} desc`, sql`${newest.id} desc`);
  if (rows.length === 0) return null;
  const found = rows.flatMap((r) => (r.m ? [r.m] : []));
  return page(found, query.limit, toMessage);
}

/** The dashboard's counts and new conversations per day in one statement (one round trip). */
export async function conversationSummary(db: Db, workspaceId: string, userId: string, { tz, days }: { tz: string; days: number }) {
  const today = sql`(now() at time zone ${tz})::date`;
  const firstDay = sql`(${today} - ${days - 1}::int)`;
  const open = sql`${conversations.status} = 'open'`;
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${open})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${open} and ${conversations.assigneeId} is null)`.mapWith(Number),
      mine: sql<number>`count(*) filter (where ${open} and ${conversations.assigneeId} = ${userId})`.mapWith(Number),
      unread: sql<number>`coalesce(sum(${conversations.unreadCount}) filter (where ${conversations.status} <> 'closed'), 0)`.mapWith(Number),
      perDay: sql<{ date: string; count: number }[]>`(
        select json_agg(json_build_object('date', to_char(d.day, 'YYYY-MM-DD'), 'count', coalesce(n.count, 0)) order by d.day)
        from (select generate_series(${firstDay}, ${today}, interval '1 day')::date as day) d
        left join (
          select (c.created_at at time zone ${tz})::date as day, count(*)::int as count
          from ${conversations} c
          where c.workspace_id = ${workspaceId} and c.created_at >= (${firstDay})::timestamp at time zone ${tz}
          group by 1
        ) n on n.day = d.day
      )`,
    })
    .from(conversations)
    .where(eq(conversations.workspaceId, workspaceId));
  const perDay = typeof row!.perDay === 'string' ? (JSON.parse(row!.perDay) as { date: string; count: number }[]) : row!.perDay;
  return { open: row!.open, unassigned: row!.unassigned, mine: row!.mine, unread: row!.unread, perDay };
}

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the caller check and the read in one statement (one round trip), prepared by
// name per filter combination. Free-text search stays dynamic (unnamed).

const CURSOR_AT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CONVERSATION_SELECT = `c.id, c.number, c.customer_id, cu.name as customer_name, c.channel, c.status, c.subject, c.assignee_id,
  c.tags, c.ai_active, c.unread_count, c.last_message_id, c.last_message_preview, c.last_message_sender_type,
  c.last_message_private, c.last_message_at, c.created_at, c.updated_at`;

/** A conversation row as the scoped reads select it (snake_case, as the driver returns it). */
interface ConversationSqlRow extends Row {
  id: string;
  number: number;
  customer_id: string;
  customer_name: string;
  channel: Channel;
  status: ConversationStatus;
  subject: string | null;
  assignee_id: string | null;
  tags: string[];
  ai_active: boolean;
  unread_count: number;
  last_message_id: string | null;
  last_message_preview: string | null;
  last_message_sender_type: Message['senderType'] | null;
  last_message_private: boolean | null;
  last_message_at: Date | null;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
}

const fromSql = (c: ConversationSqlRow): Conversation =>
  toConversation({
    id: c.id,
    number: c.number,
    customerId: c.customer_id,
    customerName: c.customer_name,
    channel: c.channel,
    status: c.status,
    subject: c.subject,
    assigneeId: c.assignee_id,
    tags: c.tags,
    aiActive: c.ai_active,
    unreadCount: c.unread_count,
    lastMessageId: c.last_message_id,
    lastMessagePreview: c.last_message_preview,
    lastMessageSenderType: c.last_message_sender_type,
    lastMessagePrivate: c.last_message_private,
    lastMessageAt: c.last_message_at,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  });

/** Rows with their cursor fields under the names page() expects. */
const withCursor = <R extends { cursor_at: string }>(rows: R[]) => rows.map((r) => Object.assign(r, { cursorAt: r.cursor_at }));

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
    `select ${CONVERSATION_SELECT}, c.sort_at, ${CURSOR_AT('c.sort_at')} as cursor_at
     from conversations c join customers cu on cu.id = c.customer_id
     where ${where.join(' and ')}
     order by c.sort_at desc, c.id desc limit :limit`,
    'd.sort_at desc, d.id desc',
  );
  if (!filters.q) listStatements.set(key, statement);
  return statement;
}

/** GET /conversations: a page of the workspace's conversations, newest activity first. */
export async function readConversations(scope: ReadScope, filters: ConversationFilters) {
  const cursor = decodeCursor(filters.cursor);
  const number = filters.q ? /^#?(\d{1,9})$/.exec(filters.q)?.[1] : undefined;
  const rows = await scope.read<ConversationSqlRow>(conversationListStatement(filters, cursor !== null), {
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
  return page(withCursor(rows), filters.limit, fromSql);
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
  const [row] = await scope.read<ConversationSqlRow & { notes: string | null }>(CONVERSATION_DETAIL, { id });
  return row ? { ...fromSql(row), notes: row.notes } : null;
}

function messagesStatement(hasCursor: boolean): ReadStatement {
  return readStatement(
    'workspace',
    hasCursor ? 'inbox_messages_after' : 'inbox_messages',
    // The conversation row is the anchor: no row → not in this workspace (404); one row with nulls → no messages.
    `select c.id as found, m.* from conversations c
     left join lateral (
       select id, conversation_id, sender_type, sender_id, content, private, created_at, ${CURSOR_AT('created_at')} as cursor_at
       from messages where conversation_id = c.id${hasCursor ? ' and (created_at, id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
       order by created_at desc, id desc limit :limit
     ) m on true
     where caller.ok and c.id = :id and c.workspace_id = :wid`,
    'd.created_at desc, d.id desc',
  );
}
const MESSAGES = { first: messagesStatement(false), after: messagesStatement(true) };

interface MessageSqlRow extends Row {
  found: string;
  id: string | null;
  conversation_id: string;
  sender_type: Message['senderType'];
  sender_id: string | null;
  content: string;
  private: boolean;
  created_at: Date;
  cursor_at: string;
}

/** GET /conversations/{id}/messages: a page, newest first; null when the conversation is not in the workspace. */
export async function readMessages(scope: ReadScope, conversationId: string, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<MessageSqlRow>(cursor ? MESSAGES.after : MESSAGES.first, {
    id: conversationId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  if (rows.length === 0) return null;
  const found = withCursor(rows.filter((r): r is MessageSqlRow & { id: string } => r.id !== null));
  return page(found, query.limit, (m) =>
    toMessage({
      id: m.id,
      conversationId: m.conversation_id,
      senderType: m.sender_type,
      senderId: m.sender_id,
      content: m.content,
      private: m.private,
      createdAt: m.created_at,
    }),
  );
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
