// Realtime with the real SDKs: the API publishes with `pusher` to the test app's local Pusher-protocol
// server, and `pusher-js` clients subscribe through our POST /api/realtime/auth.
import { createServer, type Socket } from 'node:net';
import Pusher from 'pusher-js';
import type { Channel } from 'pusher-js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { workspaceEventSchemas } from '../../contracts/events.js';
import { PUSHER, startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { inviteToken, signUp, teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
const open: Pusher[] = [];

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterEach(() => {
  for (const p of open.splice(0)) p.disconnect();
});
afterAll(() => app.close());

function connect(token: string): Pusher {
  const pusher = new Pusher(PUSHER.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: app.pusher.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: { endpoint: `${app.url}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${token}` } },
  });
  open.push(pusher);
  return pusher;
}

async function socketId(pusher: Pusher): Promise<string> {
  if (pusher.connection.state === 'connected') return pusher.connection.socket_id;
  return new Promise((resolve) => pusher.connection.bind('connected', () => resolve(pusher.connection.socket_id)));
}

/** Subscribes and resolves on success; rejects with the subscription error (e.g. { status: 403 }). */
function subscribe(pusher: Pusher, name: string): Promise<Channel> {
  const channel = pusher.subscribe(name);
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve(channel));
    channel.bind('pusher:subscription_error', (err: unknown) => reject(Object.assign(new Error('subscription_error'), { detail: err })));
  });
}

