// Per-member read state: each member's unreadCount, the unread filter and the summary's unread are their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

const base = () => `/api/workspaces/${team.workspace.id}/conversations`;

async function newConversation(name: string) {
  const cust = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name }, { token: team.agent.token });
  const conv = await api.post(base(), { customerId: cust.body.id, channel: 'api' }, { token: team.agent.token });
  return conv.body.id as string;
}
const say = (id: string, content: string, senderType: 'customer' | 'agent' = 'customer', token = team.agent.token) =>
  api.post(`${base()}/${id}/messages`, { content, senderType }, { token });
const unreadOf = async (id: string, token: string) => (await api.get(`${base()}/${id}`, { token })).body.unreadCount as number;
const listed = async (query: string, token: string) => (await api.get(`${base()}?${query}`, { token })).body.data as { id: string; unreadCount: number }[];

describe('unread per member', () => {
  it('A reads, B still sees it unread; lists, the unread filter and the summary agree', async () => {
    const id = await newConversation('Una Unread');
    await say(id, 'first');
    await say(id, 'second');
    const A = team.agent.token;
    const B = team.admin.token;
    expect(await unreadOf(id, A)).toBe(2);
    expect(await unreadOf(id, B)).toBe(2);

    expect((await api.post(`${base()}/${id}/read`, undefined, { token: A })).status).toBe(204);
    expect(await unreadOf(id, A)).toBe(0);
    expect(await unreadOf(id, B)).toBe(2);
    expect((await listed('limit=100', A)).find((c) => c.id === id)?.unreadCount).toBe(0);
    expect((await listed('limit=100', B)).find((c) => c.id === id)?.unreadCount).toBe(2);
    expect((await listed('unread=true&limit=100', A)).map((c) => c.id)).not.toContain(id);
    expect((await listed('unread=true&limit=100', B)).map((c) => c.id)).toContain(id);
    expect((await listed('unread=false&limit=100', A)).map((c) => c.id)).toContain(id);

    const summaryA = (await api.get(`${base()}/summary`, { token: A })).body.unread as number;
    const summaryB = (await api.get(`${base()}/summary`, { token: B })).body.unread as number;
    expect(summaryB - summaryA).toBeGreaterThanOrEqual(2);

    // A new customer message is unread for both again; replies and notes never make it unread.
    await say(id, 'third');
    expect(await unreadOf(id, A)).toBe(1);
    expect(await unreadOf(id, B)).toBe(3);
    await api.post(`${base()}/${id}/read`, undefined, { token: A });
    await say(id, 'on it', 'agent', A);
    await api.post(`${base()}/${id}/messages`, { content: 'note', private: true }, { token: B });
    expect(await unreadOf(id, A)).toBe(0);
    // The PATCH answer is the caller's too.
    const patched = await api.patch(`${base()}/${id}`, { tags: ['x'] }, { token: B });
    expect(patched.body.unreadCount).toBe(3);
  });

  it('reading twice keeps the mark; reading another workspace is 404', async () => {
    const id = await newConversation('Twice');
    await say(id, 'hello');
    expect((await api.post(`${base()}/${id}/read`, undefined, { token: team.agent.token })).status).toBe(204);
    expect((await api.post(`${base()}/${id}/read`, undefined, { token: team.agent.token })).status).toBe(204);
    expect(await unreadOf(id, team.agent.token)).toBe(0);
    expect((await api.post(`/api/workspaces/${team.otherWorkspace.id}/conversations/${id}/read`, undefined, { token: team.outsider.token })).status).toBe(404);
  });

  it('rejects a malformed unread filter', async () => {
    const res = await api.get(`${base()}?unread=yes`, { token: team.agent.token });
    expect(res.status).toBe(422);
  });
});
