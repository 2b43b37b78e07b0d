// Realtime revocation with the real SDKs: pusher-js signs in through POST /api/realtime/user-auth, the server
// ends that user's connections with terminateUserConnections() (what the outbox calls after a member is
// removed, demoted, signed out or has their password reset), and a subscription attempted afterwards is
// authorized from scratch, so only what the user may still see is joined again.
import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import Pusher from 'pusher-js';
import type { Channel } from 'pusher-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memberships } from '../../db/schema/identity.js';
import { terminateUserConnections } from '../../api/_lib/realtime/terminate.js';
import { PUSHER, startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, signIn, signUp, type SignedIn } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let owner: SignedIn;
let shop: { id: string };
const open: Pusher[] = [];

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  owner = await signUp(api, { name: 'Olivia Owner' });
  shop = await createWorkspace(api, owner.token, 'Shop');
});
afterAll(async () => {
  for (const p of open.splice(0)) p.disconnect();
  await app.close();
});

/**
 * A user who is a member of `shop` (as an agent) and owns a workspace of their own. The membership is written
 * directly: how people join (invitations) is tested with the workspaces; here only being a member matters.
 */
async function shopMember(name: string) {
  const user = await signUp(api, { name });
  const home = await createWorkspace(api, user.token, `${name}'s own`);
  await app.database.db.insert(memberships).values({ workspaceId: shop.id, userId: user.user.id, role: 'agent' });
  return { ...user, home };
}

async function removeFromShop(userId: string) {
  await app.database.db.delete(memberships).where(and(eq(memberships.workspaceId, shop.id), eq(memberships.userId, userId)));
}

/** pusher-js as the SPA configures it: user authentication and channel authorization through our API. */
function connect(token: string): Pusher {
  const headers = { Authorization: `Bearer ${token}` };
  const pusher = new Pusher(PUSHER.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: app.pusher.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    userAuthentication: { endpoint: `${app.url}/api/realtime/user-auth`, transport: 'ajax', headers },
    channelAuthorization: { endpoint: `${app.url}/api/realtime/auth`, transport: 'ajax', headers },
  });
  pusher.signin();
  open.push(pusher);
  return pusher;
}

