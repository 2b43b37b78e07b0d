// Writes to the inbox. Each runs in one transaction with its activity rows (where API.md asks for them) and
// its domain events, which the outbox dispatches after the commit.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type Attachment,
  type Conversation,
  type ConversationDetail,
  type MessageEvent,
  type SenderType,
  type createConversationBodySchema,
  type createMessageBodySchema,
  type Message,
  type updateConversationBodySchema,
} from '../../../contracts/conversations.js';
import { memberships, users } from '../../../db/schema/identity.js';
import { conversations, customers, messages, workspaceCounters } from '../../../db/schema/inbox.js';
import type { ActivityEntry } from '../../../contracts/activity.js';
import { recordActivity } from '../activity/record.js';
import { uniqueTags } from '../customers/service.js';
import { invalidField, notFound } from '../http/errors.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import type { MemberContext } from '../http/route.js';
import { byteLength, MAX_EVENT_BYTES } from '../realtime/publish.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { workspaceAttachments } from '../uploads/attachments.js';
import { channelDeliverEvent } from '../events/sinks.js';
import { visitorChannel } from '../../../contracts/realtime.js';
import {
  callerUnreadSql,
  conversationColumns,
  conversationDetailColumns,
  hasWoken,
  messageColumns,
  preview,
  toConversation,
  toConversationDetail,
  toMessage,
  toVisitorMessage,
} from './queries.js';

type CreateConversationBody = z.output<typeof createConversationBodySchema>;
type UpdateConversationBody = z.output<typeof updateConversationBodySchema>;
type CreateMessageBody = z.output<typeof createMessageBodySchema>;

const { customerName: _customerName, ...ownConversationColumns } = conversationColumns;

export async function createConversation(ctx: MemberContext, body: CreateConversationBody): Promise<ConversationDetail> {
  return withEvents(ctx, async (tx, emit) => {
    const [customer] = await tx
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.id, body.customerId), eq(customers.workspaceId, ctx.workspaceId)))
      .for('share');
    if (!customer) throw invalidField('customerId', 'No such customer in this workspace');
    const conversation = await openConversation(tx, emit, { workspaceId: ctx.workspaceId, customer, channel: body.channel, subject: body.subject });
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'conversation.created',
      subjectId: conversation.id,
      metadata: { number: conversation.number, customerId: customer.id, channel: body.channel, customerName: customer.name },
    });
    return conversation;
  });
}

/** The list shape of a detail (events carry the list shape). */
function summary(detail: ConversationDetail): Conversation {
  const { notes: _notes, ...rest } = detail;
  return rest;
}

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

