// The web widget's API: config, visitor sessions, a visitor's messages through the inbound path, the team's
// replies live on private-visitor-{conversationId} (never private notes), one visitor never reading another's
// conversation, the realtime authorization that signs only the visitor's own channel, the agents' typing hint,
// the offline form, and CORS that answers only the channel's allowed origins (preflights too).
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import Pusher from 'pusher-js';
import type { Channel } from 'pusher-js';
import PusherServerSdk from 'pusher';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { visitorMessageSchema, widgetConfigSchema, widgetMessagesSchema } from '../../contracts/widget.js';
import { channelIdentities, channels } from '../../db/schema/channels.js';
import { conversations, customers } from '../../db/schema/inbox.js';
import { clearWidgetCorsCache } from '../../api/_lib/widget/cors.js';
import { PUSHER, startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let wid: string;
const SHOP = 'https://shop.example.com';
const OTHER_SHOP = 'https://other-shop.example.com';
const EVIL = 'https://evil.example.net';
let web: { id: string; publicKey: string };
let otherWeb: { id: string; publicKey: string };
const open: Pusher[] = [];

async function addWebChannel(workspaceId: string, settings: Record<string, unknown>, status = 'connected') {
  const publicKey = randomBytes(18).toString('base64url');
  const [row] = await app.database.db
    .insert(channels)
    .values({ workspaceId, type: 'web', name: 'Website chat', status, publicKey, settings })
    .returning({ id: channels.id });
  return { id: row!.id, publicKey };
}

async function session(publicKey = web.publicKey, body: Record<string, unknown> = {}) {
  const res = await api.post(`/api/public/widget/${publicKey}/sessions`, body);
  expect(res.status).toBe(201);
  return res.body.visitorToken as string;
}

const send = (token: string, content: string) => api.post('/api/public/widget/messages', { content }, { token });
const history = (token: string) => api.get('/api/public/widget/messages', { token });
const reply = (conversationId: string, content: string, extra: Record<string, unknown> = {}) =>
  api.post(`/api/workspaces/${wid}/conversations/${conversationId}/messages`, { content, ...extra }, { token: team.agent.token });

function visitorPusher(token: string): Pusher {
  const pusher = new Pusher(PUSHER.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: app.pusher.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: { endpoint: `${app.url}/api/public/widget/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${token}` } },
  });
  open.push(pusher);
  return pusher;
}

function subscribe(pusher: Pusher, name: string): Promise<Channel> {
  const channel = pusher.subscribe(name);
  return new Promise((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve(channel));
    channel.bind('pusher:subscription_error', (err: unknown) => reject(Object.assign(new Error('subscription_error'), { detail: err })));
  });
}

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  wid = team.workspace.id;
  web = await addWebChannel(wid, { allowedOrigins: [SHOP, 'http://127.0.0.1:5173/'], greeting: 'Hello from Acme', color: '#FFDD00' });
  otherWeb = await addWebChannel(team.otherWorkspace.id, { allowedOrigins: [OTHER_SHOP] });
});
afterEach(() => {
  for (const p of open.splice(0)) p.disconnect();
});
afterAll(() => app.close());

