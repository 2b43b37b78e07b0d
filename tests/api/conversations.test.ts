import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationDetailSchema, conversationSchema } from '../../contracts/conversations.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

type Team = typeof team;
type Conv = {
  id: string;
  number: number;
  status: string;
  assigneeId: string | null;
  lastMessage: { content: string } | null;
  lastMessageAt: string | null;
  createdAt: string;
  updatedAt: string;
  unreadCount: number;
};

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

const convUrl = (t: Team) => `/api/workspaces/${t.workspace.id}/conversations`;

async function customer(t: Team, name: string, token = t.agent.token): Promise<string> {
  const res = await api.post(`/api/workspaces/${t.workspace.id}/customers`, { name }, { token });
  if (res.status !== 201) throw new Error(`create customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function conversation(t: Team, body: Record<string, unknown>): Promise<Conv> {
  const res = await api.post(convUrl(t), body, { token: t.agent.token });
  if (res.status !== 201) throw new Error(`create conversation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function message(t: Team, id: string, content: string, senderType = 'customer') {
  const res = await api.post(`${convUrl(t)}/${id}/messages`, { content, senderType }, { token: t.agent.token });
  if (res.status !== 201) throw new Error(`post message: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function ids(url: string, token: string): Promise<string[]> {
  const res = await api.get(url, { token });
  expect(res.status, url).toBe(200);
  return res.body.data.map((c: { id: string }) => c.id);
}

describe('POST /conversations', () => {
  it('creates a conversation with the documented shape and per-workspace numbers from 1', async () => {
    const t = await teamFixture(api);
    const cust = await customer(t, 'Grace Hopper');
    const res = await api.post(convUrl(t), { customerId: cust, channel: 'whatsapp', subject: ' Order #1001 late ' }, { token: t.agent.token });
    expect(res.status).toBe(201);
    expect(conversationDetailSchema.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({
      number: 1,
      customer: { id: cust, name: 'Grace Hopper' },
      channel: 'whatsapp',
      status: 'open',
      subject: 'Order #1001 late',
      assigneeId: null,
      tags: [],
      aiActive: false,
      unreadCount: 0,
      lastMessage: null,
      lastMessageAt: null,
      notes: null,
    });
    const second = await conversation(t, { customerId: cust, channel: 'email' });
    expect(second.number).toBe(2);
    expect((second as unknown as { subject: unknown }).subject).toBeNull();
    // Another workspace counts on its own.
    const theirs = await api.post(`/api/workspaces/${t.otherWorkspace.id}/customers`, { name: 'X' }, { token: t.outsider.token });
    const other = await api.post(
      `/api/workspaces/${t.otherWorkspace.id}/conversations`,
      { customerId: theirs.body.id, channel: 'web' },
      { token: t.outsider.token },
    );
    expect(other.body.number).toBe(1);
  });

  it('hands out distinct, gap-free numbers to concurrent creations', async () => {
    const t = await teamFixture(api);
    const cust = await customer(t, 'Rush');
    const created = await Promise.all(Array.from({ length: 12 }, () => api.post(convUrl(t), { customerId: cust, channel: 'api' }, { token: t.agent.token })));
    expect(created.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(created.map((r) => r.body.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('answers 422 for a customer outside the workspace and for bad fields', async () => {
    const theirs = await api.post(`/api/workspaces/${team.otherWorkspace.id}/customers`, { name: 'Not yours' }, { token: team.outsider.token });
    const cust = await customer(team, 'Valid');
    const cases: [unknown, string][] = [
      [{ customerId: theirs.body.id, channel: 'web' }, 'customerId'],
      [{ customerId: crypto.randomUUID(), channel: 'web' }, 'customerId'],
      [{ customerId: 'nope', channel: 'web' }, 'customerId'],
      [{ customerId: cust, channel: 'carrier-pigeon' }, 'channel'],
      [{ customerId: cust }, 'channel'],
      [{ customerId: cust, channel: 'web', subject: 'x'.repeat(201) }, 'subject'],
      [{ customerId: cust, channel: 'web', status: 'closed' }, 'status'],
      [{ customerId: cust, channel: 'web', number: 99 }, 'number'],
    ];
    for (const [body, path] of cases) {
      const res = await api.post(convUrl(team), body, { token: team.agent.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(path);
    }
  });
});

describe('GET /conversations/{id} and PATCH', () => {
  it('returns the detail with notes; 404 for unknown ids', async () => {
    const c = await conversation(team, { customerId: await customer(team, 'Detail'), channel: 'web' });
    const res = await api.get(`${convUrl(team)}/${c.id}`, { token: team.viewer.token });
    expect(res.status).toBe(200);
    expect(conversationDetailSchema.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toEqual(c);
    expect((await api.get(`${convUrl(team)}/${crypto.randomUUID()}`, { token: team.viewer.token })).status).toBe(404);
    expect((await api.get(`${convUrl(team)}/123`, { token: team.viewer.token })).status).toBe(404);
  });

  it('changes status, assignee, tags, notes and aiActive, and logs status, assignment and tag changes', async () => {
    const c = await conversation(team, { customerId: await customer(team, 'Patchy'), channel: 'telegram' });
    const url = `${convUrl(team)}/${c.id}`;
    await new Promise((r) => setTimeout(r, 5));
    const res = await api.patch(
      url,
      { status: 'pending', assigneeId: team.agent.user.id, tags: ['refund', 'refund', 'urgent'], notes: 'Called twice', aiActive: true },
      { token: team.agent.token },
    );
    expect(res.status).toBe(200);
    expect(conversationDetailSchema.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ status: 'pending', assigneeId: team.agent.user.id, tags: ['refund', 'urgent'], notes: 'Called twice', aiActive: true });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(c.updatedAt));
    expect((await api.get(url, { token: team.viewer.token })).body).toEqual(res.body);

    const again = await api.patch(url, { assigneeId: null, tags: ['urgent', 'vip'], notes: null }, { token: team.admin.token });
    expect(again.body).toMatchObject({ assigneeId: null, tags: ['urgent', 'vip'], notes: null, status: 'pending' });
    // Same values again: no new log rows.
    await api.patch(url, { status: 'pending', tags: ['urgent', 'vip'] }, { token: team.admin.token });

    const log = await api.get(`/api/workspaces/${team.workspace.id}/activity?subjectType=conversation&subjectId=${c.id}`, { token: team.admin.token });
    const entries = log.body.data.map((a: { action: string; metadata: unknown; actor: { id: string } }) => [a.action, a.metadata, a.actor.id]);
    // Each entry also names the conversation (and an assignment its assignee), for the log's sentences.
    const named = { number: c.number, customerName: 'Patchy' };
    expect(entries).toEqual(
      expect.arrayContaining([
        ['conversation.status_changed', { from: 'open', to: 'pending', ...named }, team.agent.user.id],
        ['conversation.assigned', { from: null, to: team.agent.user.id, toName: team.agent.user.name, ...named }, team.agent.user.id],
        ['conversation.tags_changed', { from: [], to: ['refund', 'urgent'], added: ['refund', 'urgent'], removed: [], ...named }, team.agent.user.id],
        ['conversation.assigned', { from: team.agent.user.id, to: null, toName: null, ...named }, team.admin.user.id],
        ['conversation.tags_changed', { from: ['refund', 'urgent'], to: ['urgent', 'vip'], added: ['vip'], removed: ['refund'], ...named }, team.admin.user.id],
      ]),
    );
    expect(entries.filter((e: string[]) => e[0] !== 'conversation.created')).toHaveLength(5);
  });

  it('answers 422 for an assignee who is not a member, and for bad fields; nothing changes', async () => {
    const c = await conversation(team, { customerId: await customer(team, 'Strict'), channel: 'web' });
    const url = `${convUrl(team)}/${c.id}`;
    const cases: [unknown, string][] = [
      [{ assigneeId: team.outsider.user.id }, 'assigneeId'],
      [{ assigneeId: crypto.randomUUID() }, 'assigneeId'],
      [{ assigneeId: 'me' }, 'assigneeId'],
      [{ status: 'archived' }, 'status'],
      [{ tags: 'vip' }, 'tags'],
      [{ aiActive: 'yes' }, 'aiActive'],
      [{ notes: 'x'.repeat(10_001) }, 'notes'],
      [{ unreadCount: 0 }, 'unreadCount'],
      [{ status: 'closed', customerId: crypto.randomUUID() }, 'customerId'],
    ];
    for (const [body, path] of cases) {
      const res = await api.patch(url, body, { token: team.agent.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    expect((await api.get(url, { token: team.agent.token })).body).toEqual(c);
    expect((await api.patch(`${convUrl(team)}/${crypto.randomUUID()}`, { status: 'closed' }, { token: team.agent.token })).status).toBe(404);
  });

  it('assigns to any member, including a viewer', async () => {
    const c = await conversation(team, { customerId: await customer(team, 'Assign'), channel: 'web' });
    const res = await api.patch(`${convUrl(team)}/${c.id}`, { assigneeId: team.viewer.user.id }, { token: team.agent.token });
    expect(res.status).toBe(200);
    expect(res.body.assigneeId).toBe(team.viewer.user.id);
  });
});

describe('GET /conversations (list)', () => {
  it('orders by last message time, falling back to creation time', async () => {
    const t = await teamFixture(api);
    const cust = await customer(t, 'Order');
    const a = await conversation(t, { customerId: cust, channel: 'web' });
    const b = await conversation(t, { customerId: cust, channel: 'web' });
    const c = await conversation(t, { customerId: cust, channel: 'web' });
    expect(await ids(convUrl(t), t.viewer.token)).toEqual([c.id, b.id, a.id]);
    await message(t, a.id, 'bump a');
    expect(await ids(convUrl(t), t.viewer.token)).toEqual([a.id, c.id, b.id]);
    await message(t, b.id, 'bump b', 'agent');
    const list = await api.get(convUrl(t), { token: t.viewer.token });
    expect(list.body.data.map((x: Conv) => x.id)).toEqual([b.id, a.id, c.id]);
    for (const item of list.body.data) expect(conversationSchema.strict().parse(item)).toBeTruthy();
    expect(list.body.data[0].lastMessage).toMatchObject({ content: 'bump b', senderType: 'agent' });
    expect(list.body.data[0].lastMessageAt).toBe(list.body.data[0].lastMessage.createdAt);
    expect(list.body.data[2].lastMessage).toBeNull();
  });

  it('filters by status, assignee (id, me, none), channel, customer and search', async () => {
    const t = await teamFixture(api);
    const ana = await customer(t, 'Ana Beans');
    const bob = await customer(t, 'Bob Kettle');
    const c1 = await conversation(t, { customerId: ana, channel: 'email', subject: 'Wholesale price list' });
    const c2 = await conversation(t, { customerId: ana, channel: 'whatsapp', subject: 'Grinder broke' });
    const c3 = await conversation(t, { customerId: bob, channel: 'email', subject: 'Subscription pause' });
    const c4 = await conversation(t, { customerId: bob, channel: 'web' });
    await api.patch(`${convUrl(t)}/${c1.id}`, { status: 'closed', assigneeId: t.agent.user.id }, { token: t.agent.token });
    await api.patch(`${convUrl(t)}/${c2.id}`, { status: 'pending', assigneeId: t.admin.user.id }, { token: t.agent.token });
    await api.patch(`${convUrl(t)}/${c3.id}`, { assigneeId: t.agent.user.id }, { token: t.agent.token });
    // PATCH does not reorder (only messages do): newest created first.
    const url = convUrl(t);
    const tok = t.agent.token;
    expect(await ids(url, tok)).toEqual([c4.id, c3.id, c2.id, c1.id]);
    expect(await ids(`${url}?status=open`, tok)).toEqual([c4.id, c3.id]);
    expect(await ids(`${url}?status=closed`, tok)).toEqual([c1.id]);
    expect(await ids(`${url}?status=snoozed`, tok)).toEqual([]);
    expect(await ids(`${url}?assigneeId=me`, tok)).toEqual([c3.id, c1.id]);
    expect(await ids(`${url}?assigneeId=me`, t.admin.token)).toEqual([c2.id]);
    expect(await ids(`${url}?assigneeId=${t.admin.user.id}`, tok)).toEqual([c2.id]);
    expect(await ids(`${url}?assigneeId=none`, tok)).toEqual([c4.id]);
    expect(await ids(`${url}?status=open&assigneeId=me`, tok)).toEqual([c3.id]);
    expect(await ids(`${url}?channel=email`, tok)).toEqual([c3.id, c1.id]);
    expect(await ids(`${url}?customerId=${ana}`, tok)).toEqual([c2.id, c1.id]);
    expect(await ids(`${url}?customerId=${ana}&channel=email`, tok)).toEqual([c1.id]);
    expect(await ids(`${url}?q=GRINDER`, tok)).toEqual([c2.id]);
    expect(await ids(`${url}?q=kettle`, tok)).toEqual([c4.id, c3.id]);
    expect(await ids(`${url}?q=kettle&status=open&assigneeId=none`, tok)).toEqual([c4.id]);
    expect(await ids(`${url}?q=%23${c2.number}`, tok)).toEqual([c2.id]);
    expect(await ids(`${url}?q=${encodeURIComponent('%')}`, tok)).toEqual([]);
    expect(await ids(`${url}?customerId=${crypto.randomUUID()}`, tok)).toEqual([]);
  });

  it('refuses forged cursors with 422, never reaching SQL with a date it cannot take', async () => {
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = crypto.randomUUID();
    for (const cursor of [
      forge(['2020-02-30T00:00:00.000000Z', id]), // rolls over in JavaScript, refused by Postgres
      forge(['2020-01-01', id]),
      forge(['2020-01-01T00:00:00.000000Z', 'not-a-uuid']),
      forge(['2020-01-01T00:00:00.000000Z', id, 'extra']),
      forge({ at: '2020-01-01T00:00:00.000000Z', id }),
    ]) {
      for (const url of [convUrl(team), `/api/workspaces/${team.workspace.id}/customers`, `/api/workspaces/${team.workspace.id}/activity`]) {
        const res = await api.get(`${url}?cursor=${cursor}`, { token: team.owner.token });
        expect(res.status, `${url} ${cursor}`).toBe(422);
        expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'query.cursor', message: 'Invalid cursor' }] });
      }
    }
  });

  it('rejects bad filters', async () => {
    for (const query of ['status=archived', 'assigneeId=someone', 'channel=fax', 'customerId=1', 'limit=0', 'limit=101', 'cursor=%%%']) {
      const res = await api.get(`${convUrl(team)}?${query}`, { token: team.viewer.token });
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('pages without gaps or duplicates while new messages and conversations arrive', async () => {
    const t = await teamFixture(api);
    const cust = await customer(t, 'Pager');
    const original: string[] = [];
    for (let i = 0; i < 9; i++) original.push((await conversation(t, { customerId: cust, channel: 'web', subject: `P${i}` })).id);
    // Some have messages, so the order mixes lastMessageAt and createdAt.
    await message(t, original[2]!, 'early');
    await message(t, original[5]!, 'early');
    const expected = await ids(`${convUrl(t)}?limit=100`, t.viewer.token);
    expect(expected).toHaveLength(9);

    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const res: { body: { data: Conv[]; nextCursor: string | null } } = await api.get(`${convUrl(t)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: t.viewer.token,
      });
      seen.push(...res.body.data.map((c) => c.id));
      cursor = res.body.nextCursor;
      // Between pages: a conversation already seen gets a message (moves to the top), a new one starts.
      await message(t, seen[0]!, `between ${round}`);
      await conversation(t, { customerId: cust, channel: 'web', subject: `new ${round}` });
      round++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('roles and tenancy', () => {
  it('lets viewers read and agents write', async () => {
    const cust = await customer(team, 'Roles');
    const c = await conversation(team, { customerId: cust, channel: 'web' });
    const url = `${convUrl(team)}/${c.id}`;
    for (const role of ['viewer', 'agent', 'admin', 'owner'] as const) {
      const token = team[role].token;
      const canWrite = role !== 'viewer';
      expect((await api.get(convUrl(team), { token })).status, role).toBe(200);
      expect((await api.get(url, { token })).status, role).toBe(200);
      const created = await api.post(convUrl(team), { customerId: cust, channel: 'web' }, { token });
      expect(created.status, role).toBe(canWrite ? 201 : 403);
      const patched = await api.patch(url, { status: 'pending' }, { token });
      expect(patched.status, role).toBe(canWrite ? 200 : 403);
    }
    expect((await api.get(convUrl(team))).status).toBe(401);
    // Deleting is for admins and owners (conversation-delete.test.ts); a method the path does not take is 405.
    expect((await api.request('DELETE', url, { token: team.agent.token })).status).toBe(403);
    expect((await api.request('PUT', url, { token: team.owner.token })).status).toBe(405);
  });

  it('answers 404 across workspaces and leaves the rows unchanged', async () => {
    const c = await conversation(team, { customerId: await customer(team, 'Tenant'), channel: 'web' });
    const ours = `${convUrl(team)}/${c.id}`;
    const theirs = `/api/workspaces/${team.otherWorkspace.id}/conversations/${c.id}`;
    const token = team.outsider.token;
    for (const res of [
      await api.get(convUrl(team), { token }),
      await api.get(ours, { token }),
      await api.patch(ours, { status: 'closed' }, { token }),
      await api.get(theirs, { token }),
      await api.patch(theirs, { status: 'closed', assigneeId: team.outsider.user.id }, { token }),
      await api.post(`${theirs}/read`, undefined, { token }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect(await ids(`/api/workspaces/${team.otherWorkspace.id}/conversations`, token)).not.toContain(c.id);
    // Their workspace, our customer: 422 (no such customer there), nothing created.
    const cust = (await api.get(ours, { token: team.agent.token })).body.customer.id;
    expect((await api.post(`/api/workspaces/${team.otherWorkspace.id}/conversations`, { customerId: cust, channel: 'web' }, { token })).status).toBe(422);
    expect((await api.get(ours, { token: team.agent.token })).body).toEqual(c);
  });
});