export async function updateConversation(ctx: MemberContext, id: string, body: UpdateConversationBody): Promise<ConversationDetail> {
  const assigneeId = body.assigneeId;
  return withEvents(ctx, async (tx, emit) => {
    // The whole row as it is (the answer when nothing changes), locked; the customer row is read, not locked.
    const [before] = await tx
      .select({
        ...conversationDetailColumns,
        assigneeIsMember: assigneeId
          ? sql<boolean>`exists (select 1 from ${memberships} where ${memberships.workspaceId} = ${ctx.workspaceId} and ${memberships.userId} = ${assigneeId})`
          : sql<boolean>`true`,
        assigneeName: assigneeId ? sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${assigneeId})` : sql<string | null>`null`,
      })
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(and(eq(conversations.id, id), eq(conversations.workspaceId, ctx.workspaceId), isNull(conversations.deletedAt)))
      .for('update', { of: conversations });
    if (!before) throw notFound('Conversation');
    if (assigneeId && !before.assigneeIsMember) throw invalidField('assigneeId', 'The assignee must be a member of this workspace');

    const changes: Partial<typeof conversations.$inferInsert> = {};
    if (body.status !== undefined) changes.status = body.status;
    // A snooze takes its wake-up time; any other status clears it, and so does the first write after it passed.
    if (body.status === 'snoozed') changes.snoozedUntil = new Date(body.snoozedUntil!);
    else if (body.status !== undefined && before.snoozedUntil !== null) changes.snoozedUntil = null;
    else if (hasWoken(before)) Object.assign(changes, { status: 'open', snoozedUntil: null });
    if (assigneeId !== undefined) changes.assigneeId = assigneeId;
    if (body.tags !== undefined) changes.tags = uniqueTags(body.tags);
    if (body.notes !== undefined) changes.notes = body.notes;
    if (body.aiActive !== undefined) changes.aiActive = body.aiActive;
    // Nothing to change: answer with the conversation as it is, and publish nothing.
    if (Object.keys(changes).length === 0) return toConversationDetail(before);

    const [row] = await tx
      .update(conversations)
      .set({ ...changes, updatedAt: sql`now()` })
      .from(customers)
      .where(and(eq(conversations.id, id), eq(customers.id, conversations.customerId)))
      .returning(conversationDetailColumns);

    const activity: ActivityEntry[] = [];
    const about = { workspaceId: ctx.workspaceId, actorId: ctx.user.id, subjectId: id };
    // The sentences name the conversation ("Ava Agent assigned #42 Tom Becker to Adam Admin").
    const named = { number: before.number, customerName: before.customerName };
    if (changes.status !== undefined && changes.status !== before.status) {
      activity.push({ ...about, action: 'conversation.status_changed', metadata: { from: before.status, to: changes.status, ...named } });
    }
    if (changes.assigneeId !== undefined && changes.assigneeId !== before.assigneeId) {
      const toName = changes.assigneeId === null ? null : before.assigneeName;
      activity.push({ ...about, action: 'conversation.assigned', metadata: { from: before.assigneeId, to: changes.assigneeId, toName, ...named } });
    }
    if (changes.tags !== undefined && !sameTags(changes.tags, before.tags)) {
      const added = changes.tags.filter((t) => !before.tags.includes(t));
      const removed = before.tags.filter((t) => !changes.tags!.includes(t));
      activity.push({ ...about, action: 'conversation.tags_changed', metadata: { from: before.tags, to: changes.tags, added, removed, ...named } });
    }
    await recordActivity(tx, ...activity);
    const detail = toConversationDetail(row!);
    emit(workspaceEvent(ctx.workspaceId, 'conversation.updated', { conversation: summary(detail) }));
    for (const event of threadEvents(ctx, before, changes, { assigneeName: before.assigneeName })) {
      await insertMessage(tx, emit, { workspaceId: ctx.workspaceId, conversationId: id, senderType: 'system', senderId: null, ...event });
    }
    // The answer carries the caller's own unread count; the event, the team-wide one (clients keep their own).
    return { ...detail, unreadCount: await callerUnread(tx, id, ctx.user.id) };
  });
}

/** The caller's unread count of one conversation (customer messages after their read mark, capped). */
async function callerUnread(tx: Tx, conversationId: string, userId: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    tx,
    sql`select ${sql.raw(callerUnreadSql('c', 'r.last_read_at'))} as n from conversations c
        left join conversation_reads r on r.conversation_id = c.id and r.user_id = ${userId} where c.id = ${conversationId}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * DELETE …/conversations/{id} (admin+): a soft delete. The row and its messages, tags, assignee and read marks
 * stay as they are; `deleted_at` takes it out of every read (lists, counts, search, the customer's page, the
 * widget) and every write (a message, a PATCH, a read mark → 404) until it is restored. Deleting a deleted
 * conversation changes nothing (no second activity entry or event); one of another workspace is 404.
 */
export async function deleteConversation(ctx: MemberContext, id: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    // One statement when it is there to delete; only a miss asks whether it exists at all (404) or was deleted.
    const [row] = await tx
      .update(conversations)
      .set({ deletedAt: sql`now()` })
      .from(customers)
      .where(
        and(
          eq(conversations.id, id),
          eq(conversations.workspaceId, ctx.workspaceId),
          isNull(conversations.deletedAt),
          eq(customers.id, conversations.customerId),
        ),
      )
      .returning({ number: conversations.number, customerName: customers.name });
    if (!row) {
      const [existing] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.workspaceId, ctx.workspaceId)));
      if (!existing) throw notFound('Conversation');
      return;
    }
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'conversation.deleted',
      subjectId: id,
      metadata: { number: row.number, customerName: row.customerName },
    });
    emit(workspaceEvent(ctx.workspaceId, 'conversation.deleted', { conversationId: id }));
  });
}

/**
 * POST …/conversations/{id}/restore (admin+): a deleted conversation comes back exactly as it was (messages,
 * tags, assignee, notes, read marks, `updatedAt` too), announced as conversation.updated so lists show it again.
 * One that is not deleted is answered as it is, with no event; one not in the workspace is 404.
 */
