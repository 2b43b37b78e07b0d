// Demo channels: the web chat widget (embedded by the demo page at /_dev/widget) and a Telegram bot (served in
// development by the local Telegram stand-in), each with the demo conversations of its kind attached and
// their customers known by their channel identities. Called by db/seed.ts inside its transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from './client.js';
import { channelIdentities, channels } from './schema/channels.js';
import { conversations, messages } from './schema/inbox.js';

/** The demo widget's public key (`data-key`), fixed so the demo page and screenshots find it. */
export const DEMO_WIDGET_PUBLIC_KEY = 'pk_demo_acme_coffee_widget';
/** Sites allowed to embed the demo widget: the demo page's origins in development. */
export const DEMO_WIDGET_ORIGINS = ['http://127.0.0.1:3001', 'http://localhost:3001'];
/** The demo bot's token as the local Telegram stand-in knows it (`{bot id}:{secret}`, as Telegram's are). */
export const DEMO_TELEGRAM_BOT_TOKEN = '7000000001:AAdemo-acme-coffee-bot-token';

export interface SeedChannelsOptions {
  workspaceId: string;
  createdBy: string;
  /** Encrypts a channel's credentials (api/_lib/channels/crypto.ts); without it the bot's token is not stored. */
  encryptSecret?: (value: unknown, aad: string) => string;
}

export async function seedChannels(tx: Tx, { workspaceId, createdBy, encryptSecret }: SeedChannelsOptions): Promise<{ webId: string; telegramId: string }> {
  const webId = crypto.randomUUID();
  const telegramId = crypto.randomUUID();
  const credentials = encryptSecret?.({ botToken: DEMO_TELEGRAM_BOT_TOKEN, webhookSecret: 'demo-telegram-webhook-secret' }, telegramId) ?? null;
  await tx.insert(channels).values([
    {
      id: webId,
      workspaceId,
      type: 'web',
      name: 'Website chat',
      publicKey: DEMO_WIDGET_PUBLIC_KEY,
      settings: { allowedOrigins: DEMO_WIDGET_ORIGINS, greeting: 'Hi! Questions about beans, brewing or your order? Ask away.', color: '#6d28d9' },
      createdBy,
      lastActivityAt: sql`now() - interval '2 hours'`,
    },
    {
      id: telegramId,
      workspaceId,
      type: 'telegram',
      name: 'Telegram @acme_coffee_bot',
      status: credentials ? 'connected' : 'error',
      lastError: credentials ? null : 'The bot token is not stored: connect the bot again',
      settings: { username: 'acme_coffee_bot' },
      externalId: DEMO_TELEGRAM_BOT_TOKEN.split(':')[0]!,
      credentials,
      createdBy,
      lastActivityAt: sql`now() - interval '5 hours'`,
    },
  ]);
  for (const [type, channelId] of [
    ['web', webId],
    ['telegram', telegramId],
  ] as const) {
    const attached = await tx
      .update(conversations)
      .set({ channelId })
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.channel, type)))
      .returning({ id: conversations.id, customerId: conversations.customerId });
    const customerIds = [...new Set(attached.map((c) => c.customerId))];
    if (customerIds.length > 0) {
      await tx.insert(channelIdentities).values(
        customerIds.map((customerId, i) => ({
          workspaceId,
          channelId,
          customerId,
          externalId: type === 'telegram' ? String(5_550_001 + i) : `demo-visitor-${i + 1}`,
        })),
      );
    }
    // The replies already went out: the widget's and Telegram's (Telegram reports no receipts).
    if (attached.length > 0) {
      await tx
        .update(messages)
        .set({ deliveryStatus: 'sent' })
        .where(
          and(
            inArray(
              messages.conversationId,
              attached.map((c) => c.id),
            ),
            inArray(messages.senderType, ['agent', 'ai']),
            eq(messages.private, false),
          ),
        );
    }
  }
  return { webId, telegramId };
}
