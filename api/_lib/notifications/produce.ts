// Turns a committed domain event into notifications for the people it concerns. Runs after the event's write
// committed, at least once per event: every notification's dedupe key is `outbox:{event.id}:{type}`, so a
// redelivered event makes nothing new. Where an event does not say what changed (conversation.updated,
// batch.updated), the activity entry the same transaction wrote tells it (same transaction, same now()).
//
//   conversation.updated, a new assignee      → conversation.assigned, to them (not when they took it themselves)
//   message.created from a customer           → conversation.message, to the conversation's assignee
//   message.created, a private note, @Name    → mention, to that member (not the note's author)
//   member.updated, an invitation             → invitation.received, to the invited email's existing account
//   payment.updated succeeded / failed        → order.paid / payment.failed, to admins and owners
//   batch.updated into quality_check          → batch.awaiting_qc, to admins and owners
//   material.low_stock                        → material.below_minimum, to admins and owners
import { sql } from 'drizzle-orm';
import type { NotificationType } from '../../../contracts/notifications.js';
import { rowsOf, type Db, type Tx } from '../../../db/client.js';
import { database } from '../db.js';
import { withEvents, type EventOrigin } from '../events/outbox.js';
import type { DeliveredEvent } from '../events/subscribers.js';
import { createNotifications, type NewNotification } from './service.js';

type Draft = Omit<NewNotification, 'dedupeKey' | 'workspaceId'>;

const snippet = (text: string, max = 140) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

interface ConversationLike {
  id: string;
  number: number;
  customer: { id: string; name: string };
  subject: string | null;
  assigneeId: string | null;
}
interface MessageLike {
  id: string;
  senderType: string;
  senderId: string | null;
  content: string;
  private: boolean;
}

/** The activity entry of `action` about `subjectId` written in the event's own transaction (same now()). */
async function activityOf(db: Db | Tx, event: DeliveredEvent, action: string, subjectId: string) {
  const at = event.createdAt.toISOString();
  const [row] = await rowsOf<{ actorId: string | null; actorName: string | null; metadata: Record<string, unknown> }>(
    db,
    sql`select a.actor_id as "actorId", u.name as "actorName", a.metadata from activities a left join users u on u.id = a.actor_id
        where a.workspace_id = ${event.workspaceId} and a.action = ${action} and a.subject_id = ${subjectId}
          and a.created_at between ${at}::timestamptz - interval '1 millisecond' and ${at}::timestamptz + interval '1 millisecond'
        order by a.created_at desc limit 1`,
  );
  return row ?? null;
}

async function admins(db: Db | Tx, workspaceId: string): Promise<string[]> {
  const rows = await rowsOf<{ userId: string }>(
    db,
    sql`select user_id as "userId" from memberships where workspace_id = ${workspaceId} and role in ('owner', 'admin')`,
  );
  return rows.map((r) => r.userId);
}

const inboxUrl = (wid: string, conversationId: string) => `/w/${wid}/inbox/${conversationId}`;
const conversationLabel = (c: ConversationLike) => `#${c.number} · ${c.customer.name}${c.subject ? ` — ${c.subject}` : ''}`;

/** Members named `@Full Name` (or `@First` when no other member has that first name) in a note. */
export function mentionedMembers(content: string, members: { userId: string; name: string }[]): string[] {
  const text = content.toLowerCase();
  const at = (handle: string) => {
    const needle = `@${handle.toLowerCase()}`;
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      const before = i === 0 ? ' ' : text[i - 1]!;
      const after = text[i + needle.length] ?? ' ';
      if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    }
    return false;
  };
  const firstNames = new Map<string, number>();
  for (const m of members) {
    const first = m.name.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    firstNames.set(first, (firstNames.get(first) ?? 0) + 1);
  }
  return members
    .filter((m) => {
      const name = m.name.trim();
      if (!name) return false;
      const first = name.split(/\s+/)[0]!;
      return at(name) || (firstNames.get(first.toLowerCase()) === 1 && at(first));
    })
    .map((m) => m.userId);
}

