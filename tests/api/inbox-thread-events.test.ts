// System lines in the thread: status, assignment (with the assignee's name), tags and snooze, written with the
// PATCH; they neither count as unread nor move the list's last-message preview or order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageSchema } from '../../contracts/conversations.js';
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

describe('thread system events', () => {
  it('records status, assignment, tags and snooze as system messages with sentences and data', async () => {
    const cust = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name: 'Tom Becker' }, { token: team.agent.token });
    const id = (await api.post(base(), { customerId: cust.body.id, channel: 'api' }, { token: team.agent.token })).body.id as string;
    const hello = await api.post(`${base()}/${id}/messages`, { content: 'Hello there', senderType: 'customer' }, { token: team.agent.token });
    const before = (await api.get(`${base()}/${id}`, { token: team.agent.token })).body;

    const A = team.agent.token;
    // Lines of one PATCH share its time (their order among themselves is not kept), so one change per PATCH here.
    expect((await api.patch(`${base()}/${id}`, { assigneeId: team.admin.user.id }, { token: A })).status).toBe(200);
    expect((await api.patch(`${base()}/${id}`, { tags: ['vip', 'billing'] }, { token: A })).status).toBe(200);
    expect((await api.patch(`${base()}/${id}`, { status: 'closed' }, { token: A })).status).toBe(200);
    expect((await api.patch(`${base()}/${id}`, { status: 'open' }, { token: A })).status).toBe(200);
    expect((await api.patch(`${base()}/${id}`, { tags: ['vip'] }, { token: A })).status).toBe(200);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api.patch(`${base()}/${id}`, { status: 'snoozed', snoozedUntil: until }, { token: A })).status).toBe(200);
    // Nothing changes: no line.
    expect((await api.patch(`${base()}/${id}`, { tags: ['vip'] }, { token: A })).status).toBe(200);

    const list = (await api.get(`${base()}/${id}/messages?limit=100`, { token: A })).body.data as ReturnType<typeof messageSchema.parse>[];
    const lines = list.filter((m) => m.senderType === 'system').reverse();
    for (const m of lines) expect(messageSchema.strict().parse(m)).toEqual(m);
    expect(lines.map((m) => [m.event?.type, m.content])).toEqual([
      ['assigned', 'Ava Agent assigned this to Adam Admin'],
      ['tags_changed', 'Ava Agent added "vip", "billing" tags'],
      ['status_changed', 'Ava Agent closed the conversation'],
      ['status_changed', 'Ava Agent reopened the conversation'],
      ['tags_changed', 'Ava Agent removed "billing" tag'],
      ['snoozed', expect.stringMatching(/^Ava Agent snoozed the conversation until /)],
    ]);
    expect(lines[0]!.event).toEqual({
      type: 'assigned',
      actorId: team.agent.user.id,
      data: { from: null, to: team.admin.user.id, assigneeName: 'Adam Admin' },
    });
    expect(lines[2]!.event!.data).toEqual({ from: 'open', to: 'closed' });
    expect(lines[5]!.event!.data).toEqual({ from: 'open', until });
    expect(lines.every((m) => m.senderId === null && !m.private)).toBe(true);

    // The list still shows the customer's message as the last one, in the same place, and nothing is unread for the admin.
    const after = (await api.get(`${base()}/${id}`, { token: team.admin.token })).body;
    expect(after.lastMessage).toMatchObject({ id: hello.body.id, content: 'Hello there', senderType: 'customer' });
    expect(after.lastMessageAt).toBe(before.lastMessageAt);
    expect(after.unreadCount).toBe(1);
  });
});