describe('config', () => {
  it('answers the name, greeting, colour, whether anyone is online and where to connect', async () => {
    const res = await api.get(`/api/public/widget/${web.publicKey}/config`);
    expect(res.status).toBe(200);
    const config = widgetConfigSchema.parse(res.body);
    expect(config).toMatchObject({ name: 'Website chat', greeting: 'Hello from Acme', color: '#ffdd00', online: false });
    expect(config.realtime).toMatchObject({ key: PUSHER.key, wsHost: '127.0.0.1', wsPort: app.pusher.port, forceTLS: false });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('is online while a member has the app open (subscribed to the workspace’s presence channel)', async () => {
    const member = new Pusher(PUSHER.key, {
      cluster: 'local',
      wsHost: '127.0.0.1',
      wsPort: app.pusher.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      channelAuthorization: { endpoint: `${app.url}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${team.outsider.token}` } },
    });
    open.push(member);
    await subscribe(member, `presence-workspace-${team.otherWorkspace.id}`);
    const res = await api.get(`/api/public/widget/${otherWeb.publicKey}/config`);
    expect(res.body.online).toBe(true);
  });

  it('is 404 for an unknown key and for a disconnected channel', async () => {
    expect((await api.get(`/api/public/widget/${'x'.repeat(24)}/config`)).status).toBe(404);
    const off = await addWebChannel(wid, {}, 'disconnected');
    expect((await api.get(`/api/public/widget/${off.publicKey}/config`)).status).toBe(404);
    expect((await api.post(`/api/public/widget/${off.publicKey}/sessions`, {})).status).toBe(404);
  });
});

describe('sessions and messages', () => {
  it('gives a 30-day visitor token that is not an access token, and an access token is not a visitor token', async () => {
    const token = await session();
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ aud: 'widget', cid: web.id, wid });
    expect((payload.exp as number) - (payload.iat as number)).toBe(30 * 24 * 3600);
    expect((await api.get(`/api/workspaces/${wid}/conversations`, { token })).status).toBe(401);
    expect((await history(team.owner.token)).status).toBe(401);
    expect((await history('')).status).toBe(401);
    const forged = `${token.split('.').slice(0, 2).join('.')}.${Buffer.alloc(32).toString('base64url')}`;
    expect((await history(forged)).status).toBe(401);
  });

  it('keeps a visitor’s conversation: their messages and the team’s replies, never private notes or system events', async () => {
    const token = await session(web.publicKey, { name: 'Vera Visitor', email: 'vera@example.com' });
    const empty = await history(token);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ conversationId: null, data: [] });

    const first = await send(token, 'Hello, do you ship to Lisbon?');
    expect(first.status).toBe(201);
    const conversationId = first.body.conversationId as string;
    expect(visitorMessageSchema.parse(first.body.message)).toMatchObject({ senderType: 'customer', content: 'Hello, do you ship to Lisbon?' });
    const [conversation] = await app.database.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conversation).toMatchObject({ workspaceId: wid, channelId: web.id, channel: 'web' });
    const [customer] = await app.database.db.select().from(customers).where(eq(customers.id, conversation!.customerId));
    expect(customer).toMatchObject({ name: 'Vera Visitor', email: 'vera@example.com' });

    expect((await reply(conversationId, 'Yes, in 3 days.')).status).toBe(201);
    expect((await reply(conversationId, 'INTERNAL: check stock first', { private: true })).status).toBe(201);
    expect((await send(token, 'Great, thanks!')).body.conversationId).toBe(conversationId);

    const listed = await history(token);
    expect(listed.status).toBe(200);
    const body = widgetMessagesSchema.parse(listed.body);
    expect(body.conversationId).toBe(conversationId);
    expect(body.data.map((m) => [m.senderType, m.content])).toEqual([
      ['customer', 'Hello, do you ship to Lisbon?'],
      ['agent', 'Yes, in 3 days.'],
      ['customer', 'Great, thanks!'],
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('INTERNAL');
  });

  it('never shows one visitor another’s conversation', async () => {
    const alice = await session();
    const bob = await session();
    const sent = await send(alice, 'Alice’s secret question');
    expect(sent.status).toBe(201);
    await reply(sent.body.conversationId, 'Answer for Alice');
    const bobs = await history(bob);
    expect(bobs.body).toEqual({ conversationId: null, data: [] });
    const bobSent = await send(bob, 'Bob here');
    expect(bobSent.body.conversationId).not.toBe(sent.body.conversationId);
    expect((await history(bob)).body.data.map((m: { content: string }) => m.content)).toEqual(['Bob here']);
    // A visitor of another channel (another workspace) reads nothing of this one's either.
    const stranger = await session(otherWeb.publicKey);
    expect((await history(stranger)).body).toEqual({ conversationId: null, data: [] });
  });

  it('answers 401 once the channel is disconnected, and refuses empty or oversized messages', async () => {
    const token = await session();
    expect((await send(token, '   ')).status).toBe(422);
    expect((await send(token, 'x'.repeat(4001))).status).toBe(422);
    const gone = await addWebChannel(wid, {});
    const goneToken = await session(gone.publicKey);
    await app.database.db.update(channels).set({ status: 'disconnected' }).where(eq(channels.id, gone.id));
    expect((await history(goneToken)).status).toBe(401);
    expect((await send(goneToken, 'anyone?')).status).toBe(401);
  });

  it('takes the offline form: the visitor becomes a customer with that email, never joined to an existing one', async () => {
    const token = await session();
    const res = await api.post('/api/public/widget/offline', { email: 'Olga@Example.com', content: 'Call me back please' }, { token });
    expect(res.status).toBe(201);
    const [conversation] = await app.database.db.select().from(conversations).where(eq(conversations.id, res.body.conversationId));
    const [customer] = await app.database.db.select().from(customers).where(eq(customers.id, conversation!.customerId));
    expect(customer).toMatchObject({ email: 'olga@example.com', name: 'olga' });

    // Someone else typing Olga's email gets a customer of their own and does not see Olga's conversation.
    const intruder = await session();
    const again = await api.post('/api/public/widget/offline', { email: 'olga@example.com', content: 'Show me her chat' }, { token: intruder });
    expect(again.status).toBe(201);
    expect(again.body.conversationId).not.toBe(res.body.conversationId);
    expect((await history(intruder)).body.data.map((m: { content: string }) => m.content)).toEqual(['Show me her chat']);
    const [identity] = await app.database.db
      .select({ customerId: channelIdentities.customerId })
      .from(channelIdentities)
      .innerJoin(conversations, eq(conversations.customerId, channelIdentities.customerId))
      .where(and(eq(channelIdentities.channelId, web.id), eq(conversations.id, again.body.conversationId)));
    expect(identity!.customerId).not.toBe(customer!.id);
  });
});

