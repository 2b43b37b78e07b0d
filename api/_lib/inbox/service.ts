// Writes to the inbox. Each runs in one transaction with its activity rows (where API.md asks for them) and
// its domain events, which the outbox dispatches after the commit.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type Conversation,
  type ConversationDetail,
  type createConversationBodySchema,
  type createMessageBodySchema,
  type Message,
  type updateConversationBodySchema,
} from '../../../contracts/conversations.js';
import { memberships } from '../../../db/schema/identity.js';
import { conversations, customers, messages, workspaceCounters } from '../../../db/schema/inbox.js';
import type { ActivityEntry } from '../../../contracts/activity.js';
import { recordActivity } from '../activity/record.js';
import { uniqueTags } from '../customers/service.js';
import { invalidField, notFound } from '../http/errors.js';
import type { Tx } from '../../../db/client.js';
import type { MemberContext } from '../http/route.js';
import { byteLength, MAX_EVENT_BYTES } from '../realtime/publish.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { conversationColumns, conversationDetailColumns, messageColumns, preview, toConversation, toConversationDetail, toMessage } from './queries.js';

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
    // The counter row stays locked until commit, so numbers are gap-free and unique per workspace.
    const [counter] = await tx
      .insert(workspaceCounters)
      .values({ workspaceId: ctx.workspaceId, name: 'conversation', value: 1 })
      .onConflictDoUpdate({ target: [workspaceCounters.workspaceId, workspaceCounters.name], set: { value: sql`${workspaceCounters.value} + 1` } })
      .returning({ value: workspaceCounters.value });
    const [row] = await tx
      .insert(conversations)
      .values({ workspaceId: ctx.workspaceId, number: counter!.value, customerId: customer.id, channel: body.channel, subject: body.subject ?? null })
      .returning({ ...ownConversationColumns, notes: conversations.notes });
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'conversation.created',
      subjectId: row!.id,
      metadata: { number: row!.number, customerId: customer.id, channel: body.channel },
    });
    const conversation = toConversationDetail({ ...row!, customerName: customer.name });
    emit(workspaceEvent(ctx.workspaceId, 'conversation.created', { conversation: summary(conversation) }));
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
      })
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .where(and(eq(conversations.id, id), eq(conversations.workspaceId, ctx.workspaceId)))
      .for('update', { of: conversations });
    if (!before) throw notFound('Conversation');
    if (assigneeId && !before.assigneeIsMember) throw invalidField('assigneeId', 'The assignee must be a member of this workspace');

    const changes: Partial<typeof conversations.$inferInsert> = {};
    if (body.status !== undefined) changes.status = body.status;
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
    if (changes.status !== undefined && changes.status !== before.status) {
      activity.push({ ...about, action: 'conversation.status_changed', metadata: { from: before.status, to: changes.status } });
    }
    if (changes.assigneeId !== undefined && changes.assigneeId !== before.assigneeId) {
      activity.push({ ...about, action: 'conversation.assigned', metadata: { from: before.assigneeId, to: changes.assigneeId } });
    }
    if (changes.tags !== undefined && !sameTags(changes.tags, before.tags)) {
      const added = changes.tags.filter((t) => !before.tags.includes(t));
      const removed = before.tags.filter((t) => !changes.tags!.includes(t));
      activity.push({ ...about, action: 'conversation.tags_changed', metadata: { from: before.tags, to: changes.tags, added, removed } });
    }
    await recordActivity(tx, ...activity);
    const detail = toConversationDetail(row!);
    emit(workspaceEvent(ctx.workspaceId, 'conversation.updated', { conversation: summary(detail) }));
    return detail;
  });
}

/**
 * `message.created` carries the whole message; one whose JSON would pass Pusher's 10 KB limit (a long text,
 * or many multi-byte characters) is cut to fit and flagged `contentTruncated`, so clients fetch it in full.
 */
export function messageCreatedEvent(message: Message, conversation: Conversation): Record<string, unknown> {
  const data = { message, conversation };
  if (byteLength(data) <= MAX_EVENT_BYTES) return data;
  const budget = MAX_EVENT_BYTES - byteLength({ message: { ...message, content: '', contentTruncated: true }, conversation });
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

export async function postMessage(ctx: MemberContext, conversationId: string, body: CreateMessageBody): Promise<Message> {
  const senderType = body.senderType ?? 'agent';
  const isPrivate = body.private ?? false;
  if (senderType === 'customer' && isPrivate) throw invalidField('private', 'A customer message cannot be a private note');
  const id = randomUUID();

  // The summary moves only if this message is the newest by (created_at, id), the order the message list
  // uses, so concurrent posts leave the newest one there whatever order they commit in. The row lock taken
  // by this UPDATE makes `unread_count + 1` exact under concurrency.
  const newer = sql`((now(), ${id}::uuid) > (coalesce(${conversations.lastMessageAt}, '-infinity'::timestamptz), coalesce(${conversations.lastMessageId}, '00000000-0000-0000-0000-000000000000'::uuid)))`;
  const ifNewer = (value: SQL, current: SQL | typeof conversations.lastMessageId) => sql`case when ${newer} then ${value} else ${current} end`;

  return withEvents(ctx, async (tx, emit) => {
    const [conversation] = await tx
      .update(conversations)
      .set({
        lastMessageId: ifNewer(sql`${id}::uuid`, conversations.lastMessageId),
        lastMessagePreview: ifNewer(sql`${preview(body.content)}`, sql`${conversations.lastMessagePreview}`),
        lastMessageSenderType: ifNewer(sql`${senderType}::sender_type`, sql`${conversations.lastMessageSenderType}`),
        lastMessagePrivate: ifNewer(sql`${isPrivate}::boolean`, sql`${conversations.lastMessagePrivate}`),
        lastMessageAt: ifNewer(sql`now()`, sql`${conversations.lastMessageAt}`),
        sortAt: ifNewer(sql`now()`, sql`${conversations.sortAt}`),
        ...(senderType === 'customer' ? { unreadCount: sql`${conversations.unreadCount} + 1` } : {}),
        updatedAt: sql`now()`,
      })
      .from(customers)
      .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, ctx.workspaceId), eq(customers.id, conversations.customerId)))
      .returning(conversationColumns);
    if (!conversation) throw notFound('Conversation');
    const [message] = await tx
      .insert(messages)
      .values({
        id,
        workspaceId: ctx.workspaceId,
        conversationId,
        senderType,
        senderId: senderType === 'agent' ? ctx.user.id : null,
        content: body.content,
        private: isPrivate,
        createdAt: sql`now()`,
      })
      .returning(messageColumns);
    const created = toMessage(message!);
    emit(workspaceEvent(ctx.workspaceId, 'message.created', messageCreatedEvent(created, toConversation(conversation))));
    return created;
  });
}

/** unreadCount → 0. Publishes conversation.updated only when the count actually changed. */
export async function markRead(ctx: MemberContext, conversationId: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    const [row] = await tx
      .update(conversations)
      .set({ unreadCount: 0 })
      .from(customers)
      .where(
        and(
          eq(conversations.id, conversationId),
          eq(conversations.workspaceId, ctx.workspaceId),
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
      .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, ctx.workspaceId)))
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
