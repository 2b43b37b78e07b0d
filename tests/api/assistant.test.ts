// The AI assistant over HTTP, against the local OpenAI-compatible stand-in (dev/ai-server.ts) that AI_BASE_URL
// points at: a customer message on a conversation with aiActive gets an `ai` answer grounded in the knowledge
// text and the products; it hands over (aiActive off, a system message, notifications) when the customer asks
// for a person (without asking the model), when the model calls `handoff`, after 3 answers in a row, and when
// the API fails; a redelivered or twice-dispatched event answers once; the settings endpoints and their roles.
// assistant-off.test.ts checks that nothing happens without an AI API configured.
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assistantSettingsSchema } from '../../contracts/assistant.js';
import { randomUUID } from 'node:crypto';
import { ingestInbound } from '../../api/_lib/channels/ingest.js';
import { dispatch, type EventOrigin } from '../../api/_lib/events/outbox.js';
import { channels } from '../../db/schema/channels.js';
import { asksForPerson, HANDOVER_REASONS, HANDOVER_REPLY } from '../../api/_lib/assistant/reply.js';
import { startAiServer, type AiServer } from '../../dev/ai-server.js';
import { startChannelProviders, type ChannelProviders } from '../../dev/channel-providers/server.js';
import { assistantAnswers } from '../../db/schema/assistant.js';
import { conversations } from '../../db/schema/inbox.js';
import { notifications } from '../../db/schema/notifications.js';
import { outbox } from '../../db/schema/platform.js';
import { products } from '../../db/schema/products.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let ai: AiServer;
let providers: ChannelProviders;
const BOT_TOKEN = '7100000077:AAH-assistant-bot-token-for-tests';
let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let base: string;

type Msg = {
  id: string;
  senderType: string;
  senderId: string | null;
  content: string;
  private: boolean;
  event: { type: string; data: Record<string, unknown> } | null;
};

beforeAll(async () => {
  ai = await startAiServer({ port: 0 });
  providers = await startChannelProviders({ port: 0, appUrl: null });
  Object.assign(process.env, providers.env, { AI_BASE_URL: ai.baseUrl, AI_API_KEY: ai.apiKey, AI_MODEL: ai.model });
  app = await startTestApp();
  providers.setAppUrl(app.url);
  providers.addToken('telegram', BOT_TOKEN, { username: 'assistant_bot', first_name: 'Assistant Bot' });
  api = client(app.url);
  team = await teamFixture(api);
  base = `/api/workspaces/${team.workspace.id}`;
  await app.database.db.insert(products).values([
    { workspaceId: team.workspace.id, sku: 'YIRG-250', name: 'Ethiopia Yirgacheffe', price: 1450, currency: 'EUR', stock: 12 },
    { workspaceId: team.workspace.id, sku: 'MUG-1', name: 'Enamel mug', price: 900, currency: 'EUR', stock: 0 },
  ]);
  const saved = await api.put(
    `${base}/assistant`,
    { enabledForNewConversations: true, knowledge: 'We roast on Mondays and ship within 2 working days.' },
    { token: team.admin.token },
  );
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await ai?.close();
  await providers?.close();
});

async function aiConversation(name = 'Carla Customer'): Promise<{ id: string; url: string }> {
  const customer = await api.post(`${base}/customers`, { name }, { token: team.agent.token });
  const conversation = await api.post(`${base}/conversations`, { customerId: customer.body.id, channel: 'api' }, { token: team.agent.token });
  expect(conversation.status).toBe(201);
  const url = `${base}/conversations/${conversation.body.id}`;
  const on = await api.patch(url, { aiActive: true }, { token: team.agent.token });
  expect(on.status).toBe(200);
  expect(on.body.aiActive).toBe(true);
  return { id: conversation.body.id, url };
}

async function say(url: string, content: string, senderType: 'customer' | 'agent' = 'customer'): Promise<Msg> {
  const res = await api.post(`${url}/messages`, { content, senderType }, { token: team.agent.token });
  expect(res.status).toBe(201);
  return res.body as Msg;
}

/** The conversation's messages, oldest first. */
async function thread(url: string): Promise<Msg[]> {
  const res = await api.get(`${url}/messages?limit=100`, { token: team.viewer.token });
  expect(res.status).toBe(200);
  return (res.body.data as Msg[]).reverse();
}

