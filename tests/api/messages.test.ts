import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageSchema } from '../../contracts/conversations.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let convBase: string;

type Msg = { id: string; conversationId: string; senderType: string; senderId: string | null; content: string; private: boolean; createdAt: string };

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  convBase = `/api/workspaces/${team.workspace.id}/conversations`;
});
afterAll(() => app.close());

async function newConversation(name = 'Customer'): Promise<{ id: string; url: string }> {
  const cust = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name }, { token: team.agent.token });
  const conv = await api.post(convBase, { customerId: cust.body.id, channel: 'api' }, { token: team.agent.token });
  if (conv.status !== 201) throw new Error(`create conversation: ${conv.status}`);
  return { id: conv.body.id, url: `${convBase}/${conv.body.id}` };
}

async function post(url: string, body: Record<string, unknown>, token = team.agent.token) {
  return api.post(`${url}/messages`, body, { token });
}

async function detail(url: string) {
  return (await api.get(url, { token: team.viewer.token })).body;
}

async function allMessages(url: string, limit = 3): Promise<Msg[]> {
  const seen: Msg[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { data: Msg[]; nextCursor: string | null } } = await api.get(
      `${url}/messages?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { token: team.viewer.token },
    );
    expect(res.status).toBe(200);
    seen.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

describe('POST /conversations/{id}/messages', () => {
  it('records an agent reply by default and moves the conversation’s last message', async () => {
    const c = await newConversation();
    const res = await post(c.url, { content: 'Your beans ship tomorrow.' });
    expect(res.status).toBe(201);
    expect(messageSchema.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({
      conversationId: c.id,
      senderType: 'agent',
      senderId: team.agent.user.id,
      content: 'Your beans ship tomorrow.',
      private: false,
    });
    const conv = await detail(c.url);
    expect(conv.lastMessage).toMatchObject({ content: 'Your beans ship tomorrow.', senderType: 'agent', createdAt: res.body.createdAt });
    expect(conv.lastMessageAt).toBe(res.body.createdAt);
    expect(conv.unreadCount).toBe(0);
  });

  it('records customer messages (raising unreadCount) and private notes', async () => {
    const c = await newConversation();
    const inbound = await post(c.url, { content: 'Where is my order?', senderType: 'customer' });
    expect(inbound.status).toBe(201);
    expect(inbound.body).toMatchObject({ senderType: 'customer', senderId: null, private: false });
    await post(c.url, { content: 'Hello?', senderType: 'customer' });
    const note = await post(c.url, { content: 'Check with the warehouse', private: true });
    expect(note.body).toMatchObject({ senderType: 'agent', private: true });
    const conv = await detail(c.url);
    expect(conv.unreadCount).toBe(2);
    expect(conv.lastMessage).toMatchObject({ content: 'Check with the warehouse', senderType: 'agent' });
  });

  it('keeps the list summary short for long messages', async () => {
    const c = await newConversation();
    const long = '☕'.repeat(5_000) + 'x'.repeat(5_000);
    const res = await post(c.url, { content: long });
    expect(res.status).toBe(201);
    expect(res.body.content).toBe(long);
    const conv = await detail(c.url);
    expect(Array.from(conv.lastMessage.content as string)).toHaveLength(200);
    expect(conv.lastMessage.content.endsWith('…')).toBe(true);
  });

  it('validates content (1 to 10,000 characters), flags and sender type', async () => {
    const c = await newConversation();
    const cases: [unknown, string][] = [
      [{}, 'content'],
      [{ content: '' }, 'content'],
      [{ content: '   \n ' }, 'content'],
      [{ content: 'x'.repeat(10_001) }, 'content'],
      [{ content: 'a\u0000b' }, 'content'],
      [{ content: 42 }, 'content'],
      [{ content: 'hi', private: 'yes' }, 'private'],
      [{ content: 'hi', senderType: 'ai' }, 'senderType'],
      [{ content: 'hi', senderType: 'system' }, 'senderType'],
      [{ content: 'hi', senderId: team.owner.user.id }, 'senderId'],
      [{ content: 'hi', createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
      [{ content: 'hi', senderType: 'customer', private: true }, 'private'],
    ];
    for (const [body, path] of cases) {
      const res = await post(c.url, body as Record<string, unknown>);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body).slice(0, 80),
      ).toContain(path);
    }
    expect((await post(c.url, { content: 'x'.repeat(10_000) })).status).toBe(201);
    expect((await post(c.url, { content: 'x' })).status).toBe(201);
    expect((await allMessages(c.url, 100)).length).toBe(2);
    expect((await post(`${convBase}/${crypto.randomUUID()}`, { content: 'x' })).status).toBe(404);
  });

  it('leaves unreadCount and lastMessage exact under 50 concurrent posts', async () => {
    const c = await newConversation('Concurrent');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post(c.url, { content: `msg ${i}`, senderType: 'customer' })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const conv = await detail(c.url);
    expect(conv.unreadCount).toBe(50);
    const messages = await allMessages(c.url, 100);
    expect(messages).toHaveLength(50);
    expect(new Set(messages.map((m) => m.content)).size).toBe(50);
    // The newest message in list order is the conversation's last message.
    expect(conv.lastMessage).toMatchObject({ content: messages[0]!.content, createdAt: messages[0]!.createdAt });
    expect(conv.lastMessage.id).toBe(messages[0]!.id);
    expect(conv.lastMessageAt).toBe(messages[0]!.createdAt);
  });
});

describe('GET /conversations/{id}/messages', () => {
  it('lists newest first and pages without gaps or duplicates while new messages arrive', async () => {
    const c = await newConversation();
    const original: string[] = [];
    for (let i = 0; i < 8; i++) original.push((await post(c.url, { content: `m${i}`, senderType: i % 2 ? 'agent' : 'customer' })).body.id);
    const expected = [...original].reverse();

    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const res: { body: { data: Msg[]; nextCursor: string | null } } = await api.get(`${c.url}/messages?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        token: team.viewer.token,
      });
      for (const m of res.body.data) expect(messageSchema.strict().parse(m)).toEqual(m);
      seen.push(...res.body.data.map((m) => m.id));
      cursor = res.body.nextCursor;
      await post(c.url, { content: `arrived between pages ${round++}` });
    } while (cursor);
    expect(seen).toEqual(expected);

    const first = await api.get(`${c.url}/messages`, { token: team.viewer.token });
    expect(first.body.data).toHaveLength(8 + round);
    expect(first.body.nextCursor).toBeNull();
  });

  it('returns an empty list for a conversation without messages, 404 for an unknown one, 422 for bad paging', async () => {
    const c = await newConversation();
    expect((await api.get(`${c.url}/messages`, { token: team.viewer.token })).body).toEqual({ data: [], nextCursor: null });
    expect((await api.get(`${convBase}/${crypto.randomUUID()}/messages`, { token: team.viewer.token })).status).toBe(404);
    expect((await api.get(`${c.url}/messages?limit=0`, { token: team.viewer.token })).status).toBe(422);
    expect((await api.get(`${c.url}/messages?cursor=abc`, { token: team.viewer.token })).status).toBe(422);
  });
});

