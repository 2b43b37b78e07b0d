// What a verified provider delivery becomes. The webhooks function records the parsed delivery as an outbox
// event (`channel.inbound`) and answers 200 at once; the event's sink stores it after the response. Because the
// event is in the outbox, work that fails (or a function stopped before it ran) stays pending and the outbox
// sweep runs it again, and a redelivered message changes nothing (ingestInbound keys it by the provider's id).
// Files a message carries are fetched from the provider and stored first, outside the message's transaction
// (api/_lib/channels/attachments.ts); a message already stored is not fetched again.
import { and, eq, sql } from 'drizzle-orm';
import type { ChannelType } from '../../../contracts/channel-types.js';
import type { Attachment } from '../../../contracts/conversations.js';
import type { Db, Tx } from '../../../db/client.js';
import { messages } from '../../../db/schema/inbox.js';
import { withEvents, workspaceEvent, type DomainEvent, type EventOrigin } from '../events/outbox.js';
import { messageColumns, toMessage } from '../inbox/queries.js';
import { storeInboundFiles } from './attachments.js';
import { externalMessageKey, ingestInbound } from './ingest.js';
import { loadChannel } from './load.js';
import { adapterFor } from './providers/index.js';
import type { InboundMessage, InboundStatus, ParsedDelivery } from './providers/types.js';

export interface InboundPayload {
  channel: { id: string; workspaceId: string; type: ChannelType };
  messages: InboundMessage[];
  statuses: InboundStatus[];
}

/** The outbox event that stores a verified delivery after the response. */
export const channelInboundEvent = (channel: InboundPayload['channel'], parsed: ParsedDelivery): DomainEvent => ({
  name: 'channel.inbound',
  workspaceId: channel.workspaceId,
  channels: [],
  payload: { channel, messages: parsed.messages, statuses: parsed.statuses } satisfies InboundPayload as unknown as Record<string, unknown>,
});

/** An origin outside a request: after-work is collected and run by `flush` (awaited, so errors surface). */
export function backgroundOrigin(db: Db): EventOrigin & { flush(): Promise<void> } {
  const queued: (() => Promise<unknown>)[] = [];
  return {
    db,
    socketId: null,
    after: (task) => void queued.push(task),
    async flush() {
      while (queued.length > 0) await queued.shift()!();
    },
  };
}

/** Stores a delivery's messages (each once) and applies its receipts. Throws when storing fails (the outbox retries). */
export async function storeInbound(db: Db, payload: InboundPayload): Promise<void> {
  const origin = backgroundOrigin(db);
  for (const message of payload.messages) {
    let content = message.content;
    let attachments: Attachment[] | undefined;
    if (message.attachments?.length && !(await isKnown(db, payload.channel, message.externalMessageId))) {
      const channel = await loadChannel(db, payload.channel.id);
      const stored = channel
        ? await storeInboundFiles(channel, await adapterFor(channel.type), message.attachments)
        : { attachments: [], notes: message.attachments.map((a) => `${a.label} (the file could not be stored: the channel is gone)`) };
      attachments = stored.attachments;
      content = [content, ...stored.notes].filter(Boolean).join('\n');
    }
    await ingestInbound(origin, {
      channel: payload.channel,
      sender: message.sender,
      externalMessageId: message.externalMessageId,
      content,
      ...(attachments?.length ? { attachments } : {}),
    });
  }
  if (payload.statuses.length > 0) await withEvents(origin, (tx, emit) => applyStatuses(tx, emit, payload.channel, payload.statuses));
  await origin.flush();
}

/** Whether a message with this provider id is stored already (a redelivery: its files are not fetched again). */
async function isKnown(db: Db, channel: InboundPayload['channel'], externalMessageId: string | null): Promise<boolean> {
  if (!externalMessageId) return false;
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, channel.workspaceId), eq(messages.externalId, externalMessageKey(channel.id, externalMessageId))))
    .limit(1);
  return Boolean(row);
}

const ORDER = sql`array['pending','sent','delivered','read']::text[]`;

/**
 * Moves each receipt's message forward only: pending < sent < delivered < read; failed (with the provider's
 * reason) only from pending or sent. A receipt for a message we do not know, or one that is behind, changes nothing.
 */
export async function applyStatuses(
  tx: Tx,
  emit: (...events: DomainEvent[]) => void,
  channel: InboundPayload['channel'],
  statuses: InboundStatus[],
): Promise<number> {
  let moved = 0;
  for (const receipt of statuses) {
    const forward =
      receipt.status === 'failed'
        ? sql`${messages.deliveryStatus} in ('pending', 'sent')`
        : sql`coalesce(array_position(${ORDER}, ${messages.deliveryStatus}), 99) < array_position(${ORDER}, ${receipt.status}::text)`;
    const [row] = await tx
      .update(messages)
      .set({
        deliveryStatus: receipt.status,
        deliveryError: receipt.status === 'failed' ? (receipt.error ?? 'The provider could not deliver the message') : null,
        deliveryNextAt: null,
      })
      .where(
        and(
          eq(messages.workspaceId, channel.workspaceId),
          eq(messages.externalId, externalMessageKey(channel.id, receipt.externalMessageId)),
          sql`${messages.deliveryStatus} is not null`,
          forward,
        ),
      )
      .returning(messageColumns);
    if (!row) continue;
    moved += 1;
    emit(workspaceEvent(channel.workspaceId, 'message.updated', { message: toMessage(row) }));
  }
  return moved;
}