/** Waits until the thread has `count` messages after the customer message `after` (by id), and returns them. */
async function repliesTo(url: string, after: Msg, count = 1): Promise<Msg[]> {
  return vi.waitFor(
    async () => {
      const messages = await thread(url);
      const later = messages.slice(messages.findIndex((m) => m.id === after.id) + 1);
      if (later.length < count) throw new Error(`${later.length} of ${count} replies so far`);
      return later;
    },
    { timeout: 10_000, interval: 50 },
  );
}

async function conversationRow(id: string) {
  const [row] = await app.database.db
    .select({ aiActive: conversations.aiActive, aiTurns: conversations.aiTurns })
    .from(conversations)
    .where(eq(conversations.id, id));
  return row!;
}

async function handoverNotifications(conversationId: string) {
  return app.database.db
    .select({ userId: notifications.userId, title: notifications.title, url: notifications.url })
    .from(notifications)
    .where(and(eq(notifications.type, 'ai.handover'), sql`${notifications.url} like ${`%/inbox/${conversationId}`}`))
    .orderBy(asc(notifications.userId));
}

const sorted = (ids: string[]) => [...ids].sort();

describe('asksForPerson', () => {
  it('finds a request for a person in several languages, and not in ordinary questions', () => {
    for (const text of [
      'I want a human',
      'Can I talk to a real person?',
      'AGENT please',
      'quiero hablar con una persona',
      'Ich möchte einen Mitarbeiter',
      'je veux parler à un conseiller',
      'Покличте людину',
      'дайте оператора',
    ]) {
      expect(asksForPerson(text), text).toBe(true);
    }
    for (const text of ['How much is the Ethiopia Yirgacheffe?', 'When do you ship?', 'I have a complaint about my order', 'personal order for humanity']) {
      expect(asksForPerson(text), text).toBe(false);
    }
  });
});

describe('answers', () => {
  it('answers a customer question with an ai message grounded in the products and the knowledge text', async () => {
    const c = await aiConversation();
    const before = ai.requests().length;
    const question = await say(c.url, 'How much is the Ethiopia Yirgacheffe?');
    const [answer] = await repliesTo(c.url, question);
    expect(answer).toMatchObject({ senderType: 'ai', senderId: null, private: false, event: null, content: 'Ethiopia Yirgacheffe: €14.50, 12 in stock.' });
    expect((await conversationRow(c.id)).aiTurns).toBe(1);

    // What the model was sent: the knowledge text and the products in the system message, the question last.
    const request = ai.requests()[before]!;
    expect(request.tools.map((t) => t.function.name)).toEqual(['handoff']);
    expect(request.messages[0]!.role).toBe('system');
    expect(request.messages[0]!.content).toContain('We roast on Mondays and ship within 2 working days.');
    expect(request.messages[0]!.content).toContain('- Enamel mug: €9.00, out of stock');
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: 'How much is the Ethiopia Yirgacheffe?' });

    // The next question carries the conversation so far as user and assistant turns.
    const next = await say(c.url, 'And when do you ship?');
    const [second] = await repliesTo(c.url, next);
    expect(second!.senderType).toBe('ai');
    expect(second!.content).toContain('And when do you ship?');
    expect(ai.requests().at(-1)!.messages.slice(1)).toEqual([
      { role: 'user', content: 'How much is the Ethiopia Yirgacheffe?' },
      { role: 'assistant', content: 'Ethiopia Yirgacheffe: €14.50, 12 in stock.' },
      { role: 'user', content: 'And when do you ship?' },
    ]);
    expect((await conversationRow(c.id)).aiTurns).toBe(2);
  });

  it('leaves agent replies, private notes and conversations without the assistant alone', async () => {
    const customer = await api.post(`${base}/customers`, { name: 'Quiet Quinn' }, { token: team.agent.token });
    const conversation = await api.post(`${base}/conversations`, { customerId: customer.body.id, channel: 'api' }, { token: team.agent.token });
    const url = `${base}/conversations/${conversation.body.id}`;
    const before = ai.requests().length;
    const question = await say(url, 'How much is the Ethiopia Yirgacheffe?');
    await say(url, 'Let me check.', 'agent');
    const note = await api.post(`${url}/messages`, { content: 'Ask the roastery', private: true }, { token: team.agent.token });
    expect(note.status).toBe(201);
    // Both events are dispatched (the outbox marks them) and nothing answered.
    await vi.waitFor(
      async () => {
        const pending = await app.database.db
          .select({ id: outbox.id })
          .from(outbox)
          .where(sql`${outbox.dispatchedAt} is null and ${outbox.payload} -> 'message' ->> 'id' = ${question.id}`);
        expect(pending).toEqual([]);
      },
      { timeout: 5000 },
    );
    expect(ai.requests().length).toBe(before);
    expect((await thread(url)).map((m) => m.senderType)).toEqual(['customer', 'agent', 'agent']);
  });
});

