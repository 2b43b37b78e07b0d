// Outbound channel messages: an agent's or the assistant's reply on a provider channel goes out after its write
// commits (the outbox's `channel.deliver` sink calls deliverMessage), and again from sweepDueDeliveries when a
// try failed for a reason worth retrying. The message's own columns record its way out: delivery_status
// (pending → sent → delivered → read, or failed), delivery_error, delivery_attempts and delivery_next_at.
//
// - A provider that takes the message: `sent`, its id stored as `{channelId}:{provider id}` (receipts find it).
// - A transient failure (5xx, 429, network, timeout): attempts + 1, the next try after
//   CHANNEL_RETRY_BASE_SECONDS × 4^(attempts − 1); after 5 attempts, failed with the last reason.
// - A permanent one (a 4xx: blocked, unknown recipient, revoked token): failed with the provider's reason.
// Neither throws: the sink's event is done either way, and the message shows what happened (Retry resends).
// A try claims the message first (delivery_next_at moves past the try), so the sink and a sweep never send it twice.
import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { channelIdentities, channels } from '../../../db/schema/channels.js';
import { conversations, messages } from '../../../db/schema/inbox.js';
import { database } from '../db.js';
import { serverEnv } from '../env.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { messageColumns, toMessage } from '../inbox/queries.js';
import { backgroundOrigin } from './inbound.js';
import { externalMessageKey } from './ingest.js';
import { toLoadedChannel } from './load.js';
import { adapterFor, hasAdapter } from './providers/index.js';
import { ProviderSendError } from './providers/types.js';

export const MAX_DELIVERY_ATTEMPTS = 5;
/** How long a claimed try may take before a sweep may try the message again. */
const CLAIM_SECONDS = 120;

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

/** The wait before the next try after `attempts` failed ones. */
export const retryDelaySeconds = (attempts: number, base = serverEnv().channels.retryBaseSeconds) => base * 4 ** Math.max(0, attempts - 1);

/** Sends one message through its channel's provider (see the file's head). Never throws for the provider's failures. */
export async function deliverMessage(messageId: string, db?: Db): Promise<DeliveryOutcome> {
  const handle = db ?? (await database()).db;
  // Claim: only a pending message that is due, and only one caller at a time.
  const [claimed] = await handle
    .update(messages)
    .set({ deliveryNextAt: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
    .where(and(eq(messages.id, messageId), eq(messages.deliveryStatus, 'pending'), lte(messages.deliveryNextAt, sql`now()`)))
    .returning({
      id: messages.id,
      workspaceId: messages.workspaceId,
      conversationId: messages.conversationId,
      senderType: messages.senderType,
      private: messages.private,
      content: messages.content,
      attachments: messages.attachments,
      attempts: messages.deliveryAttempts,
    });
  if (!claimed) return 'skipped';
  const origin = backgroundOrigin(handle);
  const settle = async (set: Parameters<ReturnType<Db['update']>['set']>[0]) => {
    await withEvents(origin, async (tx, emit) => {
      const [row] = await tx.update(messages).set(set).where(eq(messages.id, claimed.id)).returning(messageColumns);
      if (row) emit(workspaceEvent(claimed.workspaceId, 'message.updated', { message: toMessage(row) }));
    });
    await origin.flush();
  };
  const fail = async (reason: string) => {
    await settle({ deliveryStatus: 'failed', deliveryError: reason.slice(0, 500), deliveryNextAt: null, deliveryAttempts: claimed.attempts + 1 });
    return 'failed' as const;
  };

  // Private notes never leave the app, whatever state a row is in.
  if (claimed.private || (claimed.senderType !== 'agent' && claimed.senderType !== 'ai')) {
    await settle({ deliveryStatus: null, deliveryError: null, deliveryNextAt: null });
    return 'skipped';
  }

  const [target] = await handle
    .select({ channel: channels, recipient: channelIdentities.externalId })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .leftJoin(channelIdentities, and(eq(channelIdentities.channelId, channels.id), eq(channelIdentities.customerId, conversations.customerId)))
    .where(eq(conversations.id, claimed.conversationId))
    .orderBy(desc(channelIdentities.createdAt))
    .limit(1);
  if (!target) return fail('The conversation has no channel');
  if (!hasAdapter(target.channel.type)) return fail(`Messages cannot be sent through a ${target.channel.type} channel`);
  if (target.channel.status === 'disconnected') return fail('The channel is disconnected');
  if (!target.recipient) return fail('The customer has no address on this channel');

  let channel;
  try {
    channel = toLoadedChannel(target.channel);
  } catch (err) {
    return fail(`The channel's credentials cannot be read (${(err as Error).message}): connect it again`);
  }
  const attempts = claimed.attempts + 1;
  try {
    const adapter = await adapterFor(channel.type);
    const attachments = (claimed.attachments as { name: string; contentType: string; url?: string }[])
      .filter((a) => a.url)
      .map((a) => ({ name: a.name, contentType: a.contentType, url: a.url! }));
    const { externalMessageId } = await adapter.send(channel, target.recipient, { content: claimed.content, attachments });
    await settle({
      // A receipt that raced ahead of this answer already moved it further.
      deliveryStatus: sql`case when ${messages.deliveryStatus} = 'pending' then 'sent' else ${messages.deliveryStatus} end`,
      deliveryError: null,
      deliveryNextAt: null,
      deliveryAttempts: attempts,
      externalId: externalMessageKey(channel.id, externalMessageId),
    });
    return 'sent';
  } catch (err) {
    const failure = err instanceof ProviderSendError ? err : new ProviderSendError(false, (err as Error).message || String(err));
    if (failure.permanent || attempts >= MAX_DELIVERY_ATTEMPTS) return fail(failure.reason);
    await settle({
      deliveryError: failure.reason.slice(0, 500),
      deliveryAttempts: attempts,
      deliveryNextAt: sql`now() + make_interval(secs => ${retryDelaySeconds(attempts)})`,
    });
    return 'retry';
  }
}

export interface DeliverySweepOptions {
  /** Stop starting new tries after this long (the daily cron shares its time). Default 20 s. */
  budgetMs?: number;
  /** At most this many messages per sweep. Default 500. */
  limit?: number;
}

/** Tries every pending delivery that is due, oldest first: the daily cron and the local runtime's timer. */
export async function sweepDueDeliveries(
  db: Db,
  options: DeliverySweepOptions = {},
): Promise<{ attempted: number; sent: number; failed: number; retrying: number }> {
  const { budgetMs = 20_000, limit = 500 } = options;
  const started = Date.now();
  const due = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.deliveryStatus, 'pending'), isNotNull(messages.deliveryNextAt), lte(messages.deliveryNextAt, sql`now()`)))
    .orderBy(asc(messages.deliveryNextAt))
    .limit(limit);
  const result = { attempted: 0, sent: 0, failed: 0, retrying: 0 };
  for (const { id } of due) {
    if (Date.now() - started > budgetMs) break;
    const outcome = await deliverMessage(id, db);
    if (outcome === 'skipped') continue;
    result.attempted += 1;
    if (outcome === 'sent') result.sent += 1;
    else if (outcome === 'failed') result.failed += 1;
    else result.retrying += 1;
  }
  return result;
}
