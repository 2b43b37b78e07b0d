import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('GET /conversations/summary', () => {
  it('counts open, unassigned, mine and unread, and new conversations per day', async () => {
    const t = await teamFixture(api);
    const base = `/api/workspaces/${t.workspace.id}`;
    const customer = (await api.post(`${base}/customers`, { name: 'Sam' }, { token: t.agent.token })).body;
    const create = async () => (await api.post(`${base}/conversations`, { customerId: customer.id, channel: 'web' }, { token: t.agent.token })).body;
    const [a, b, c, d] = [await create(), await create(), await create(), await create()];
    await api.patch(`${base}/conversations/${a.id}`, { assigneeId: t.agent.user.id }, { token: t.agent.token });
    await api.patch(`${base}/conversations/${b.id}`, { status: 'pending' }, { token: t.agent.token });
    await api.patch(`${base}/conversations/${c.id}`, { status: 'closed' }, { token: t.agent.token });
    for (const text of ['one', 'two'])
      await api.post(`${base}/conversations/${a.id}/messages`, { content: text, senderType: 'customer' }, { token: t.agent.token });
    await api.post(`${base}/conversations/${b.id}/messages`, { content: 'three', senderType: 'customer' }, { token: t.agent.token });
    await api.post(`${base}/conversations/${c.id}/messages`, { content: 'closed one', senderType: 'customer' }, { token: t.agent.token });
    await api.patch(`${base}/conversations/${c.id}`, { status: 'closed' }, { token: t.agent.token });

    const res = await api.get(`${base}/conversations/summary?tz=UTC`, { token: t.agent.token });
    expect(res.status).toBe(200);
    const open = [a, d].length;
    expect(res.body).toMatchObject({ open, unassigned: 1, mine: 1, unread: 3 });
    expect(res.body.perDay).toHaveLength(14);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.perDay.at(-1)).toEqual({ date: today, count: 4 });
    expect(res.body.perDay.slice(0, -1).every((day: { count: number }) => day.count === 0)).toBe(true);

    const viewer = await api.get(`${base}/conversations/summary?days=7`, { token: t.viewer.token });
    expect(viewer.body.perDay).toHaveLength(7);
    expect(viewer.body.mine).toBe(0);
  });

  it('validates the time zone and keeps tenants apart', async () => {
    const t = await teamFixture(api);
    const base = `/api/workspaces/${t.workspace.id}`;
    const bad = await api.get(`${base}/conversations/summary?tz=Mars/Olympus`, { token: t.agent.token });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('query.tz');
    expect((await api.get(`${base}/conversations/summary?tz=America/New_York`, { token: t.agent.token })).status).toBe(200);
    expect((await api.get(`${base}/conversations/summary`, { token: t.outsider.token })).status).toBe(404);
  });
});