/** Collects every event of the given names on a channel. */
function record(channel: Channel, names: string[]) {
  const events: { name: string; data: any }[] = [];
  const waiters: (() => void)[] = [];
  for (const name of names) {
    channel.bind(name, (data: unknown) => {
      events.push({ name, data });
      for (const w of waiters.splice(0)) w();
    });
  }
  return {
    events,
    async next(name: string, predicate: (data: any) => boolean = () => true, timeoutMs = 3_000): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = events.find((e) => e.name === name && predicate(e.data));
        if (hit) return hit.data;
        if (Date.now() > deadline) throw new Error(`no ${name} within ${timeoutMs} ms; got ${events.map((e) => e.name).join(', ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

const wsChannel = (wid: string) => `private-workspace-${wid}`;
const presence = (wid: string) => `presence-workspace-${wid}`;
const base = () => `/api/workspaces/${team.workspace.id}`;

async function newConversation(token = team.agent.token) {
  const cust = await api.post(`${base()}/customers`, { name: 'Realtime Rita' }, { token });
  const conv = await api.post(`${base()}/conversations`, { customerId: cust.body.id, channel: 'web', subject: 'Live' }, { token });
  return conv.body as { id: string; number: number };
}

describe('GET /api/realtime/config', () => {
  it('tells pusher-js where the local server is, without auth', async () => {
    const res = await api.get('/api/realtime/config');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: PUSHER.key, cluster: 'local', wsHost: '127.0.0.1', wsPort: app.pusher.port, forceTLS: false });
  });
});

describe('POST /api/realtime/auth', () => {
  const socket = '123.456';
  const auth = (token: string | undefined, channel_name: string, socket_id = socket) =>
    api.post('/api/realtime/auth', { socket_id, channel_name }, token ? { token } : {});

  it('signs workspace channels for members, with presence data from the session', async () => {
    const priv = await auth(team.viewer.token, wsChannel(team.workspace.id));
    expect(priv.status).toBe(200);
    expect(priv.body.auth).toMatch(new RegExp(`^${PUSHER.key}:[0-9a-f]{64}$`));
    expect(priv.body.channel_data).toBeUndefined();
    const pres = await auth(team.agent.token, presence(team.workspace.id));
    expect(pres.status).toBe(200);
    expect(JSON.parse(pres.body.channel_data)).toEqual({ user_id: team.agent.user.id, user_info: { name: 'Ava Agent' } });
  });

  it('accepts the form encoding pusher-js sends', async () => {
    const res = await api.request('POST', '/api/realtime/auth', {
      token: team.agent.token,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      raw: new URLSearchParams({ socket_id: socket, channel_name: wsChannel(team.workspace.id) }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.body.auth).toContain(':');
  });

  it('signs a user channel only for that user', async () => {
    expect((await auth(team.agent.token, `private-user-${team.agent.user.id}`)).status).toBe(200);
    expect((await auth(team.agent.token, `private-user-${team.owner.user.id}`)).status).toBe(403);
  });

  it('refuses non-members, other channels, bad socket ids and missing sessions', async () => {
    for (const channel of [wsChannel(team.workspace.id), presence(team.workspace.id)]) {
      const res = await auth(team.outsider.token, channel);
      expect(res.status, channel).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    for (const channel of [
      'private-anything',
      'public-workspace',
      `private-workspace-${team.workspace.id}-x`,
      `presence-user-${team.agent.user.id}`,
      `private-encrypted-workspace-${team.workspace.id}`,
    ]) {
      expect((await auth(team.agent.token, channel)).status, channel).toBe(403);
    }
    expect((await auth(team.agent.token, wsChannel(team.workspace.id), 'abc')).status).toBe(422);
    expect((await auth(team.agent.token, wsChannel(team.workspace.id), '1.2;3')).status).toBe(422);
    expect((await auth(undefined, wsChannel(team.workspace.id))).status).toBe(401);
  });
});

describe('events through pusher-js', () => {
  it('delivers message.created with the documented payload to a member', async () => {
    const conv = await newConversation();
    const viewer = connect(team.viewer.token);
    const feed = record(await subscribe(viewer, wsChannel(team.workspace.id)), ['message.created']);
    const posted = await api.post(
      `${base()}/conversations/${conv.id}/messages`,
      { content: 'Is the Ethiopia roast back?', senderType: 'customer' },
      { token: team.agent.token },
    );
    expect(posted.status).toBe(201);
    const data = await feed.next('message.created', (d) => d.message.id === posted.body.id);
    expect(workspaceEventSchemas['message.created'].parse(data)).toBeTruthy();
    expect(data.message).toEqual(posted.body);
    expect(data.conversation).toMatchObject({
      id: conv.id,
      number: conv.number,
      customer: { name: 'Realtime Rita' },
      unreadCount: 1,
      lastMessage: { content: 'Is the Ethiopia roast back?', senderType: 'customer', createdAt: posted.body.createdAt },
      lastMessageAt: posted.body.createdAt,
    });
    expect(data.conversation).toEqual((await api.get(`${base()}/conversations?limit=1`, { token: team.viewer.token })).body.data[0]);
  });

  it('publishes conversation and customer events for every write', async () => {
    const member = connect(team.viewer.token);
    const feed = record(await subscribe(member, wsChannel(team.workspace.id)), [
      'conversation.created',
      'conversation.updated',
      'customer.created',
      'customer.updated',
      'customer.deleted',
    ]);
    const cust = await api.post(`${base()}/customers`, { name: 'Evented' }, { token: team.agent.token });
    expect(await feed.next('customer.created', (d) => d.customer.id === cust.body.id)).toEqual({ customer: cust.body });
    const patched = await api.patch(`${base()}/customers/${cust.body.id}`, { company: 'Evented Inc' }, { token: team.agent.token });
    expect(await feed.next('customer.updated', (d) => d.customer.id === cust.body.id)).toEqual({ customer: patched.body });

    const conv = await api.post(`${base()}/conversations`, { customerId: cust.body.id, channel: 'email' }, { token: team.agent.token });
    const created = await feed.next('conversation.created', (d) => d.conversation.id === conv.body.id);
    expect(workspaceEventSchemas['conversation.created'].parse(created)).toBeTruthy();
    const { notes: _notes, ...summary } = conv.body;
    expect(created).toEqual({ conversation: summary });

    await api.patch(`${base()}/conversations/${conv.body.id}`, { status: 'closed', assigneeId: team.agent.user.id }, { token: team.agent.token });
    const updated = await feed.next('conversation.updated', (d) => d.conversation.id === conv.body.id);
    expect(updated.conversation).toMatchObject({ status: 'closed', assigneeId: team.agent.user.id });
    expect(updated.conversation.notes).toBeUndefined();

    await api.post(`${base()}/conversations/${conv.body.id}/messages`, { content: 'hi', senderType: 'customer' }, { token: team.agent.token });
    await api.post(`${base()}/conversations/${conv.body.id}/read`, undefined, { token: team.agent.token });
    expect(
      await feed.next('conversation.updated', (d) => d.conversation.id === conv.body.id && d.conversation.unreadCount === 0 && d.conversation.lastMessage),
    ).toBeTruthy();

    await api.delete(`${base()}/customers/${cust.body.id}`, { token: team.admin.token });
    expect(await feed.next('customer.deleted', (d) => d.id === cust.body.id)).toEqual({ id: cust.body.id });
  });

  it('publishes member.updated when a member is added or changes role', async () => {
    const watcher = connect(team.viewer.token);
    const feed = record(await subscribe(watcher, wsChannel(team.workspace.id)), ['member.updated']);
    const invited = await api.post(`${base()}/members`, { email: `rt-${Date.now()}@example.test`, role: 'viewer' }, { token: team.admin.token });
    expect(await feed.next('member.updated', (d) => d.member.id === invited.body.id)).toEqual({ member: invited.body });
    const changed = await api.patch(`${base()}/members/${team.agent.user.id}`, { role: 'admin' }, { token: team.owner.token });
    const event = await feed.next('member.updated', (d) => d.member.userId === team.agent.user.id);
    expect(workspaceEventSchemas['member.updated'].parse(event)).toEqual({ member: changed.body });
    await api.patch(`${base()}/members/${team.agent.user.id}`, { role: 'agent' }, { token: team.owner.token });
  });

  it('publishes member.updated when an invited email registers from the link, so the pending row turns active live', async () => {
    const watcher = connect(team.admin.token);
    const feed = record(await subscribe(watcher, wsChannel(team.workspace.id)), ['member.updated']);
    const email = `rt-joiner-${Date.now()}@example.test`;
    const { token: invitationToken } = await inviteToken(api, team.admin.token, team.workspace.id, email, 'agent');
    const joined = await signUp(api, { email, name: 'Jo Joiner', invitationToken });
    const event = await feed.next('member.updated', (d) => d.member.userId === joined.user.id);
    const members = await api.get(`${base()}/members`, { token: team.admin.token });
    const row = members.body.data.find((m: { userId: string | null }) => m.userId === joined.user.id);
    expect(workspaceEventSchemas['member.updated'].parse(event)).toEqual({ member: row });
    expect(row).toMatchObject({ email, name: 'Jo Joiner', role: 'agent', status: 'active' });
  });

  it('keeps a 10,000-character message event under Pusher’s 10 KB limit', async () => {
    const conv = await newConversation();
    const member = connect(team.viewer.token);
    const feed = record(await subscribe(member, wsChannel(team.workspace.id)), ['message.created']);
    const content = 'é'.repeat(10_000);
    const posted = await api.post(`${base()}/conversations/${conv.id}/messages`, { content }, { token: team.agent.token });
    expect(posted.status).toBe(201);
    const data = await feed.next('message.created', (d) => d.message.id === posted.body.id);
    expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(10_000);
    expect(data.message.contentTruncated).toBe(true);
    expect(content.startsWith(data.message.content)).toBe(true);
    expect(data.message.content.length).toBeGreaterThan(4_000);
  });

  it('refuses a non-member’s subscription to the workspace’s private and presence channels', async () => {
    const outsider = connect(team.outsider.token);
    for (const name of [wsChannel(team.workspace.id), presence(team.workspace.id)]) {
      const err = await subscribe(outsider, name).then(
        () => null,
        (e: { detail: { status: number } }) => e.detail,
      );
      expect(err, name).toMatchObject({ status: 403 });
    }
    expect(app.pusher.channels().get(wsChannel(team.workspace.id)) ?? 0).toBe(0);
    // Their own workspace works.
    await subscribe(outsider, wsChannel(team.otherWorkspace.id));
  });

  it('lists the members online on the presence channel', async () => {
    const owner = connect(team.owner.token);
    const agent = connect(team.agent.token);
    const ownerPresence = await subscribe(owner, presence(team.workspace.id));
    const joined = new Promise<{ id: string; info: unknown }>((resolve) => ownerPresence.bind('pusher:member_added', resolve));
    const agentPresence = (await subscribe(agent, presence(team.workspace.id))) as Channel & { members: any };
    expect(await joined).toEqual({ id: team.agent.user.id, info: { name: 'Ava Agent' } });
    const listed: Record<string, unknown> = {};
    agentPresence.members.each((m: { id: string; info: unknown }) => (listed[m.id] = m.info));
    expect(listed).toEqual({ [team.owner.user.id]: { name: 'Olivia Owner' }, [team.agent.user.id]: { name: 'Ava Agent' } });
    expect(agentPresence.members.me).toMatchObject({ id: team.agent.user.id });
  });

  it('does not echo a write to the socket named in X-Socket-Id, but to the same user’s other socket', async () => {
    const conv = await newConversation();
    const tabA = connect(team.agent.token);
    const tabB = connect(team.agent.token);
    const feedA = record(await subscribe(tabA, wsChannel(team.workspace.id)), ['message.created']);
    const feedB = record(await subscribe(tabB, wsChannel(team.workspace.id)), ['message.created']);
    const sidA = await socketId(tabA);
    const sent = await api.post(
      `${base()}/conversations/${conv.id}/messages`,
      { content: 'from tab A' },
      { token: team.agent.token, headers: { 'X-Socket-Id': sidA } },
    );
    expect(sent.status).toBe(201);
    await feedB.next('message.created', (d) => d.message.id === sent.body.id);
    // A later write without the header reaches both, so A has had every chance to get the first one.
    const other = await api.post(`${base()}/conversations/${conv.id}/messages`, { content: 'no header' }, { token: team.agent.token });
    await feedA.next('message.created', (d) => d.message.id === other.body.id);
    await feedB.next('message.created', (d) => d.message.id === other.body.id);
    expect(feedA.events.map((e) => e.data.message.id)).toEqual([other.body.id]);
  });

  it('ignores a malformed X-Socket-Id instead of failing the write', async () => {
    const conv = await newConversation();
    const member = connect(team.viewer.token);
    const feed = record(await subscribe(member, wsChannel(team.workspace.id)), ['message.created']);
    const sent = await api.post(
      `${base()}/conversations/${conv.id}/messages`,
      { content: 'odd header' },
      { token: team.agent.token, headers: { 'X-Socket-Id': 'not-a-socket' } },
    );
    expect(sent.status).toBe(201);
    await feed.next('message.created', (d) => d.message.id === sent.body.id);
  });
});

// Last in the file: it replaces the Pusher server with one that accepts connections and never answers.
describe('when Pusher is down', () => {
  it('still answers writes at once and commits them; the failed publish is only logged', async () => {
    const conv = await newConversation();
    const port = app.pusher.port;
    await app.pusher.close();
    const sockets: Socket[] = [];
    const blackHole = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(port, '127.0.0.1', resolve));
    const errors = vi.spyOn(console, 'error');
    try {
      const started = performance.now();
      const res = await api.post(
        `${base()}/conversations/${conv.id}/messages`,
        { content: 'while Pusher hangs', senderType: 'customer' },
        { token: team.agent.token },
      );
      expect(res.status).toBe(201);
      expect(performance.now() - started).toBeLessThan(1_000);
      const detail = await api.get(`${base()}/conversations/${conv.id}`, { token: team.agent.token });
      expect(detail.body).toMatchObject({ unreadCount: 1, lastMessage: { content: 'while Pusher hangs' } });
      await vi.waitFor(() => expect(errors.mock.calls.some((args) => String(args[0]).startsWith('[realtime] publishing message.created failed'))).toBe(true), {
        timeout: 10_000,
        interval: 100,
      });
    } finally {
      errors.mockRestore();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });
});
