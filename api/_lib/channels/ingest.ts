// Inbound channel messages: a provider's delivery (or a web-widget visitor) becomes a customer, a conversation
// and a message, in one transaction. Deliveries of one sender on one channel are serialized by an advisory
// lock, so concurrent first messages make one customer and one conversation, and a provider's redelivery
// (the same message id) changes nothing.
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { ChannelType } from '../../../contracts/channel-types.js';
import type { Attachment, Channel as ConversationChannel, Message } from '../../../contracts/conversations.js';
import type { Tx } from '../../../db/client.js';
import { channelIdentities, channels } from '../../../db/schema/channels.js';
import { conversations, customers, messages } from '../../../db/schema/inbox.js';
import { customerColumns, toCustomer } from '../customers/queries.js';
import { withEvents, workspaceEvent, type DomainEvent, type EventOrigin } from '../events/outbox.js';
import { assistantOnForNew } from '../assistant/settings.js';
import { insertMessage, openConversation } from '../inbox/service.js';

export interface InboundSender {
  /** The sender's id at the provider (chat id, PSID, phone number, widget visitor id). */
  externalId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface InboundMessage {
  channel: { id: string; workspaceId: string; type: ChannelType };
  sender: InboundSender;
  /** The provider's id of the message; null when it has none (then a redelivery cannot be recognised). */
  externalMessageId: string | null;
  content: string;
  attachments?: Attachment[];
  /**
   * The email is only what the sender typed (the web widget): stored on a new customer, never used to join an
   * existing one, whose conversations on the channel the sender could otherwise read.
   */
  unverifiedEmail?: boolean;
}

export interface IngestResult {
  duplicate: boolean;
  customerId: string;
  conversationId: string;
  message: Message | null;
}

/** A channel type's conversations carry the same name in the conversation's `channel`. */
const conversationChannel = (type: ChannelType): ConversationChannel => type;

/** `{channelId}:{provider message id}`: message ids are unique per provider account, not across them. */
export const externalMessageKey = (channelId: string, providerMessageId: string) => `${channelId}:${providerMessageId}`;

const MAX_NAME = 100;

/** Stores one inbound message; see the file's head. */
export async function ingestInbound(origin: EventOrigin, input: InboundMessage): Promise<IngestResult> {
  const { channel, sender } = input;
  const externalId = input.externalMessageId ? externalMessageKey(channel.id, input.externalMessageId) : null;
  return withEvents(origin, async (tx, emit) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`inbound:${channel.id}:${sender.externalId}`}, 0))`);
    if (externalId) {
      const [known] = await tx
        .select({ id: messages.id, conversationId: messages.conversationId, customerId: conversations.customerId })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(messages.workspaceId, channel.workspaceId), eq(messages.externalId, externalId)))
        .limit(1);
      if (known) return { duplicate: true, customerId: known.customerId, conversationId: known.conversationId, message: null };
    }
    const customer = await customerOf(tx, input, emit);
    const [open] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      // A deleted conversation takes no more messages: the customer writing again starts a new one.
      .where(
        and(
          eq(conversations.channelId, channel.id),
          eq(conversations.customerId, customer.id),
          ne(conversations.status, 'closed'),
          isNull(conversations.deletedAt),
        ),
      )
      .orderBy(desc(conversations.sortAt))
      .limit(1);
    const conversationId =
      open?.id ??
      (
        await openConversation(tx, emit, {
          workspaceId: channel.workspaceId,
          customer,
          channel: conversationChannel(channel.type),
          channelId: channel.id,
          // The assistant's default for new conversations (Settings → Assistant), read in this transaction.
          aiActive: await assistantOnForNew(tx, channel.workspaceId),
        })
      ).id;
    const posted = await insertMessage(tx, emit, {
      workspaceId: channel.workspaceId,
      conversationId,
      senderType: 'customer',
      senderId: customer.id,
      content: input.content,
      externalId,
      attachments: input.attachments,
    });
    await tx
      .update(channels)
      .set({ lastActivityAt: sql`now()` })
      .where(eq(channels.id, channel.id));
    return { duplicate: false, customerId: customer.id, conversationId, message: posted!.message };
  });
}

/** The sender's customer: through the channel identity, else the workspace's customer with that email, else a new one. */
async function customerOf(tx: Tx, input: InboundMessage, emit: (...events: DomainEvent[]) => void): Promise<{ id: string; name: string }> {
  const { channel, sender } = input;
  const [known] = await tx
    .select({ id: customers.id, name: customers.name })
    .from(channelIdentities)
    .innerJoin(customers, eq(customers.id, channelIdentities.customerId))
    .where(and(eq(channelIdentities.channelId, channel.id), eq(channelIdentities.externalId, sender.externalId)))
    .limit(1);
  if (known) return known;
  const email = sender.email?.trim().toLowerCase() || null;
  let customer: { id: string; name: string } | undefined;
  let note: string | null = null;
  if (email) {
    [customer] = await tx
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.workspaceId, channel.workspaceId), sql`lower(${customers.email}) = ${email}`))
      .limit(1);
    if (customer && input.unverifiedEmail) {
      // Another customer has that email (one per workspace): keep it where the team sees it, unlinked.
      note = `Gave the email ${email} in the web chat; the customer ${customer.name} has it.`;
      customer = undefined;
    }
  }
  if (!customer) {
    const name = Array.from(sender.name.trim() || 'Visitor')
      .slice(0, MAX_NAME)
      .join('');
    const [created] = await tx
      .insert(customers)
      .values({ workspaceId: channel.workspaceId, name, email: note ? null : email, phone: sender.phone ?? null, notes: note })
      .returning(customerColumns);
    emit(workspaceEvent(channel.workspaceId, 'customer.created', { customer: toCustomer(created!) }));
    customer = { id: created!.id, name: created!.name };
  }
  await tx
    .insert(channelIdentities)
    .values({ workspaceId: channel.workspaceId, channelId: channel.id, externalId: sender.externalId, customerId: customer.id });
  return customer;
}