describe('POST /conversations/{id}/read', () => {
  it('sets unreadCount to 0 and answers 204', async () => {
    const c = await newConversation();
    await post(c.url, { content: 'one', senderType: 'customer' });
    await post(c.url, { content: 'two', senderType: 'customer' });
    expect((await detail(c.url)).unreadCount).toBe(2);
    const res = await api.post(`${c.url}/read`, undefined, { token: team.agent.token });
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    // The caller's own count; other members keep theirs (tests/api/unread.test.ts).
    expect((await api.get(c.url, { token: team.agent.token })).body.unreadCount).toBe(0);
    expect((await detail(c.url)).unreadCount).toBe(2);
    expect((await api.post(`${c.url}/read`, undefined, { token: team.agent.token })).status).toBe(204);
    expect((await api.post(`${convBase}/${crypto.randomUUID()}/read`, undefined, { token: team.agent.token })).status).toBe(404);
  });
});

describe('roles and tenancy', () => {
  it('lets viewers read messages and agents post and mark read', async () => {
    const c = await newConversation();
    for (const role of ['viewer', 'agent', 'admin', 'owner'] as const) {
      const token = team[role].token;
      const canWrite = role !== 'viewer';
      expect((await api.get(`${c.url}/messages`, { token })).status, role).toBe(200);
      expect((await post(c.url, { content: `from ${role}` }, token)).status, role).toBe(canWrite ? 201 : 403);
      expect((await api.post(`${c.url}/read`, undefined, { token })).status, role).toBe(canWrite ? 204 : 403);
    }
    expect((await api.get(`${c.url}/messages`)).status).toBe(401);
  });

  it('answers 404 across workspaces and writes nothing', async () => {
    const c = await newConversation();
    await post(c.url, { content: 'private matter', senderType: 'customer' });
    const before = await detail(c.url);
    const theirs = `/api/workspaces/${team.otherWorkspace.id}/conversations/${c.id}`;
    const token = team.outsider.token;
    for (const res of [
      await api.get(`${c.url}/messages`, { token }),
      await post(c.url, { content: 'intrusion' }, token),
      await api.post(`${c.url}/read`, undefined, { token }),
      await api.get(`${theirs}/messages`, { token }),
      await post(theirs, { content: 'intrusion', senderType: 'customer' }, token),
      await api.post(`${theirs}/read`, undefined, { token }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect(await detail(c.url)).toEqual(before);
    expect((await allMessages(c.url)).map((m) => m.content)).toEqual(['private matter']);
  });
});
