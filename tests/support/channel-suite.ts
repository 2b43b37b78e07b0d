// The tests every provider channel passes (tests/api/channel-{telegram,viber,tiktok}.test.ts): signed deliveries
// in, redeliveries and concurrent first messages stored once, and replies out through the stand-in, with a
// retried server error, a permanent refusal and private notes.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDueDeliveries } from '../../api/_lib/channels/deliver.js';
import { messages } from '../../db/schema/inbox.js';
import type { ChannelProviders, ProviderName } from '../../dev/channel-providers/server.js';
import type { TestApp } from './app.js';
import { channelCounts, createChannel, eventually, messageRow, sleep, startChannelTestApp } from './channels.js';
import { client } from './http.js';
import { teamFixture } from './users.js';

export interface ProviderCase {
  type: 'telegram' | 'viber' | 'tiktok' | 'facebook' | 'instagram' | 'whatsapp';
  credentials: Record<string, unknown>;
  externalId?: string;
  /** A customer message delivery as the provider writes it. */
  delivery(sender: { id: string; name: string }, messageId: string, text: string): string;
  /** The provider's signature headers for a body. */
  sign(body: string): Record<string, string>;
  /** Headers with a wrong signature. */
  wrong(body: string): Record<string, string>;
  /** Where the provider sends the business's reply for this sender (the recipient the stand-in records). */
  recipientOf(senderId: string): string;
  /** The sender id as the provider gives it (chat ids are numbers). */
  senderId(n: number): string;
  /** A delivery receipt for a message the business sent, as the provider writes it (providers that send them). */
  receipt?(messageId: string, recipient: string, status: 'delivered' | 'read' | 'failed', error?: string): string;
  /** The provider also reports a failed delivery after it accepted the message (WhatsApp), with a reason. */
  failedReceipts?: boolean;
  /** The customer's name in the app, when the provider's delivery carries none (Messenger, Instagram). */
  nameOf?(sender: { id: string; name: string }): string;
  /** The GET handshake's query (Meta's hub.challenge) with the right or a wrong verify token, and the challenge. */
  handshake?: { query(right: boolean): string; challenge: string };
}