describe('handover', () => {
  it('hands over without asking the model when the customer asks for a person: aiActive off, a system message, every agent+ notified', async () => {
    const c = await aiConversation('Hugo Human');
    const before = ai.requests().length;
    const ask = await say(c.url, 'I want a human');
    const replies = await repliesTo(c.url, ask, 2);
    expect(ai.requests().length).toBe(before);
    const system = replies.find((m) => m.senderType === 'system')!;
    expect(system).toMatchObject({
      content: `The assistant handed this conversation to the team: ${HANDOVER_REASONS.asked}`,
      event: { type: 'ai.handover', actorId: null, data: { reason: HANDOVER_REASONS.asked, messageId: ask.id } },
    });
    expect(replies.find((m) => m.senderType === 'ai')!.content).toBe(HANDOVER_REPLY);
    expect(await conversationRow(c.id)).toEqual({ aiActive: false, aiTurns: 0 });
    const detail = await api.get(c.url, { token: team.viewer.token });
    expect(detail.body.aiActive).toBe(false);

    // Unassigned: the owner, the admin and the agent are told; the viewer is not.
    const notified = await handoverNotifications(c.id);
    expect(sorted(notified.map((n) => n.userId))).toEqual(sorted([team.owner.user.id, team.admin.user.id, team.agent.user.id]));
    expect(notified[0]!.title).toMatch(/^Conversation #\d+ needs a person$/);

    // With the assistant off, further customer messages get no answer.
    const later = await say(c.url, 'Hello?');
    await new Promise((r) => setTimeout(r, 300));
    expect((await thread(c.url)).at(-1)!.id).toBe(later.id);
  });

  it('notifies only the assignee of an assigned conversation', async () => {
    const c = await aiConversation('Assigned Anna');
    await api.patch(c.url, { assigneeId: team.agent.user.id }, { token: team.agent.token });
    const ask = await say(c.url, 'Can I speak to a real person please?');
    await repliesTo(c.url, ask, 2);
    expect((await handoverNotifications(c.id)).map((n) => n.userId)).toEqual([team.agent.user.id]);
  });

  it('hands over when the model calls its handoff tool', async () => {
    const c = await aiConversation('Cora Complaint');
    const before = ai.requests().length;
    const complaint = await say(c.url, 'I have a complaint about my order');
    const replies = await repliesTo(c.url, complaint, 2);
    expect(ai.requests().length).toBe(before + 1);
    expect(ai.requests().at(-1)!.answer.toolCall?.name).toBe('handoff');
    expect(replies.find((m) => m.senderType === 'system')).toMatchObject({
      content: 'The assistant handed this conversation to the team: the customer needs a person',
      event: { type: 'ai.handover', data: { reason: 'the customer needs a person' } },
    });
    expect((await conversationRow(c.id)).aiActive).toBe(false);
    expect(await handoverNotifications(c.id)).toHaveLength(3);
  });

  it('hands over after 3 answers in a row; a person writing starts the count again', async () => {
    const c = await aiConversation('Tom Turns');
    for (let i = 1; i <= 2; i++) await repliesTo(c.url, await say(c.url, `Question ${i}?`));
    expect((await conversationRow(c.id)).aiTurns).toBe(2);
    await say(c.url, 'Hi, Ava here. What else can I do for you?', 'agent');
    await vi.waitFor(async () => expect((await conversationRow(c.id)).aiTurns).toBe(0), { timeout: 5000 });
    for (let i = 3; i <= 5; i++) {
      const [answer] = await repliesTo(c.url, await say(c.url, `Question ${i}?`));
      expect(answer!.senderType).toBe('ai');
    }
    expect(await conversationRow(c.id)).toEqual({ aiActive: true, aiTurns: 3 });
    const before = ai.requests().length;
    const fourth = await say(c.url, 'Question 6?');
    const replies = await repliesTo(c.url, fourth, 2);
    expect(ai.requests().length).toBe(before);
    expect(replies.find((m) => m.senderType === 'system')!.event!.data.reason).toBe(HANDOVER_REASONS.turns);
    expect(await conversationRow(c.id)).toEqual({ aiActive: false, aiTurns: 0 });
  });

  it('hands over for a request for a person in an earlier message nobody answered yet', async () => {
    const c = await aiConversation('Bea Burst');
    // Both written before the assistant ran (it was off); then it is on and the newer one's event arrives.
    await app.database.db.update(conversations).set({ aiActive: false }).where(eq(conversations.id, c.id));
    await say(c.url, 'Can I talk to a real person?');
    const latest = await say(c.url, 'Hello? Anyone there');
    const [event] = await app.database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.name} = 'message.created' and ${outbox.payload} -> 'message' ->> 'id' = ${latest.id}`);
    await app.database.db.update(conversations).set({ aiActive: true }).where(eq(conversations.id, c.id));
    const before = ai.requests().length;
    await dispatch(app.database.db, [
      { ...event!, payload: { ...event!.payload, conversation: { ...(event!.payload.conversation as object), aiActive: true } } },
    ]);
    const replies = await repliesTo(c.url, latest, 2);
    expect(ai.requests().length).toBe(before);
    expect(replies.find((m) => m.senderType === 'system')!.event!.data.reason).toBe(HANDOVER_REASONS.asked);
  });

  it('hands over when the AI API fails, saying the assistant is unavailable', async () => {
    const c = await aiConversation('Fay Failure');
    ai.fail(1, 503);
    const question = await say(c.url, 'Do you sell decaf?');
    const replies = await repliesTo(c.url, question, 2);
    expect(replies.find((m) => m.senderType === 'system')!.content).toBe(`The assistant handed this conversation to the team: ${HANDOVER_REASONS.unavailable}`);
    expect((await conversationRow(c.id)).aiActive).toBe(false);
  });
});

describe('channel conversations', () => {
  it('opens new channel conversations with the workspace’s default, and answers the visitor through the channel', async () => {
    const [row] = await app.database.db
      .insert(channels)
      .values({ workspaceId: team.workspace.id, type: 'web', name: 'Site chat', publicKey: `pk_${randomUUID().replace(/-/g, '')}` })
      .returning({ id: channels.id });
    const channel = { id: row!.id, workspaceId: team.workspace.id, type: 'web' as const };
    const tasks: Array<Promise<unknown>> = [];
    const origin: EventOrigin = { db: app.database.db, socketId: null, after: (task) => void tasks.push(task()) };
    const drain = async () => {
      while (tasks.length > 0) await tasks.shift();
    };

    // On by default (Settings → Assistant): the conversation starts with it on and the question is answered.
    const first = await ingestInbound(origin, {
      channel,
      sender: { externalId: 'visitor-1', name: 'Wendy Web' },
      externalMessageId: null,
      content: 'How much is the Enamel mug?',
    });
    await drain();
    const url = `${base}/conversations/${first.conversationId}`;
    expect((await api.get(url, { token: team.agent.token })).body.aiActive).toBe(true);
    const [answer] = await repliesTo(url, first.message as unknown as Msg);
    expect(answer).toMatchObject({ senderType: 'ai', content: 'Enamel mug: €9.00, out of stock.', delivery: { status: 'sent', error: null } });

    // Off by default: a new conversation starts without it and nothing answers.
    await api.put(
      `${base}/assistant`,
      { enabledForNewConversations: false, knowledge: 'We roast on Mondays and ship within 2 working days.' },
      { token: team.admin.token },
    );
    const second = await ingestInbound(origin, { channel, sender: { externalId: 'visitor-2', name: 'Walt Web' }, externalMessageId: null, content: 'Hello?' });
    await drain();
    expect((await api.get(`${base}/conversations/${second.conversationId}`, { token: team.agent.token })).body.aiActive).toBe(false);
    expect((await thread(`${base}/conversations/${second.conversationId}`)).map((m) => m.senderType)).toEqual(['customer']);
    await api.put(
      `${base}/assistant`,
      { enabledForNewConversations: true, knowledge: 'We roast on Mondays and ship within 2 working days.' },
      { token: team.admin.token },
    );
  });
});

describe('a Telegram conversation', () => {
  it('answers a Telegram customer through the bot: webhook in, ai message, sent by the provider', async () => {
    const created = await api.post(
      `${base}/channels`,
      { type: 'telegram', name: 'Assistant bot', credentials: { botToken: BOT_TOKEN } },
      { token: team.owner.token },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await providers.simulate(created.body.id, { id: '5550077', name: 'Tanya Telegram' }, 'How much is the Ethiopia Yirgacheffe?', 'telegram')).toBe(200);
    const sent = await providers.waitForSent((m) => m.provider === 'telegram' && m.recipient === '5550077', 10_000);
    expect(sent.text).toBe('Ethiopia Yirgacheffe: €14.50, 12 in stock.');
    const [row] = await app.database.db
      .select({ id: conversations.id, aiActive: conversations.aiActive })
      .from(conversations)
      .where(eq(conversations.channelId, created.body.id));
    expect(row!.aiActive).toBe(true);
    await vi.waitFor(
      async () => {
        const answer = (await thread(`${base}/conversations/${row!.id}`)).find((m) => m.senderType === 'ai');
        expect(answer).toMatchObject({ content: sent.text, delivery: { status: 'sent' } });
      },
      { timeout: 5000 },
    );
  });
});

describe('redelivery', () => {
  it('answers a customer message once when its event is dispatched again, or twice at the same time', async () => {
    const c = await aiConversation('Rita Redelivery');
    const question = await say(c.url, 'How much is the Enamel mug?');
    await repliesTo(c.url, question);
    const [event] = await app.database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.name} = 'message.created' and ${outbox.payload} -> 'message' ->> 'id' = ${question.id}`);
    expect(event).toBeDefined();
    const before = ai.requests().length;
    await Promise.all([dispatch(app.database.db, [event!]), dispatch(app.database.db, [event!])]);
    await dispatch(app.database.db, [event!]);
    expect(ai.requests().length).toBe(before); // answered already: the model is not asked again
    const messages = await thread(c.url);
    expect(messages.filter((m) => m.senderType === 'ai')).toHaveLength(1);
    expect(await app.database.db.select().from(assistantAnswers).where(eq(assistantAnswers.messageId, question.id))).toHaveLength(1);
    expect((await conversationRow(c.id)).aiTurns).toBe(1);

    // Two deliveries of a not yet answered message at once: both may ask the model, one answer is written.
    await app.database.db.update(conversations).set({ aiActive: false }).where(eq(conversations.id, c.id));
    const second = await say(c.url, 'And the Ethiopia Yirgacheffe?');
    const [secondEvent] = await app.database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.name} = 'message.created' and ${outbox.payload} -> 'message' ->> 'id' = ${second.id}`);
    await app.database.db.update(conversations).set({ aiActive: true }).where(eq(conversations.id, c.id));
    const turnedOn = {
      ...secondEvent!,
      payload: { ...secondEvent!.payload, conversation: { ...(secondEvent!.payload.conversation as object), aiActive: true } },
    };
    await Promise.all([dispatch(app.database.db, [turnedOn]), dispatch(app.database.db, [turnedOn])]);
    const after = await thread(c.url);
    expect(after.slice(after.findIndex((m) => m.id === second.id) + 1).map((m) => m.senderType)).toEqual(['ai']);
  });
});

describe('settings', () => {
  it('GET answers agents and above, with availability; PUT is for admins and owners', async () => {
    const read = await api.get(`${base}/assistant`, { token: team.agent.token });
    expect(read.status).toBe(200);
    expect(assistantSettingsSchema.strict().parse(read.body)).toEqual(read.body);
    expect(read.body).toMatchObject({ available: true, enabledForNewConversations: true, knowledge: 'We roast on Mondays and ship within 2 working days.' });
    expect(read.body.updatedAt).not.toBeNull();
    expect((await api.get(`${base}/assistant`, { token: team.viewer.token })).status).toBe(403);
    expect((await api.get(`${base}/assistant`, { token: team.outsider.token })).status).toBe(404);

    const body = { enabledForNewConversations: false, knowledge: 'Closed on Sundays.' };
    expect((await api.put(`${base}/assistant`, body, { token: team.agent.token })).status).toBe(403);
    const saved = await api.put(`${base}/assistant`, body, { token: team.owner.token });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ available: true, ...body });
    expect((await api.get(`${base}/assistant`, { token: team.agent.token })).body).toMatchObject(body);

    const tooLong = await api.put(`${base}/assistant`, { enabledForNewConversations: true, knowledge: 'x'.repeat(20_001) }, { token: team.admin.token });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.details[0].path).toBe('knowledge');
    const missing = await api.put(`${base}/assistant`, { knowledge: 'only this' }, { token: team.admin.token });
    expect(missing.status).toBe(422);

    // Another workspace has the defaults, never this one's text.
    const other = await api.get(`/api/workspaces/${team.otherWorkspace.id}/assistant`, { token: team.outsider.token });
    expect(other.body).toEqual({ available: true, enabledForNewConversations: false, knowledge: '', updatedAt: null });
    // Back to the state the other tests assume.
    await api.put(
      `${base}/assistant`,
      { enabledForNewConversations: true, knowledge: 'We roast on Mondays and ship within 2 working days.' },
      { token: team.admin.token },
    );
  });
});
