// GET /conversations/counts: the open, pending and snoozed tabs' counts under the list's filters, agreeing with the list
// (a passed snooze counts as open, a deleted conversation nowhere), per caller for `unread`, per workspace.
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
const STATUSES = ['open', 'pending', 'snoozed'] as const;

async function newConversation(name: string, channel = 'api') {
  const customer = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name }, { token: team.agent.token });
  return (await api.post(base(), { customerId: customer.body.id, channel }, { token: team.agent.token })).body.id as string;
}
const counts = async (query = '', token = team.agent.token) => {
  const res = await api.get(`${base()}/counts${query ? `?${query}` : ''}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Record<(typeof STATUSES)[number], number>;
};
/** What the list itself holds per status under the same filters. */
const listed = async (query = '', token = team.agent.token) => {
  const entries = await Promise.all(
    STATUSES.map(async (status) => {
      const res = await api.get(`${base()}?status=${status}&limit=100${query ? `&${query}` : ''}`, { token });
      return [status, res.body.data.length] as const;
    }),
  );
  return Object.fromEntries(entries);
};

describe('GET /conversations/counts', () => {
  it('counts each status as the list holds it, under the same filters, for each caller', async () => {
    const [a, b, c, d, e, f] = [
      await newConversation('Count A'),
      await newConversation('Count B'),
      await newConversation('Count C', 'email'),
      await newConversation('Count D'),
      await newConversation('Count E'),
      await newConversation('Count F'),
    ];
    const patch = (id: string, body: object, token = team.agent.token) => api.patch(`${base()}/${id}`, body, { token });
    await patch(a, { assigneeId: team.agent.user.id });
    await patch(b, { status: 'pending' });
    await patch(c, { status: 'closed' });
    await patch(d, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() });
    // A snooze that passes: it counts (and lists) as open.
    await patch(e, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 1_000).toISOString() });
    expect((await api.delete(`${base()}/${f}`, { token: team.admin.token })).status).toBe(204);
    await api.post(`${base()}/${a}/messages`, { content: 'Any news?', senderType: 'customer' }, { token: team.agent.token });
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(await counts()).toEqual({ open: 2, pending: 1, snoozed: 1 });
    expect(await counts()).toEqual(await listed());
    expect(await counts('assigneeId=me')).toEqual({ open: 1, pending: 0, snoozed: 0 });
    expect(await counts('assigneeId=none')).toEqual(await listed('assigneeId=none'));
    // The one email conversation is closed: closed conversations are not counted.
    expect(await counts('channel=email')).toEqual({ open: 0, pending: 0, snoozed: 0 });
    // Unread is the caller's own: the agent has not read A; once they do, it leaves their unread counts only.
    expect(await counts('unread=true')).toEqual({ open: 1, pending: 0, snoozed: 0 });
    expect((await api.post(`${base()}/${a}/read`, {}, { token: team.agent.token })).status).toBeLessThan(300);
    expect(await counts('unread=true')).toEqual({ open: 0, pending: 0, snoozed: 0 });
    expect(await counts('unread=true', team.admin.token)).toEqual({ open: 1, pending: 0, snoozed: 0 });
    expect(await counts('unread=true', team.admin.token)).toEqual(await listed('unread=true', team.admin.token));
    // Viewers read the counts too.
    expect(await counts('', team.viewer.token)).toEqual({ open: 2, pending: 1, snoozed: 1 });
  });

  it('refuses bad filters with 422 and keeps tenants apart', async () => {
    for (const query of ['assigneeId=someone', 'channel=carrier-pigeon', 'unread=maybe', 'customerId=42']) {
      const res = await api.get(`${base()}/counts?${query}`, { token: team.agent.token });
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await api.get(`${base()}/counts`, { token: team.outsider.token })).status).toBe(404);
    expect((await api.get(`${base()}/counts`)).status).toBe(401);
  });
});
