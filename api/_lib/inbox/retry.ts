// Retry of a failed channel delivery: the message goes back to pending with its attempts reset, and out again
// through the outbox's `channel.deliver` sink once this write commits.
import { and, eq, sql } from 'drizzle-orm';
import type { Message } from '../../../contracts/conversations.js';
import { messages } from '../../../db/schema/inbox.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { channelDeliverEvent } from '../events/sinks.js';
import { ApiError, notFound } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { messageColumns, toMessage } from './queries.js';

export async function retryMessageDelivery(ctx: MemberContext, conversationId: string, messageId: string): Promise<Message> {
  return withEvents(ctx, async (tx, emit) => {
    // A deleted conversation's messages are not found (404) until it is restored.
    const where = and(
      eq(messages.id, messageId),
      eq(messages.conversationId, conversationId),
      eq(messages.workspaceId, ctx.workspaceId),
      sql`exists (select 1 from conversations c where c.id = ${conversationId} and c.deleted_at is null)`,
    );
    const [row] = await tx
      .update(messages)
      .set({ deliveryStatus: 'pending', deliveryError: null, deliveryAttempts: 0, deliveryNextAt: sql`now()` })
      .where(and(where, eq(messages.deliveryStatus, 'failed'), eq(messages.private, false)))
      .returning(messageColumns);
    if (!row) {
      const [current] = await tx.select({ status: messages.deliveryStatus }).from(messages).where(where).limit(1);
      if (!current) throw notFound('Message');
      throw new ApiError(
        409,
        'invalid_transition',
        current.status ? `This message is ${current.status}; only a failed delivery can be retried` : 'This message is not a channel delivery',
      );
    }
    const message = toMessage(row);
    emit(workspaceEvent(ctx.workspaceId, 'message.updated', { message }), channelDeliverEvent(ctx.workspaceId, message.id));
    return message;
  });
}