export function providerSuite(c: ProviderCase): void {
  let app: TestApp;
  let providers: ChannelProviders;
  let api: ReturnType<typeof client>;
  let team: Awaited<ReturnType<typeof teamFixture>>;
  let channel: { id: string; webhookUrl: string };
  let w: string;
  let seq = 0;
  const provider = c.type as ProviderName;

  beforeAll(async () => {
    ({ app, providers } = await startChannelTestApp());
    api = client(app.url);
    team = await teamFixture(api);
    w = `/api/workspaces/${team.workspace.id}`;
    channel = await createChannel(app, { workspaceId: team.workspace.id, type: c.type, credentials: c.credentials, externalId: c.externalId });
  });
  afterAll(() => app.close());

  const post = (body: string, headers: Record<string, string>) =>
    api.request('POST', `/api/webhooks/${c.type}/${channel.id}`, { raw: body, headers: { 'content-type': 'application/json', ...headers } });
  const messageCount = async () => (await channelCounts(app, channel.id)).messages;
  /** A new customer writes; resolves with their conversation once it is stored. */
  async function newCustomer(text = 'Hello, is my order on its way?') {
    const sender = { id: c.senderId(++seq + 1000), name: `Customer ${seq}` };
    const body = c.delivery(sender, `m-${seq}-${Date.now()}`, text);
    expect((await post(body, c.sign(body))).status).toBe(200);
    const conversationId = await eventually(
      async () => {
        const list = await api.get(`${w}/conversations?limit=100`, { token: team.agent.token });
        const name = c.nameOf?.(sender) ?? sender.name;
        return (list.body.data as { id: string; customer: { name: string } }[]).find((x) => x.customer.name === name)?.id;
      },
      5000,
      'the conversation',
    );
    return { sender, conversationId };
  }
  const reply = (conversationId: string, content: string, extra: Record<string, unknown> = {}) =>
    api.post(`${w}/conversations/${conversationId}/messages`, { content, ...extra }, { token: team.agent.token });

  describe(`${c.type} deliveries`, () => {
    it('stores a correctly signed message once, answering 200', async () => {
      const before = await messageCount();
      const body = c.delivery({ id: c.senderId(1), name: 'Signed Sender' }, 'signed-1', 'Signed hello');
      const answer = await post(body, c.sign(body));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ received: true });
      await eventually(async () => (await messageCount()) === before + 1, 5000, 'the message');
      const [stored] = await app.database.db.select().from(messages).where(eq(messages.content, 'Signed hello'));
      expect(stored).toMatchObject({ senderType: 'customer', externalId: expect.stringContaining(channel.id) });
    });

    it('refuses a missing signature with 401 and a wrong one with 403, storing nothing', async () => {
      const before = await messageCount();
      const body = c.delivery({ id: c.senderId(2), name: 'Forger' }, 'forged-1', 'Forged hello');
      expect((await post(body, {})).status).toBe(401);
      expect((await post(body, c.wrong(body))).status).toBe(403);
      await sleep(300);
      expect(await messageCount()).toBe(before);
      const found = await app.database.db.select().from(messages).where(eq(messages.content, 'Forged hello'));
      expect(found).toHaveLength(0);
    });

    it.each(c.handshake ? ['the verify token'] : [])('answers the webhook handshake with the challenge for %s only', async () => {
      const ok = await api.get(`/api/webhooks/${c.type}/${channel.id}?${c.handshake!.query(true)}`);
      expect(ok.status).toBe(200);
      expect(String(ok.body)).toBe(c.handshake!.challenge);
      expect((await api.get(`/api/webhooks/${c.type}/${channel.id}?${c.handshake!.query(false)}`)).status).toBe(403);
    });

    it('answers 404 for an unknown channel or a channel of another type', async () => {
      const body = c.delivery({ id: c.senderId(3), name: 'Lost' }, 'lost-1', 'Lost');
      expect((await api.request('POST', `/api/webhooks/${c.type}/00000000-0000-4000-8000-000000000000`, { raw: body, headers: c.sign(body) })).status).toBe(
        404,
      );
      const other = c.type === 'telegram' ? 'viber' : 'telegram';
      expect((await api.request('POST', `/api/webhooks/${other}/${channel.id}`, { raw: body, headers: c.sign(body) })).status).toBe(404);
    });

    it('stores a delivery sent five times once', async () => {
      const before = await messageCount();
      const body = c.delivery({ id: c.senderId(4), name: 'Repeater' }, 'repeat-1', 'Said once');
      for (let i = 0; i < 5; i++) expect((await post(body, c.sign(body))).status).toBe(200);
      await eventually(async () => (await messageCount()) === before + 1, 5000, 'the message');
      await sleep(500);
      expect(await messageCount()).toBe(before + 1);
    });

    it('makes one customer and one conversation of 50 concurrent first messages from a new sender', async () => {
      const sender = { id: c.senderId(5), name: 'Eager Newcomer' };
      const bodies = Array.from({ length: 50 }, (_, i) => c.delivery(sender, `burst-${i}`, `Burst ${i}`));
      const answers = await Promise.all(bodies.map((body) => post(body, c.sign(body))));
      expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
      const list = await eventually(
        async () => {
          const rows = await app.database.db.select({ c: messages.conversationId, s: messages.senderId, content: messages.content }).from(messages);
          const burst = rows.filter((m) => /^Burst \d+$/.test(m.content));
          return burst.length === 50 ? burst : undefined;
        },
        15000,
        '50 messages',
      );
      expect(new Set(list.map((r) => r.c)).size).toBe(1);
      expect(new Set(list.map((r) => r.s)).size).toBe(1);
    });
  });

  describe(`${c.type} replies`, () => {
    it('sends an agent reply with exactly its text and marks it sent', async () => {
      const { sender, conversationId } = await newCustomer();
      const text = 'Yes — it ships today. «Ünïcødé» ✓';
      const posted = await reply(conversationId, text);
      expect(posted.status).toBe(201);
      expect(posted.body.delivery).toEqual({ status: 'pending', error: null });
      const sent = await providers.waitForSent((m) => m.provider === provider && m.recipient === c.recipientOf(sender.id));
      expect(sent.text).toBe(text);
      const row = await eventually(
        async () => {
          const r = await messageRow(app, posted.body.id);
          return r?.deliveryStatus === 'sent' ? r : undefined;
        },
        5000,
        'sent',
      );
      expect(row.externalId).toBe(`${channel.id}:${c.type === 'telegram' ? `${c.recipientOf(sender.id)}:${sent.messageId}` : sent.messageId}`);
      const thread = await api.get(`${w}/conversations/${conversationId}/messages`, { token: team.agent.token });
      expect(thread.body.data[0]).toMatchObject({ id: posted.body.id, delivery: { status: 'sent', error: null } });
    });

    it('retries after a server error and ends sent', async () => {
      const { sender, conversationId } = await newCustomer();
      providers.failNext(provider, { kind: 'transient' });
      const posted = await reply(conversationId, 'After a hiccup');
      const retrying = await eventually(
        async () => {
          const r = await messageRow(app, posted.body.id);
          return r && r.deliveryAttempts === 1 && r.deliveryStatus === 'pending' ? r : undefined;
        },
        5000,
        'the first failed try',
      );
      expect(retrying.deliveryError).toBeTruthy();
      expect(retrying.deliveryNextAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
      await sleep(400); // CHANNEL_RETRY_BASE_SECONDS = 0.2
      const swept = await sweepDueDeliveries(app.database.db);
      expect(swept.sent).toBeGreaterThanOrEqual(1);
      const row = await messageRow(app, posted.body.id);
      expect(row).toMatchObject({ deliveryStatus: 'sent', deliveryAttempts: 2, deliveryError: null, deliveryNextAt: null });
      expect(providers.sent().filter((m) => m.recipient === c.recipientOf(sender.id) && m.text === 'After a hiccup')).toHaveLength(1);
    });

    it('ends failed with the provider’s reason when it refuses for good', async () => {
      const { conversationId } = await newCustomer();
      providers.failNext(provider, { kind: 'permanent', reason: 'The customer blocked this account' });
      const posted = await reply(conversationId, 'You will not get this');
      const row = await eventually(
        async () => {
          const r = await messageRow(app, posted.body.id);
          return r?.deliveryStatus === 'failed' ? r : undefined;
        },
        5000,
        'failed',
      );
      expect(row.deliveryError).toContain('The customer blocked this account');
      expect(row.deliveryNextAt).toBeNull();
    });

    it.each(c.receipt ? ['receipts'] : [])('moves a reply’s delivery with the provider’s %s', async () => {
      const { sender, conversationId } = await newCustomer();
      const posted = await reply(conversationId, 'Tracked reply');
      const sent = await providers.waitForSent((m) => m.recipient === c.recipientOf(sender.id) && m.text === 'Tracked reply');
      await eventually(async () => (await messageRow(app, posted.body.id))?.deliveryStatus === 'sent', 5000, 'sent');
      for (const status of ['delivered', 'read'] as const) {
        const body = c.receipt!(sent.messageId, c.recipientOf(sender.id), status);
        expect((await post(body, c.sign(body))).status).toBe(200);
        await eventually(async () => (await messageRow(app, posted.body.id))?.deliveryStatus === status, 5000, status);
      }
      // A late receipt never moves it back.
      const late = c.receipt!(sent.messageId, c.recipientOf(sender.id), 'delivered');
      expect((await post(late, c.sign(late))).status).toBe(200);
      await sleep(300);
      expect((await messageRow(app, posted.body.id))?.deliveryStatus).toBe('read');
    });

    it.each(c.failedReceipts ? ['failure receipt'] : [])('ends a sent reply failed with the reason of a %s', async () => {
      const { sender, conversationId } = await newCustomer();
      const posted = await reply(conversationId, 'Outside the window');
      const sent = await providers.waitForSent((m) => m.recipient === c.recipientOf(sender.id) && m.text === 'Outside the window');
      await eventually(async () => (await messageRow(app, posted.body.id))?.deliveryStatus === 'sent', 5000, 'sent');
      const body = c.receipt!(sent.messageId, c.recipientOf(sender.id), 'failed', 'Re-engagement message');
      expect((await post(body, c.sign(body))).status).toBe(200);
      const row = await eventually(
        async () => {
          const r = await messageRow(app, posted.body.id);
          return r?.deliveryStatus === 'failed' ? r : undefined;
        },
        5000,
        'failed',
      );
      expect(row.deliveryError).toContain('Re-engagement message');
    });

    it('never sends a private note', async () => {
      const { sender, conversationId } = await newCustomer();
      const note = await reply(conversationId, 'Internal: check the warehouse', { private: true });
      expect(note.status).toBe(201);
      expect(note.body.delivery).toBeNull();
      await reply(conversationId, 'Public answer');
      await providers.waitForSent((m) => m.recipient === c.recipientOf(sender.id) && m.text === 'Public answer');
      await sweepDueDeliveries(app.database.db);
      expect(providers.sent().some((m) => m.text.includes('Internal: check the warehouse'))).toBe(false);
      expect((await messageRow(app, note.body.id))?.deliveryStatus).toBeNull();
    });
  });
}