async function until(condition: () => boolean, what: string, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves once subscribed; rejects with the subscription error (e.g. { status: 403 }). */
function subscribed(channel: Channel): Promise<Channel> {
  return new Promise((resolve, reject) => {
    if (channel.subscribed) return resolve(channel);
    const ok = () => {
      channel.unbind('pusher:subscription_error', fail);
      resolve(channel);
    };
    const fail = (err: unknown) => {
      channel.unbind('pusher:subscription_succeeded', ok);
      reject(Object.assign(new Error('subscription_error'), { detail: err }));
    };
    channel.bind('pusher:subscription_succeeded', ok);
    channel.bind('pusher:subscription_error', fail);
  });
}

const refusal = (channel: Channel) =>
  subscribed(channel).then(
    () => null,
    (e: { detail: { status?: number } }) => e.detail,
  );

function collect(channel: Channel, name: string): unknown[] {
  const seen: unknown[] = [];
  channel.bind(name, (data: unknown) => seen.push(data));
  return seen;
}

const workspaceChannel = (wid: string) => `private-workspace-${wid}`;

async function newCustomer(wid: string, token: string, name: string): Promise<string> {
  const res = await api.post(`/api/workspaces/${wid}/customers`, { name }, { token });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('POST /api/realtime/user-auth', () => {
  it('signs the connection in as the caller, with the name from the session, as pusher.authenticateUser does', async () => {
    const member = await shopMember('Uma User');
    const res = await api.post('/api/realtime/user-auth', { socket_id: '123.456' }, { token: member.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(res.body.user_data)).toEqual({ id: member.user.id, user_info: { name: 'Uma User' } });
    const signature = createHmac('sha256', PUSHER.secret).update(`123.456::user::${res.body.user_data}`).digest('hex');
    expect(res.body.auth).toBe(`${PUSHER.key}:${signature}`);
  });

  it('takes the form encoding pusher-js sends; refuses a bad socket id, other fields and a missing session', async () => {
    const member = await shopMember('Form Filler');
    const form = await api.request('POST', '/api/realtime/user-auth', {
      token: member.token,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      raw: new URLSearchParams({ socket_id: '77.88' }).toString(),
    });
    expect(form.status).toBe(200);
    expect(JSON.parse(form.body.user_data)).toMatchObject({ id: member.user.id });

    expect((await api.post('/api/realtime/user-auth', { socket_id: 'abc' }, { token: member.token })).status).toBe(422);
    // The user data comes from the session, never from the request.
    const smuggled = await api.post('/api/realtime/user-auth', { socket_id: '1.2', user_data: '{"id":"someone-else"}' }, { token: member.token });
    expect(smuggled.status).toBe(422);
    const anonymous = await api.post('/api/realtime/user-auth', { socket_id: '1.2' });
    expect(anonymous.status).toBe(401);
  });
});

describe('terminateUserConnections', () => {
  it('closes the member’s signed-in connection at once; reconnecting re-subscribes only where they are still a member', async () => {
    const member = await shopMember('Remy Removed');
    const colleague = await shopMember('Cleo Colleague');
    const pusher = connect(member.token);
    const stays = connect(colleague.token);
    const shopChannel = await subscribed(pusher.subscribe(workspaceChannel(shop.id)));
    const homeChannel = await subscribed(pusher.subscribe(workspaceChannel(member.home.id)));
    const colleagueChannel = await subscribed(stays.subscribe(workspaceChannel(shop.id)));
    await until(() => app.pusher.users().get(member.user.id) === 1 && app.pusher.users().get(colleague.user.id) === 1, 'both users signed in');
    const leaked = collect(shopChannel, 'customer.created');
    const colleagueSaw = collect(colleagueChannel, 'customer.created');

    const closedWith = new Promise<number>((resolve) =>
      pusher.connection.bind('error', (err: { error?: { data?: { code?: number } } }) => {
        if (err.error?.data?.code) resolve(err.error.data.code);
      }),
    );
    await terminateUserConnections(member.user.id);
    expect(await closedWith).toBe(4009);
    await until(() => pusher.connection.state === 'disconnected', 'the connection to close');
    expect(app.pusher.users().has(member.user.id)).toBe(false);
    expect(app.pusher.users().get(colleague.user.id)).toBe(1);

    // While they are out, the workspace's events go on without them.
    const whileOut = await newCustomer(shop.id, owner.token, 'Private Pia');
    await until(() => colleagueSaw.length === 1, 'the colleague to get the event');
    expect(stays.connection.state).toBe('connected');

    // Removed meanwhile: when the client comes back it signs in again, and the workspace refuses it.
    await removeFromShop(member.user.id);
    const refused = refusal(shopChannel);
    const backHome = subscribed(homeChannel);
    pusher.connect();
    expect(await refused).toMatchObject({ type: 'AuthError', status: 403 });
    await backHome;
    await until(() => app.pusher.users().get(member.user.id) === 1, 'the user to be signed in again');

    const homeSaw = collect(homeChannel, 'customer.created');
    const afterRemoval = await newCustomer(shop.id, owner.token, 'Private Pat');
    const atHome = await newCustomer(member.home.id, member.token, 'Home Hal');
    await until(() => homeSaw.length === 1, 'the event of their own workspace');
    await until(() => colleagueSaw.length === 2, 'the colleague to get the second event');
    expect(leaked).toEqual([]);
    expect(colleagueSaw.map((e) => (e as { customer: { id: string } }).customer.id)).toEqual([whileOut, afterRemoval]);
    expect((homeSaw[0] as { customer: { id: string } }).customer.id).toBe(atHome);
    expect(app.pusher.channels().get(workspaceChannel(shop.id))).toBe(1);
  });

  it('leaves a member who is still allowed everything after they reconnect', async () => {
    const member = await shopMember('Sam Stays');
    const pusher = connect(member.token);
    const channel = await subscribed(pusher.subscribe(workspaceChannel(shop.id)));
    await until(() => app.pusher.users().get(member.user.id) === 1, 'signed in');
    await terminateUserConnections(member.user.id);
    await until(() => pusher.connection.state === 'disconnected', 'the connection to close');
    const resubscribed = new Promise<void>((resolve) => channel.bind('pusher:subscription_succeeded', () => resolve()));
    pusher.connect();
    await resubscribed;
    const seen = collect(channel, 'customer.created');
    const id = await newCustomer(shop.id, owner.token, 'Still Visible');
    await until(() => seen.length === 1, 'the event after reconnecting');
    expect(seen[0]).toMatchObject({ customer: { id } });
  });
});

describe('a revoked session', () => {
  it('can neither sign a connection in nor join a channel, while the user’s other session still can', async () => {
    const member = await shopMember('Rita Revoked');
    const other = await signIn(api, member.user.email);
    const sessions = await api.get('/api/auth/sessions', { token: member.token });
    const revoked = (sessions.body.data as { id: string; current: boolean }[]).find((s) => s.current);
    expect(revoked).toBeDefined();
    expect((await api.delete(`/api/auth/sessions/${revoked!.id}`, { token: other.token })).status).toBe(204);

    // The access token itself is still unexpired: the session check is what refuses it.
    const channelAuth = await api.post('/api/realtime/auth', { socket_id: '1.2', channel_name: workspaceChannel(shop.id) }, { token: member.token });
    expect(channelAuth.status).toBe(401);
    expect(channelAuth.body.error.code).toBe('unauthorized');
    expect((await api.post('/api/realtime/user-auth', { socket_id: '1.2' }, { token: member.token })).status).toBe(401);
    expect((await api.post('/api/realtime/user-auth', { socket_id: '1.2' }, { token: other.token })).status).toBe(200);

    const pusher = connect(member.token);
    expect(await refusal(pusher.subscribe(workspaceChannel(shop.id)))).toMatchObject({ status: 401 });
    expect(app.pusher.users().has(member.user.id)).toBe(false);
  });
});

// Last in the file: it loads the realtime modules again with another environment (no API request follows).
describe('terminateUserConnections outside the happy path', () => {
  async function withEnv(env: Record<string, string | undefined>) {
    vi.resetModules();
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    return (await import('../../api/_lib/realtime/terminate.js')).terminateUserConnections;
  }

  it('throws when Pusher refuses the request, so the outbox retries it', async () => {
    const terminate = await withEnv({ PUSHER_SECRET: 'not-the-secret' });
    try {
      await expect(terminate('00000000-0000-4000-8000-000000000001')).rejects.toMatchObject({ status: 401 });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('does nothing when realtime is off', async () => {
    const member = await shopMember('Off Olly');
    const pusher = connect(member.token);
    await until(() => app.pusher.users().get(member.user.id) === 1, 'signed in');
    const terminate = await withEnv({
      PUSHER_APP_ID: undefined,
      PUSHER_KEY: undefined,
      PUSHER_SECRET: undefined,
      PUSHER_HOST: undefined,
      PUSHER_PORT: undefined,
    });
    try {
      await terminate(member.user.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(pusher.connection.state).toBe('connected');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
