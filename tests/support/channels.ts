// API tests of provider channels: the app with the channel-provider stand-ins its TELEGRAM_API_URL,
// VIBER_API_URL and TIKTOK_API_URL point at, channels made in the database (credentials encrypted, as the
// channels API stores them) and connected through their adapters, and polling until after-response work landed.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { encryptSecret } from '../../api/_lib/channels/crypto.js';
import { loadChannel } from '../../api/_lib/channels/load.js';
import { adapterFor } from '../../api/_lib/channels/providers/index.js';
import { channels } from '../../db/schema/channels.js';
import { conversations, customers, messages } from '../../db/schema/inbox.js';
import { startChannelProviders, type ChannelProviders } from '../../dev/channel-providers/server.js';
import { startTestApp, type TestApp } from './app.js';

export const TEST_TIKTOK_SECRET = 'test-tiktok-client-secret';

export async function startChannelTestApp(): Promise<{ app: TestApp; providers: ChannelProviders }> {
  const providers = await startChannelProviders({ port: 0, appUrl: null, tiktokClientSecret: TEST_TIKTOK_SECRET });
  // Before the app reads its environment. Retries come due within a fraction of a second.
  Object.assign(process.env, providers.env, { TIKTOK_CLIENT_SECRET: TEST_TIKTOK_SECRET, CHANNEL_RETRY_BASE_SECONDS: '0.2' });
  const app = await startTestApp();
  providers.setAppUrl(app.url);
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await providers.close();
  };
  return { app, providers };
}

export async function createChannel(
  app: TestApp,
  input: {
    workspaceId: string;
    type: 'telegram' | 'viber' | 'tiktok' | 'facebook' | 'instagram' | 'whatsapp';
    credentials: Record<string, unknown>;
    externalId?: string;
    connect?: boolean;
  },
): Promise<{ id: string; webhookUrl: string }> {
  const id = randomUUID();
  const db = app.database.db;
  await db.insert(channels).values({
    id,
    workspaceId: input.workspaceId,
    type: input.type,
    name: `Test ${input.type}`,
    credentials: encryptSecret(input.credentials, id),
    externalId: input.externalId ?? null,
  });
  const webhookUrl = `${app.url}/api/webhooks/${input.type}/${id}`;
  if (input.connect !== false) {
    const adapter = await adapterFor(input.type);
    if (adapter.connect) {
      const connected = await adapter.connect((await loadChannel(db, id))!, webhookUrl);
      await db
        .update(channels)
        .set({ externalId: connected.externalId, settings: connected.settings ?? {} })
        .where(eq(channels.id, id));
    }
  }
  return { id, webhookUrl };
}

/** Polls until `check` returns a value that is not undefined/false (after-response work lands a little later). */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, timeoutMs = 5000, what = 'the condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts of what a channel holds: customer messages, conversations, customers (through its conversations). */
export async function channelCounts(app: TestApp, channelId: string) {
  const [row] = await app.database.db
    .select({
      messages: sql<number>`count(${messages.id})::int`,
      conversations: sql<number>`count(distinct ${conversations.id})::int`,
      customers: sql<number>`count(distinct ${customers.id})::int`,
    })
    .from(conversations)
    .innerJoin(customers, eq(customers.id, conversations.customerId))
    .leftJoin(messages, and(eq(messages.conversationId, conversations.id), eq(messages.senderType, 'customer')))
    .where(eq(conversations.channelId, channelId));
  return row ?? { messages: 0, conversations: 0, customers: 0 };
}

export async function messageRow(app: TestApp, id: string) {
  const [row] = await app.database.db.select().from(messages).where(eq(messages.id, id));
  return row;
}
