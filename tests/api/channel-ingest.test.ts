// ingestInbound, the one way a channel's inbound message enters the inbox: the sender becomes a customer
// through the channel identity (or the workspace's customer with that email), the message joins their open
// conversation on that channel or opens one, and a provider message id is stored once.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelIdentities, channels } from '../../db/schema/channels.js';
import { conversations, customers, messages } from '../../db/schema/inbox.js';
import { ingestInbound, type InboundMessage } from '../../api/_lib/channels/ingest.js';
import type { EventOrigin } from '../../api/_lib/events/outbox.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let channel: InboundMessage['channel'];
const pending: Promise<unknown>[] = [];

const db = () => app.database.db;
const origin = (): EventOrigin => ({ db: db(), socketId: null, after: (task) => void pending.push(task()) });
const inbound = (over: Omit<Partial<InboundMessage>, 'sender'> & { sender?: Partial<InboundMessage['sender']> } = {}): InboundMessage => ({
  channel,
  externalMessageId: randomUUID(),
  content: 'Hello from Telegram',
  ...over,
  sender: { externalId: '1001', name: 'Tg Sender', ...over.sender },
});

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  const [row] = await db()
    .insert(channels)
    .values({ workspaceId: team.workspace.id, type: 'telegram', name: 'Test bot' })
    .returning({ id: channels.id, workspaceId: channels.workspaceId });
  channel = { id: row!.id, workspaceId: row!.workspaceId, type: 'telegram' };
});
afterAll(async () => {
  await Promise.allSettled(pending);
  await app.close();
});

describe('ingestInbound', () => {
  it('makes a customer, an identity, a telegram conversation on the channel and the message, visible to agents', async () => {
    const first = await ingestInbound(origin(), inbound({ sender: { externalId: 'new-1', name: 'Nadia Tg' }, content: 'Do you ship to Lisbon?' }));
    expect(first.duplicate).toBe(false);
    const conversation = await api.get(`/api/workspaces/${team.workspace.id}/conversations/${first.conversationId}`, { token: team.agent.token });
    expect(conversation.body).toMatchObject({ channel: 'telegram', channelId: channel.id, customer: { name: 'Nadia Tg' }, status: 'open' });
    const list = await api.get(`/api/workspaces/${team.workspace.id}/conversations/${first.conversationId}/messages`, { token: team.agent.token });
    expect(list.body.data).toEqual([
      expect.objectContaining({ senderType: 'customer', senderId: first.customerId, content: 'Do you ship to Lisbon?', delivery: null }),
    ]);
    const identities = await db().select().from(channelIdentities).where(eq(channelIdentities.externalId, 'new-1'));
    expect(identities).toEqual([expect.objectContaining({ channelId: channel.id, customerId: first.customerId })]);
  });

  it('adds later messages of the sender to the same open conversation, and opens a new one once it is closed', async () => {
    const a = await ingestInbound(origin(), inbound({ sender: { externalId: 'same-1' } }));
    const b = await ingestInbound(origin(), inbound({ sender: { externalId: 'same-1' } }));
    expect(b.conversationId).toBe(a.conversationId);
    expect(b.customerId).toBe(a.customerId);
    const closed = await api.patch(`/api/workspaces/${team.workspace.id}/conversations/${a.conversationId}`, { status: 'closed' }, { token: team.agent.token });
    expect(closed.status).toBe(200);
    const c = await ingestInbound(origin(), inbound({ sender: { externalId: 'same-1' } }));
    expect(c.conversationId).not.toBe(a.conversationId);
    expect(c.customerId).toBe(a.customerId);
  });

  it('stores a provider message id once: a redelivery changes nothing', async () => {
    const delivery = inbound({ sender: { externalId: 'redelivered' }, externalMessageId: 'tg-42' });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await ingestInbound(origin(), delivery));
    expect(results.map((r) => r.duplicate)).toEqual([false, true, true, true, true]);
    const [counted] = await db()
      .select({ count: sql<number>`count(*)::int` })
      .from(messages)
      .where(eq(messages.conversationId, results[0]!.conversationId));
    expect(counted!.count).toBe(1);
    const [conversation] = await db().select({ unread: conversations.unreadCount }).from(conversations).where(eq(conversations.id, results[0]!.conversationId));
    expect(conversation!.unread).toBe(1);
  });

  it('keeps message ids apart per channel: the same provider id on another channel is another message', async () => {
    const [other] = await db()
      .insert(channels)
      .values({ workspaceId: team.workspace.id, type: 'telegram', name: 'Second bot' })
      .returning({ id: channels.id, workspaceId: channels.workspaceId });
    const here = await ingestInbound(origin(), inbound({ sender: { externalId: 'x' }, externalMessageId: 'shared-7' }));
    const there = await ingestInbound(origin(), {
      ...inbound({ sender: { externalId: 'x' }, externalMessageId: 'shared-7' }),
      channel: { ...channel, id: other!.id },
    });
    expect(here.duplicate).toBe(false);
    expect(there.duplicate).toBe(false);
    expect(there.customerId).not.toBe(here.customerId);
  });

  it("joins a sender who gives an email to the workspace's customer with that email", async () => {
    const customer = await api.post(
      `/api/workspaces/${team.workspace.id}/customers`,
      { name: 'Known Buyer', email: 'known.buyer@example.com' },
      { token: team.agent.token },
    );
    const result = await ingestInbound(origin(), inbound({ sender: { externalId: 'visitor-9', name: 'Someone', email: 'Known.Buyer@example.com' } }));
    expect(result.customerId).toBe(customer.body.id);
    const [row] = await db().select({ name: customers.name }).from(customers).where(eq(customers.id, customer.body.id));
    expect(row!.name).toBe('Known Buyer');
  });

  it('makes one customer and one conversation from 20 concurrent first messages of one sender', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingestInbound(origin(), inbound({ sender: { externalId: 'burst' }, content: `burst ${i}` }))),
    );
    expect(new Set(results.map((r) => r.customerId)).size).toBe(1);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    const [counted] = await db()
      .select({ count: sql<number>`count(*)::int` })
      .from(channelIdentities)
      .where(and(eq(channelIdentities.channelId, channel.id), eq(channelIdentities.externalId, 'burst')));
    expect(counted!.count).toBe(1);
  });
});