export async function restoreConversation(ctx: MemberContext, id: string): Promise<ConversationDetail> {
  return withEvents(ctx, async (tx, emit) => {
    const [row] = await tx
      .update(conversations)
      .set({ deletedAt: null })
      .from(customers)
      .where(
        and(
          eq(conversations.id, id),
          eq(conversations.workspaceId, ctx.workspaceId),
          isNotNull(conversations.deletedAt),
          eq(customers.id, conversations.customerId),
        ),
      )
      .returning(conversationDetailColumns);
    if (!row) {
      const [current] = await tx
        .select(conversationDetailColumns)
        .from(conversations)
        .innerJoin(customers, eq(customers.id, conversations.customerId))
        .where(and(eq(conversations.id, id), eq(conversations.workspaceId, ctx.workspaceId)));
      if (!current) throw notFound('Conversation');
      return { ...toConversationDetail(current), unreadCount: await callerUnread(tx, id, ctx.user.id) };
    }
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'conversation.restored',
      subjectId: id,
      metadata: { number: row.number, customerName: row.customerName },
    });
    const detail = toConversationDetail(row);
    emit(workspaceEvent(ctx.workspaceId, 'conversation.updated', { conversation: summary(detail) }));
    return { ...detail, unreadCount: await callerUnread(tx, id, ctx.user.id) };
  });
}

const STATUS_VERBS: Record<string, string> = { open: 'reopened', pending: 'marked as pending', closed: 'closed' };

/**
 * The thread's lines for a PATCH: status, assignment (with the assignee's name), tags and snooze, each a system
 * message `{ type, actorId, data }` whose content reads as a sentence ("Ava Agent closed the conversation").
 */
function threadEvents(
  ctx: MemberContext,
  before: { status: ConversationDetail['status']; assigneeId: string | null; tags: string[]; snoozedUntil: Date | null },
  changes: Partial<typeof conversations.$inferInsert>,
  names: { assigneeName: string | null },
): { content: string; event: MessageEvent }[] {
  const actor = ctx.user.name;
  const out: { content: string; event: MessageEvent }[] = [];
  const push = (type: string, content: string, data: Record<string, unknown>) => out.push({ content, event: { type, actorId: ctx.user.id, data } });
  // A snooze that has passed already reads as open: waking it on this write is no line of its own.
  const status = hasWoken(before) ? 'open' : before.status;
  if (changes.status !== undefined && (changes.status !== status || changes.status === 'snoozed')) {
    if (changes.status === 'snoozed') {
      const until = changes.snoozedUntil as Date;
      push('snoozed', `${actor} snoozed the conversation until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`, {
        from: status,
        until: until.toISOString(),
      });
    } else {
      push(
        'status_changed',
        `${actor} ${STATUS_VERBS[changes.status] ?? `set the status to ${changes.status}`}${changes.status === 'pending' ? '' : ' the conversation'}`,
        {
          from: status,
          to: changes.status,
        },
      );
    }
  }
  if (changes.assigneeId !== undefined && changes.assigneeId !== before.assigneeId) {
    const to = changes.assigneeId;
    const content =
      to === null
        ? `${actor} unassigned this`
        : to === ctx.user.id
          ? `${actor} self-assigned this`
          : `${actor} assigned this to ${names.assigneeName ?? 'a member'}`;
    push('assigned', content, { from: before.assigneeId, to, assigneeName: to === null ? null : names.assigneeName });
  }
  if (changes.tags !== undefined && !sameTags(changes.tags, before.tags)) {
    const added = changes.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !changes.tags!.includes(t));
    const parts = [
      added.length ? `added ${added.map((t) => `"${t}"`).join(', ')}` : '',
      removed.length ? `removed ${removed.map((t) => `"${t}"`).join(', ')}` : '',
    ];
    push('tags_changed', `${actor} ${parts.filter(Boolean).join(' and ')} ${added.length + removed.length === 1 ? 'tag' : 'tags'}`.trim(), { added, removed });
  }
  return out;
}

/**
 * `message.created` carries the whole message; one whose JSON would pass Pusher's 10 KB limit (a long text,
 * or many multi-byte characters) is cut to fit and flagged `contentTruncated`, so clients fetch it in full.
 */
export function messageCreatedEvent(message: Message, conversation: Conversation): Record<string, unknown> {
  const data = { message, conversation };
  if (byteLength(data) <= MAX_EVENT_BYTES) return data;
  const budget = MAX_EVENT_BYTES - byteLength({ message: { ...message, content: '', contentTruncated: true }, conversation });
  // Files with very long names leave no room even for an empty text: the event names neither, and clients fetch it.
  if (budget < 0) return { message: { ...message, content: '', attachments: [], contentTruncated: true }, conversation };
  let used = 0;
  let cut = '';
  for (const ch of message.content) {
    const size = byteLength(ch) - 2; // the character as it appears inside a JSON string
    if (used + size > budget) break;
    used += size;
    cut += ch;
  }
  return { message: { ...message, content: cut, contentTruncated: true }, conversation };
}