describe('realtime', () => {
  it('signs only the visitor’s own conversation channel, with the app’s Pusher secret', async () => {
    const token = await session();
    const other = await session();
    const { body } = await send(token, 'hi');
    const mine = `private-visitor-${body.conversationId}`;
    const auth = (channel: string, t = token) => api.post('/api/public/widget/realtime/auth', { socket_id: '123.456', channel_name: channel }, { token: t });
    const signed = await auth(mine);
    expect(signed.status).toBe(200);
    const sdk = new PusherServerSdk({ appId: PUSHER.appId, key: PUSHER.key, secret: PUSHER.secret, host: '127.0.0.1', port: '1', useTLS: false });
    expect(signed.body.auth).toBe(sdk.authorizeChannel('123.456', mine).auth);
    expect((await auth(mine, other)).status).toBe(403);
    expect((await auth(`private-visitor-${randomUUID()}`)).status).toBe(403);
    expect((await auth(`private-workspace-${wid}`)).status).toBe(403);
    expect((await auth(`presence-workspace-${wid}`)).status).toBe(403);
    expect((await api.post('/api/public/widget/realtime/auth', { socket_id: '123.456', channel_name: mine })).status).toBe(401);
    // Form-encoded, as a Pusher client sends it.
    const form = await api.request('POST', '/api/public/widget/realtime/auth', {
      raw: `socket_id=123.456&channel_name=${encodeURIComponent(mine)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
    });
    expect(form.status).toBe(200);
  });

  it('delivers the team’s replies and typing to the visitor live, and never a private note', async () => {
    const token = await session();
    const { body } = await send(token, 'Is anyone there?');
    const conversationId = body.conversationId as string;
    const pusher = visitorPusher(token);
    const channel = await subscribe(pusher, `private-visitor-${conversationId}`);
    const received: { name: string; data: any }[] = [];
    channel.bind_global((name: string, data: unknown) => {
      if (!name.startsWith('pusher')) received.push({ name, data });
    });

    const typing = await api.post('/api/realtime/typing', { conversationId }, { token: team.agent.token });
    expect(typing.status).toBe(204);
    expect((await reply(conversationId, 'note: VIP', { private: true })).status).toBe(201);
    expect((await reply(conversationId, 'Yes! How can I help?')).status).toBe(201);
    await expect.poll(() => received.map((e) => e.name), { timeout: 5000 }).toEqual(['typing', 'message.created']);
    expect(visitorMessageSchema.parse(received[1]!.data.message)).toMatchObject({ senderType: 'agent', content: 'Yes! How can I help?' });
    expect(JSON.stringify(received)).not.toContain('VIP');
  });

  it('lets only the workspace’s agents and above send typing, on web conversations', async () => {
    const token = await session();
    const { body } = await send(token, 'typing test');
    const typing = (t: string, conversationId = body.conversationId) => api.post('/api/realtime/typing', { conversationId }, { token: t });
    expect((await typing(team.owner.token)).status).toBe(204);
    expect((await typing(team.viewer.token)).status).toBe(404);
    expect((await typing(team.outsider.token)).status).toBe(404);
    expect((await typing(team.agent.token, randomUUID())).status).toBe(404);
    expect((await api.post('/api/realtime/typing', { conversationId: body.conversationId })).status).toBe(401);
  });
});

describe('CORS', () => {
  const corsOf = (res: { headers: Headers }) => ({
    origin: res.headers.get('access-control-allow-origin'),
    methods: res.headers.get('access-control-allow-methods'),
    headers: res.headers.get('access-control-allow-headers'),
  });

  it('echoes an allowed origin on the widget’s answers, and sends no CORS headers to any other', async () => {
    clearWidgetCorsCache();
    const config = `/api/public/widget/${web.publicKey}/config`;
    expect(corsOf(await api.get(config, { headers: { origin: SHOP } })).origin).toBe(SHOP);
    expect(corsOf(await api.get(config, { headers: { origin: 'http://127.0.0.1:5173' } })).origin).toBe('http://127.0.0.1:5173');
    for (const origin of [EVIL, OTHER_SHOP, 'null', 'https://shop.example.com.evil.net']) {
      const res = await api.get(config, { headers: { origin } });
      expect(res.status).toBe(200);
      expect(corsOf(res).origin).toBeNull();
    }
    const token = await session();
    expect(corsOf(await api.get('/api/public/widget/messages', { token, headers: { origin: SHOP } })).origin).toBe(SHOP);
    // Allowed by another workspace's channel, not by the token's.
    expect(corsOf(await api.get('/api/public/widget/messages', { token, headers: { origin: OTHER_SHOP } })).origin).toBeNull();
    // Errors are readable by an allowed origin (the widget shows them).
    const refused = await api.post('/api/public/widget/messages', { content: '' }, { token, headers: { origin: SHOP } });
    expect(refused.status).toBe(422);
    expect(corsOf(refused).origin).toBe(SHOP);
  });

  it('answers preflights with the methods and headers for allowed origins only', async () => {
    const preflight = (path: string, origin: string) =>
      api.request('OPTIONS', path, {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    for (const path of [`/api/public/widget/${web.publicKey}/sessions`, '/api/public/widget/messages', '/api/public/widget/realtime/auth']) {
      const ok = await preflight(path, SHOP);
      expect(ok.status).toBe(204);
      expect(corsOf(ok)).toEqual({ origin: SHOP, methods: 'GET, POST', headers: 'Authorization, Content-Type' });
      const no = await preflight(path, EVIL);
      expect(corsOf(no)).toEqual({ origin: null, methods: null, headers: null });
    }
    expect(corsOf(await preflight(`/api/public/widget/${web.publicKey}/sessions`, OTHER_SHOP)).origin).toBeNull();
  });

  it('never sends CORS headers outside the widget’s paths', async () => {
    const forms = await api.get(`/api/public/forms/${web.publicKey}`, { headers: { origin: SHOP } });
    expect(forms.headers.get('access-control-allow-origin')).toBeNull();
    const options = await api.request('OPTIONS', `/api/workspaces/${wid}/conversations`, { headers: { origin: SHOP } });
    expect(options.status).toBe(405);
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('follows a change of allowedOrigins', async () => {
    await app.database.db
      .update(channels)
      .set({ settings: { allowedOrigins: [EVIL] } })
      .where(eq(channels.id, otherWeb.id));
    clearWidgetCorsCache();
    const res = await api.get(`/api/public/widget/${otherWeb.publicKey}/config`, { headers: { origin: EVIL } });
    expect(res.headers.get('access-control-allow-origin')).toBe(EVIL);
    const old = await api.get(`/api/public/widget/${otherWeb.publicKey}/config`, { headers: { origin: OTHER_SHOP } });
    expect(old.headers.get('access-control-allow-origin')).toBeNull();
  });
});
