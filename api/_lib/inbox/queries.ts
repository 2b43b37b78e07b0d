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

/** A snoozed conversation whose time has come reads as open (it wakes lazily: API.md "Scheduled work"). */
export const hasWoken = (c: { status: ConversationStatus; snoozedUntil: Date | null }, now = Date.now()) =>
  c.status === 'snoozed' && c.snoozedUntil !== null && c.snoozedUntil.getTime() <= now;

export function toConversation(c: ConversationRow): Conversation {
  const woken = hasWoken(c);
  return {
    id: c.id,
    number: c.number,
    customer: { id: c.customerId, name: c.customerName },
    channel: c.channel,
    status: woken ? 'open' : c.status,
    subject: c.subject,
    assigneeId: c.assigneeId,
    tags: c.tags,
    aiActive: c.aiActive,
    channelId: c.channelId,
    snoozedUntil: woken || c.status !== 'snoozed' ? null : (c.snoozedUntil?.toISOString() ?? null),
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
  /** Only conversations with customer messages the caller has not read. */
  unread?: boolean;
  limit: number;
  cursor?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Reads through a ReadScope: the caller check and the read in one statement (one round trip), prepared by
// name per filter combination. Free-text search stays dynamic (unnamed). Columns come back under the names
// ConversationRow and MessageRow use, so one mapper serves these reads and the writes' RETURNING rows.

/** The most unread messages counted per conversation (the badge shows "99+" style caps; lists stay cheap). */
export const UNREAD_CAP = 100;

/**
 * The caller's unread count of conversation `c`, given their read mark `r` (conversation_reads, left joined):
 * customer messages after it, capped. Counted only when the conversation moved since the mark, so a read
 * conversation costs one comparison. Agent, AI and system messages never make a conversation unread.
 */
export const callerUnreadSql = (c: string, readAt: string) => `(case when ${c}.last_message_at > coalesce(${readAt}, '-infinity'::timestamptz) then (
    select count(*)::int from (select 1 from messages um where um.conversation_id = ${c}.id and um.sender_type = 'customer'
      and um.created_at > coalesce(${readAt}, '-infinity'::timestamptz) limit ${UNREAD_CAP}) u
  ) else 0 end)`;

const CALLER_READ = `left join conversation_reads r on r.conversation_id = c.id and r.user_id = :uid`;

const CONVERSATION_SELECT = `c.id, c.number, c.customer_id as "customerId", cu.name as "customerName", c.channel, c.status, c.subject,
  c.assignee_id as "assigneeId", c.tags, c.ai_active as "aiActive", c.channel_id as "channelId", c.snoozed_until as "snoozedUntil", ${callerUnreadSql('c', 'r.last_read_at')} as "unreadCount", c.last_message_id as "lastMessageId",
  c.last_message_preview as "lastMessagePreview", c.last_message_sender_type as "lastMessageSenderType",
  c.last_message_private as "lastMessagePrivate", c.last_message_at as "lastMessageAt", c.created_at as "createdAt", c.updated_at as "updatedAt"`;

/** `status = :status` as the conversation reads: a snoozed one whose time has passed is open (lazy wake). */
function statusCondition(status: ConversationStatus): string {
  if (status === 'open') return `(c.status = 'open' or c.status = 'snoozed' and c.snoozed_until <= now())`;
  if (status === 'snoozed') return `c.status = 'snoozed' and (c.snoozed_until is null or c.snoozed_until > now())`;
  return `c.status = '${status}'`;
}

/** The private-use characters ts_headline marks matches with; the content is HTML-escaped around them. */
const MARK_START = '\uE000';
const MARK_END = '\uE001';
const HEADLINE_OPTIONS = `'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'`;

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A ts_headline over content with the markers: everything escaped, each marked run wrapped in <mark>. */
export function snippetHtml(headline: string): string {
  let html = '';
  let open = false;
  for (const part of headline.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else html += escapeHtml(part);
  }
  return open ? html + '</mark>' : html;
}

/**
 * The full-text query of a search box: the words as typed (websearch syntax: "quoted phrases", or, -not),
 * and a last plain word of 3+ letters also matches as a prefix (search as you type). Null when q has no
 * searchable word or is a conversation number (`#42`): then only the subject, name and number match.
 */
export function textQuery(q: string): { sql: string; params: { tsHead?: string; tsLast?: string; tsAll?: string } } | null {
  // `#42` names a conversation by its number: not text to look for in messages (a bare 42 is both).
  if (/^#\d{1,9}$/.test(q.trim())) return null;
  const words = q.match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  const last = /(?:^|\s)([\p{L}\p{N}]{3,})$/u.exec(q)?.[1];
  const openQuote = (q.match(/"/g)?.length ?? 0) % 2 === 1;
  if (!last || openQuote) return { sql: `websearch_to_tsquery('simple', :tsAll)`, params: { tsAll: q } };
  const head = q.slice(0, q.length - last.length).trim();
  const prefix = `to_tsquery('simple', :tsLast)`;
  const tsLast = `${last.toLowerCase()}:*`;
  if (!/[\p{L}\p{N}]/u.test(head)) return { sql: prefix, params: { tsLast } };
  return { sql: `(websearch_to_tsquery('simple', :tsHead) && ${prefix})`, params: { tsHead: head, tsLast } };
}

/**
 * The list's filters but status, text and cursor, as conditions on conversation `c` (and the caller's read mark
 * `r` for `unread`), with the part of a prepared statement's name they make. A deleted conversation (deleted_at
 * set) is in no list, count or search until it is restored.
 */
function filterConditions(filters: Pick<ConversationFilters, 'assigneeId' | 'channel' | 'customerId' | 'unread'>): { key: string; where: string[] } {
  const assignee = filters.assigneeId === 'none' ? 'none' : filters.assigneeId ? 'id' : '';
  const where = ['caller.ok', 'c.workspace_id = :wid', 'c.deleted_at is null'];
  if (filters.channel) where.push('c.channel = :channel');
  if (filters.customerId) where.push('c.customer_id = :customerId');
  if (assignee === 'none') where.push('c.assignee_id is null');
  else if (assignee === 'id') where.push('c.assignee_id = :assigneeId');
  if (filters.unread) where.push(`${callerUnreadSql('c', 'r.last_read_at')} > 0`);
  const key = [filters.channel ? 'c' : '', filters.customerId ? 'k' : '', assignee ? `a${assignee}` : '', filters.unread ? 'u' : ''].join('');
  return { key, where };
}

/** Text matches found directly (GIN) before a word counts as common (see the search branch). */
const TEXT_HITS = 2000;

const listStatements = new Map<string, ReadStatement>();

function conversationListStatement(filters: ConversationFilters, hasCursor: boolean, tsquery: string | null): ReadStatement {
  const filtered = filterConditions(filters);
  const key = [filters.status ? `s${filters.status}` : '', filtered.key, hasCursor ? 'p' : ''].join('');
  const cached = filters.q ? undefined : listStatements.get(key);
  if (cached) return cached;
  const where = [...filtered.where];
  if (filters.status) where.push(statusCondition(filters.status));
  if (hasCursor) where.push('(c.sort_at, c.id) < (:cursorAt::timestamptz, :cursorId::uuid)');
  const columns = `${CONVERSATION_SELECT}, c.sort_at as "sortAt", ${cursorAtColumn('c.sort_at')}`;
  let text: string;
  if (!filters.q) {
    text = `select ${columns}
     from conversations c join customers cu on cu.id = c.customer_id ${CALLER_READ}
     where ${where.join(' and ')}
     order by c.sort_at desc, c.id desc limit :limit`;
  } else {
    // Two candidate lists, each planned on its own and cut at the page size: conversations with a message
    // matching the text (the GIN index for rare words; the list order with a per-conversation check for
    // common ones) and conversations whose subject, customer name or number match (trigram indexes; matching
    // customers are found first, an array, not a join filter). Their union is the page.
    const number = /^#?(\d{1,9})$/.test(filters.q) ? ' or c.number = :number' : '';
    const branch = (condition: string) => `(select c.id, c.sort_at from conversations c ${filters.unread ? CALLER_READ : ''}
        where ${[...where, condition].join(' and ')} order by c.sort_at desc, c.id desc limit :limit)`;
    const byName = branch(
      `(c.subject ilike :pattern or c.customer_id = any(array(select id from customers where workspace_id = :wid and name ilike :pattern))${number})`,
    );
    // Text: the first matching messages of the workspace, up to TEXT_HITS (a GIN bitmap scan for a rare word,
    // a few pages of a sequential scan for a common one). Fewer than that: they are all, and their
    // conversations are sorted. More: the word is common, so walking the list in order with a per-conversation
    // check finds a page at once.
    const matches = `m.sender_type <> 'system' and m.search @@ ${tsquery}`;
    const byText = tsquery
      ? `${branch(`c.id in (select conversation_id from hits) and (select count(*) from hits) <= ${TEXT_HITS}`)}
        union ${branch(`(select count(*) from hits) > ${TEXT_HITS} and exists (select 1 from messages m where m.conversation_id = c.id and ${matches})`)}`
      : null;
    const hits = `with hits as materialized (select m.conversation_id from messages m where caller.ok and m.workspace_id = :wid and ${matches} limit ${TEXT_HITS + 1})`;
    text = `${tsquery ? hits : ''}
     select ${columns}, hit.id as "matchId", hit.headline as "matchHeadline"
     from (${byText ? `${byText} union ` : ''}${byName}) found
     join conversations c on c.id = found.id join customers cu on cu.id = c.customer_id ${CALLER_READ}
     left join lateral (
       ${
         tsquery
           ? `select m.id, ts_headline('simple', translate(m.content, chr(57344) || chr(57345), ''), ${tsquery}, ${HEADLINE_OPTIONS}) as headline
       from messages m where m.conversation_id = c.id and m.sender_type <> 'system' and m.search @@ ${tsquery} order by m.created_at desc, m.id desc limit 1`
           : 'select null::uuid as id, null::text as headline'
       }
     ) hit on true
     order by c.sort_at desc, c.id desc limit :limit`;
  }
  const statement = readStatement('workspace', filters.q ? undefined : `inbox_conversations_${key || 'all'}`, text, 'd."sortAt" desc, d.id desc');
  if (!filters.q) listStatements.set(key, statement);
  return statement;
}

type ListRow = ConversationRow & { cursorAt: string; matchId?: string | null; matchHeadline?: string | null };

/** GET /conversations: a page of the workspace's conversations, newest activity first. */
export async function readConversations(scope: ReadScope, filters: ConversationFilters) {
  const cursor = decodeCursor(filters.cursor);
  const number = filters.q ? /^#?(\d{1,9})$/.exec(filters.q)?.[1] : undefined;
  const text = filters.q ? textQuery(filters.q) : null;
  const rows = await scope.read<ListRow>(conversationListStatement(filters, cursor !== null, text?.sql ?? null), {
    status: filters.status,
    channel: filters.channel,
    customerId: filters.customerId,
    assigneeId: filters.assigneeId === 'me' ? scope.userId : filters.assigneeId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    pattern: filters.q ? containsPattern(filters.q) : undefined,
    number: number ? Number(number) : undefined,
    ...text?.params,
    limit: filters.limit + 1,
  });
  if (!filters.q) return page(rows, filters.limit, toConversation);
  return page(rows, filters.limit, (row) => ({
    ...toConversation(row),
    match: row.matchId ? { messageId: row.matchId, snippet: snippetHtml(row.matchHeadline ?? '') } : null,
  }));
}

const CONVERSATION_DETAIL = readStatement(
  'workspace',
  'inbox_conversation',
  `select ${CONVERSATION_SELECT}, c.notes
   from conversations c join customers cu on cu.id = c.customer_id ${CALLER_READ}
   where caller.ok and c.id = :id and c.workspace_id = :wid and c.deleted_at is null`,
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
     where caller.ok and c.id = :id and c.workspace_id = :wid and c.deleted_at is null`,
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
     count(*) filter (where c.status = 'open' or c.status = 'snoozed' and c.snoozed_until <= now())::int as open,
     count(*) filter (where (c.status = 'open' or c.status = 'snoozed' and c.snoozed_until <= now()) and c.assignee_id is null)::int as unassigned,
     count(*) filter (where (c.status = 'open' or c.status = 'snoozed' and c.snoozed_until <= now()) and c.assignee_id = :uid)::int as mine,
     coalesce(sum(${callerUnreadSql('c', 'r.last_read_at')}) filter (where c.status <> 'closed'), 0)::int as unread,
     (
       select json_agg(json_build_object('date', to_char(days.day, 'YYYY-MM-DD'), 'count', coalesce(n.count, 0)) order by days.day)
       from (select generate_series((now() at time zone :tz)::date - :back::int, (now() at time zone :tz)::date, interval '1 day')::date as day) days
       left join (
         select (c2.created_at at time zone :tz)::date as day, count(*)::int as count
         from conversations c2
         where c2.workspace_id = :wid and c2.deleted_at is null and c2.created_at >= ((now() at time zone :tz)::date - :back::int)::timestamp at time zone :tz
         group by 1
       ) n on n.day = days.day
     ) as per_day
   from conversations c ${CALLER_READ}
   where caller.ok and c.workspace_id = :wid and c.deleted_at is null`,
);

const countStatements = new Map<string, ReadStatement>();

/** GET /conversations/counts: the working tabs' counts under the list's filters, in one statement. */
export async function readConversationCounts(scope: ReadScope, filters: Omit<ConversationFilters, 'status' | 'q' | 'limit' | 'cursor'>) {
  const { key, where } = filterConditions(filters);
  let statement = countStatements.get(key);
  if (!statement) {
    const count = (status: ConversationStatus) => `count(*) filter (where ${statusCondition(status)})::int as ${status}`;
    statement = readStatement(
      'workspace',
      `inbox_conversation_counts_${key || 'all'}`,
      `select ${(['open', 'pending', 'snoozed'] as const).map(count).join(', ')}
       from conversations c ${filters.unread ? CALLER_READ : ''}
       where ${[...where, "c.status <> 'closed'"].join(' and ')}`,
    );
    countStatements.set(key, statement);
  }
  const [row] = await scope.read<{ open: number; pending: number; snoozed: number }>(statement, {
    channel: filters.channel,
    customerId: filters.customerId,
    assigneeId: filters.assigneeId === 'me' ? scope.userId : filters.assigneeId,
  });
  return { open: row?.open ?? 0, pending: row?.pending ?? 0, snoozed: row?.snoozed ?? 0 };
}

/** GET /conversations/summary: the dashboard's counts and new conversations per day, in one statement. */
export async function readConversationSummary(scope: ReadScope, { tz, days }: { tz: string; days: number }) {
  const [row] = await scope.read<{ open: number; unassigned: number; mine: number; unread: number; per_day: unknown }>(SUMMARY, { tz, back: days - 1 });
  const perDay = (typeof row!.per_day === 'string' ? JSON.parse(row!.per_day) : row!.per_day) as { date: string; count: number }[];
  return { open: row!.open, unassigned: row!.unassigned, mine: row!.mine, unread: row!.unread, perDay };
}