/** A message to store: every message write goes through insertMessage (replies, notes, inbound, AI, system). */
export interface NewMessage {
  workspaceId: string;
  conversationId: string;
  senderType: SenderType;
  /** The agent's user id, the customer's id for inbound channel messages, else null. */
  senderId: string | null;
  content: string;
  private?: boolean;
  /** `{channelId}:{provider message id}` of an inbound channel message. */
  externalId?: string | null;
  attachments?: Attachment[];
  event?: MessageEvent | null;
}

/**
 * Inserts a message and moves its conversation's summary, in the caller's transaction; null when the
 * conversation is not in the workspace. A non-private agent or AI message on a channel conversation goes out
 * after the commit: to the visitor's realtime channel for the web widget, else through the provider (an
 * outbox `channel.deliver`, its delivery `pending` until the provider answers; api/_lib/channels/deliver.ts).
 */
export async function insertMessage(
  tx: Tx,
  emit: (...events: DomainEvent[]) => void,
  input: NewMessage,
): Promise<{ message: Message; conversation: Conversation } | null> {
  const id = randomUUID();
  const isPrivate = input.private ?? false;
  const { senderType } = input;
  // The summary moves only if this message is the newest by (created_at, id), the order the message list
  // uses, so concurrent posts leave the newest one there whatever order they commit in. The row lock taken
  // by this UPDATE makes `unread_count + 1` exact under concurrency.
  const newer = sql`((now(), ${id}::uuid) > (coalesce(${conversations.lastMessageAt}, '-infinity'::timestamptz), coalesce(${conversations.lastMessageId}, '00000000-0000-0000-0000-000000000000'::uuid)))`;
  const ifNewer = (value: SQL, current: SQL | typeof conversations.lastMessageId) => sql`case when ${newer} then ${value} else ${current} end`;
  // A snoozed conversation wakes on the first write after its time, and when the customer writes.
  const wakes = sql`(${conversations.status} = 'snoozed' and (${conversations.snoozedUntil} <= now() or ${senderType === 'customer'}))`;
  const [row] = await tx
    .update(conversations)
    .set({
      // System lines (status, assignment, tags, snooze) stay in the thread only: the list's preview and order
      // show the conversation's last real message.
      ...(senderType === 'system'
        ? {}
        : {
            lastMessageId: ifNewer(sql`${id}::uuid`, conversations.lastMessageId),
            // A message of files only is previewed by their names.
            lastMessagePreview: ifNewer(
              sql`${preview(input.content || (input.attachments ?? []).map((a) => `📎 ${a.name}`).join(', '))}`,
              sql`${conversations.lastMessagePreview}`,
            ),
            lastMessageSenderType: ifNewer(sql`${senderType}::sender_type`, sql`${conversations.lastMessageSenderType}`),
            lastMessagePrivate: ifNewer(sql`${isPrivate}::boolean`, sql`${conversations.lastMessagePrivate}`),
            lastMessageAt: ifNewer(sql`now()`, sql`${conversations.lastMessageAt}`),
            sortAt: ifNewer(sql`now()`, sql`${conversations.sortAt}`),
          }),
      ...(senderType === 'customer' ? { unreadCount: sql`${conversations.unreadCount} + 1` } : {}),
      status: sql`case when ${wakes} then 'open'::conversation_status else ${conversations.status} end`,
      snoozedUntil: sql`case when ${wakes} then null else ${conversations.snoozedUntil} end`,
      updatedAt: sql`now()`,
    })
    .from(customers)
    .where(
      and(
        eq(conversations.id, input.conversationId),
        eq(conversations.workspaceId, input.workspaceId),
        isNull(conversations.deletedAt),
        eq(customers.id, conversations.customerId),
      ),
    )
    .returning(conversationColumns);
  if (!row) return null;
  const outgoing = !isPrivate && (senderType === 'agent' || senderType === 'ai') && row.channelId !== null;
  const toVisitor = outgoing && row.channel === 'web';
  const [inserted] = await tx
    .insert(messages)
    .values({
      id,
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      senderType,
      senderId: input.senderId,
      content: input.content,
      private: isPrivate,
      externalId: input.externalId ?? null,
      attachments: input.attachments ?? [],
      event: input.event ?? null,
      deliveryStatus: outgoing ? (toVisitor ? 'sent' : 'pending') : null,
      deliveryNextAt: outgoing && !toVisitor ? sql`now()` : null,
      createdAt: sql`now()`,
    })
    .returning(messageColumns);
  const message = toMessage(inserted!);
  const conversation = toConversation(row);
  emit(workspaceEvent(input.workspaceId, 'message.created', messageCreatedEvent(message, conversation)));
  if (toVisitor)
    emit({
      name: 'message.created',
      workspaceId: input.workspaceId,
      channels: [visitorChannel(input.conversationId)],
      payload: { message: toVisitorMessage(message) },
    });
  else if (outgoing) emit(channelDeliverEvent(input.workspaceId, id));
  return { message, conversation };
}

