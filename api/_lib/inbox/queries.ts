// Reads of the inbox, one database round trip each: the conversation list joins the customer's name and
// takes the last-message summary from the conversation row; the message list checks the conversation's
// workspace in the same query.
import { and, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AssigneeFilter, Channel, Conversation, ConversationDetail, ConversationStatus, Message } from '../../../contracts/inbox.js';
import type { Db } from '../../../db/client.js';
import { conversations, customers, messages } from '../../../db/schema/inbox.js';
import { containsPattern } from '../customers/queries.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';

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

export type MessageRow = { id: string; conversationId: string; senderType: Message['senderType']; senderId: string | null; content: string; private: boolean; createdAt: Date };

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