async function draftsFor(db: Db, event: DeliveredEvent): Promise<Draft[]> {
  const wid = event.workspaceId;
  if (!wid) return [];
  const p = event.payload;
  switch (event.name) {
    case 'conversation.updated': {
      const c = p.conversation as ConversationLike;
      if (!c?.assigneeId) return [];
      const assigned = await activityOf(db, event, 'conversation.assigned', c.id);
      if (!assigned || assigned.metadata.to !== c.assigneeId || assigned.actorId === c.assigneeId) return [];
      return [
        {
          userId: c.assigneeId,
          type: 'conversation.assigned',
          title: `${assigned.actorName ?? 'Someone'} assigned you conversation #${c.number}`,
          body: conversationLabel(c),
          url: inboxUrl(wid, c.id),
        },
      ];
    }
    case 'message.created': {
      const m = p.message as MessageLike;
      const c = p.conversation as ConversationLike;
      if (!m || !c) return [];
      if (m.senderType === 'customer' && !m.private && c.assigneeId) {
        return [
          {
            userId: c.assigneeId,
            type: 'conversation.message',
            title: `New message from ${c.customer.name}`,
            body: snippet(m.content),
            url: inboxUrl(wid, c.id),
          },
        ];
      }
      if (m.private && m.senderType === 'agent' && m.content.includes('@')) {
        const members = await rowsOf<{ userId: string; name: string }>(
          db,
          sql`select m.user_id as "userId", u.name from memberships m join users u on u.id = m.user_id where m.workspace_id = ${wid}`,
        );
        const author = members.find((x) => x.userId === m.senderId)?.name ?? 'Someone';
        return mentionedMembers(m.content, members)
          .filter((userId) => userId !== m.senderId)
          .map((userId) => ({
            userId,
            type: 'mention' as const,
            title: `${author} mentioned you in #${c.number}`,
            body: snippet(m.content),
            url: inboxUrl(wid, c.id),
          }));
      }
      return [];
    }
    case 'member.updated': {
      const member = p.member as { id: string; userId: string | null; email: string; status: string; role: string };
      if (!member || member.userId !== null || member.status !== 'invited') return [];
      const [row] = await rowsOf<{ userId: string; workspaceName: string; inviter: string | null }>(
        db,
        sql`select u.id as "userId", w.name as "workspaceName", iu.name as inviter
            from users u, invitations i join workspaces w on w.id = i.workspace_id left join users iu on iu.id = i.invited_by
            where lower(u.email) = lower(${member.email}) and i.id = ${member.id} and i.workspace_id = ${wid} and i.status = 'pending'`,
      );
      if (!row) return [];
      return [
        {
          userId: row.userId,
          type: 'invitation.received',
          title: `${row.inviter ?? 'Someone'} invited you to ${row.workspaceName}`,
          body: `As ${member.role}. Open the invitation email to join.`,
          url: null,
        },
      ];
    }
    case 'payment.updated': {
      const pay = p.payment as {
        id: string;
        orderId: string;
        status: string;
        amount: number;
        currency: string;
        amountRefunded: number;
        lastError?: string | null;
      };
      if (!pay) return [];
      const type: NotificationType | null =
        pay.status === 'succeeded' && pay.amountRefunded === 0 ? 'order.paid' : pay.status === 'failed' ? 'payment.failed' : null;
      if (!type) return [];
      const [order] = await rowsOf<{ number: number }>(db, sql`select number from orders where id = ${pay.orderId} and workspace_id = ${wid}`);
      if (!order) return [];
      const money = `${(pay.amount / 100).toFixed(2)} ${pay.currency.toUpperCase()}`;
      const title = type === 'order.paid' ? `Order #${order.number} was paid` : `A payment for order #${order.number} failed`;
      const body = type === 'order.paid' ? money : `${money}${pay.lastError ? `: ${pay.lastError}` : ''}`;
      return (await admins(db, wid)).map((userId) => ({ userId, type, title, body: snippet(body, 300), url: `/w/${wid}/orders/${pay.orderId}` }));
    }
    case 'batch.updated': {
      const batch = p.batch as { id: string; code?: string; product?: string; status: string };
      if (!batch || batch.status !== 'quality_check') return [];
      const changed = await activityOf(db, event, 'batch.status_changed', batch.id);
      if (!changed || changed.metadata.to !== 'quality_check') return [];
      return (await admins(db, wid)).map((userId) => ({
        userId,
        type: 'batch.awaiting_qc' as const,
        title: `Batch ${batch.code ?? ''} awaits its quality check`.replace(/\s+/g, ' '),
        body: batch.product ? String(batch.product) : '',
        url: `/w/${wid}/batches/${batch.id}`,
      }));
    }
    case 'material.low_stock': {
      const low = p as { material: { id: string; code: string; name: string; unit: string }; plantName: string; quantity: number; minStock: number };
      if (!low.material) return [];
      return (await admins(db, wid)).map((userId) => ({
        userId,
        type: 'material.below_minimum' as const,
        title: `${low.material.name} is below its minimum at ${low.plantName}`,
        body: `${low.quantity} ${low.material.unit} left, minimum ${low.minStock} (${low.material.code})`,
        url: `/w/${wid}/materials/${low.material.id}`,
      }));
    }
    default:
      return [];
  }
}

/** The subscriber: makes the event's notifications in one transaction, and dispatches their events after it. */
export async function produceNotifications(event: DeliveredEvent): Promise<void> {
  const { db } = await database();
  const drafts = await draftsFor(db, event);
  if (drafts.length === 0) return;
  const after: (() => Promise<unknown>)[] = [];
  const origin: EventOrigin = { db, socketId: null, after: (task) => void after.push(task) };
  await withEvents(origin, (tx, emit) =>
    createNotifications(
      tx,
      drafts.map((d) => ({ ...d, workspaceId: event.workspaceId, dedupeKey: `outbox:${event.id}:${d.type}` })),
      emit,
    ),
  );
  for (const task of after) await task();
}