export async function postMessage(ctx: MemberContext, conversationId: string, body: CreateMessageBody): Promise<Message> {
  const senderType = body.senderType ?? 'agent';
  const isPrivate = body.private ?? false;
  if (senderType === 'customer' && isPrivate) throw invalidField('private', 'A customer message cannot be a private note');
  // Checked before anything is written: each file must be this workspace's upload.
  const attachments = workspaceAttachments(ctx, body.attachments ?? []);
  return withEvents(ctx, async (tx, emit) => {
    const posted = await insertMessage(tx, emit, {
      workspaceId: ctx.workspaceId,
      conversationId,
      senderType,
      senderId: senderType === 'agent' ? ctx.user.id : null,
      content: body.content,
      private: isPrivate,
      attachments,
    });
    if (!posted) throw notFound('Conversation');
    return posted.message;
  });
}

/**
 * Opens a conversation with a customer (the next number of the workspace), in the caller's transaction, and
 * emits `conversation.created`. The counter row stays locked until commit, so numbers are gap-free and unique.
 */
export async function openConversation(
  tx: Tx,
  emit: (...events: DomainEvent[]) => void,
  input: {
    workspaceId: string;
    customer: { id: string; name: string };
    channel: ConversationDetail['channel'];
    channelId?: string | null;
    subject?: string | null;
    aiActive?: boolean;
  },
): Promise<ConversationDetail> {
  const [counter] = await tx
    .insert(workspaceCounters)
    .values({ workspaceId: input.workspaceId, name: 'conversation', value: 1 })
    .onConflictDoUpdate({ target: [workspaceCounters.workspaceId, workspaceCounters.name], set: { value: sql`${workspaceCounters.value} + 1` } })
    .returning({ value: workspaceCounters.value });
  const [row] = await tx
    .insert(conversations)
    .values({
      workspaceId: input.workspaceId,
      number: counter!.value,
      customerId: input.customer.id,
      channel: input.channel,
      channelId: input.channelId ?? null,
      subject: input.subject ?? null,
      aiActive: input.aiActive ?? false,
    })
    .returning({ ...ownConversationColumns, notes: conversations.notes });
  const conversation = toConversationDetail({ ...row!, customerName: input.customer.name });
  emit(workspaceEvent(input.workspaceId, 'conversation.created', { conversation: summary(conversation) }));
  return conversation;
}

/**
 * The caller has read the conversation up to its last message: their read mark moves (never back), so their
 * unreadCount is 0 and other members' stay as they are. The team-wide `conversations.unread_count` (what
 * realtime events carry: customer messages since any member last read it) goes to 0 too, publishing
 * conversation.updated only when it changed.
 */
export async function markRead(ctx: MemberContext, conversationId: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    await rowsOf(
      tx,
      sql`insert into conversation_reads (conversation_id, user_id, workspace_id, last_read_at)
          select c.id, ${ctx.user.id}, c.workspace_id, now() from conversations c
          where c.id = ${conversationId} and c.workspace_id = ${ctx.workspaceId} and c.deleted_at is null
          on conflict (conversation_id, user_id) do update set last_read_at = greatest(conversation_reads.last_read_at, excluded.last_read_at)`,
    );
    const [row] = await tx
      .update(conversations)
      .set({ unreadCount: 0 })
      .from(customers)
      .where(
        and(
          eq(conversations.id, conversationId),
          eq(conversations.workspaceId, ctx.workspaceId),
          isNull(conversations.deletedAt),
          gt(conversations.unreadCount, 0),
          eq(customers.id, conversations.customerId),
        ),
      )
      .returning(conversationColumns);
    if (row) {
      emit(workspaceEvent(ctx.workspaceId, 'conversation.updated', { conversation: toConversation(row) }));
      return;
    }
    // Nothing was unread, or there is no such conversation: one transaction either way.
    const [exists] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, ctx.workspaceId), isNull(conversations.deletedAt)))
      .limit(1);
    if (!exists) throw notFound('Conversation');
  });
}

/**
 * A member left or was removed: their conversations go back to the unassigned queue rather than stay with
 * someone who can no longer see them. Runs in the caller's (the member removal's) transaction.
 */
export async function unassignMemberConversations(tx: Tx, workspaceId: string, userId: string): Promise<void> {
  await tx
    .update(conversations)
    .set({ assigneeId: null })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.assigneeId, userId)));
}
