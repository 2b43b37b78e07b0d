// Exercises dev/pusher-server.ts with the real, unmodified `pusher` (REST) and `pusher-js` (client) SDKs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import PusherRest from 'pusher';
import PusherClient, { type Channel, type PresenceChannel } from 'pusher-js';
import { startPusherServer, type PusherServer } from './pusher-server.js';

const APP = { appId: '4242', key: 'local-key', secret: 'local-secret' };
/** Started with the defaults (client events off), as `npm run dev` and the API tests start it. */
let server: PusherServer;
/** The same app with client events enabled (Pusher's "Enable client events" app setting). */
let chatty: PusherServer;
let rest: PusherRest;
const clients: PusherClient[] = [];
const sockets: WebSocket[] = [];

const restSdk = (over: Partial<{ appId: string; key: string; secret: string }> = {}, port = server.port) =>
  new PusherRest({ ...APP, ...over, host: '127.0.0.1', port: String(port), useTLS: false });

function within<T>(p: Promise<T>, what: string, ms = 3000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Polls server-side state (used only to order an assertion after a disconnect is processed). */
async function until(cond: () => boolean, what: string) {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > 3000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface User {
  user_id: string;
  user_info?: Record<string, unknown>;
}

interface ConnectOptions {
  /** Presence data the channel authorization signs (channel_data). */
  user?: User;
  signer?: PusherRest;
  /** The user data the user authentication signs (pusher:signin); signin() is called when given. */
  signinAs?: { id: string; user_info?: Record<string, unknown> };
  port?: number;
}

function connect(opts: ConnectOptions = {}): Promise<PusherClient> {
  const signer = opts.signer ?? rest;
  const client = new PusherClient(APP.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: opts.port ?? server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const presence = channelName.startsWith('presence-') ? opts.user : undefined;
        callback(null, signer.authorizeChannel(socketId, channelName, presence));
      },
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => {
        if (!opts.signinAs) return callback(new Error('no user to sign in as'), null);
        callback(null, signer.authenticateUser(socketId, opts.signinAs));
      },
    },
  });
  clients.push(client);
  if (opts.signinAs) client.signin();
  return within(new Promise((resolve) => client.connection.bind('connected', () => resolve(client))), 'pusher-js connected');
}

/** Resolves with the user data once the server has confirmed pusher:signin (pusher:signin_success). */
function signedIn(client: PusherClient): Promise<{ id: string; user_info?: unknown }> {
  return within(
    new Promise((resolve) => {
      const check = () => {
        if (client.user.user_data) resolve(client.user.user_data as { id: string });
        else setTimeout(check, 5);
      };
      check();
    }),
    'pusher:signin_success',
  );
}

/** Resolves with the code of the next pusher:error / close error pusher-js reports on the connection. */
function nextConnectionError(client: PusherClient): Promise<{ code: number | null; message: string }> {
  return within(
    new Promise((resolve) => {
      const onError = (err: { type?: string; data?: { code: number | null; message: string }; error?: { data?: { code: number; message: string } } }) => {
        const data = err.data ?? err.error?.data;
        if (!data) return;
        client.connection.unbind('error', onError);
        resolve(data);
      };
      client.connection.bind('error', onError);
    }),
    'a connection error',
  );
}

function stateBecomes(client: PusherClient, state: string): Promise<void> {
  return within(
    new Promise<void>((resolve) => {
      if (client.connection.state === state) return resolve();
      const onChange = ({ current }: { current: string }) => {
        if (current !== state) return;
        client.connection.unbind('state_change', onChange);
        resolve();
      };
      client.connection.bind('state_change', onChange);
    }),
    `connection state ${state}`,
  );
}

function subscribe<C extends Channel = Channel>(client: PusherClient, name: string): Promise<C> {
  const channel = client.subscribe(name);
  return within(
    new Promise<C>((resolve, reject) => {
      channel.bind('pusher:subscription_succeeded', () => resolve(channel as C));
      channel.bind('pusher:subscription_error', (err: unknown) => reject(new Error(`subscription_error ${JSON.stringify(err)}`)));
    }),
    `subscription to ${name}`,
  );
}

function next<T = unknown>(channel: Channel, event: string): Promise<{ data: T; meta: { user_id?: string } }> {
  return within(
    new Promise((resolve) => {
      const cb = (data: T, meta: { user_id?: string }) => {
        channel.unbind(event, cb);
        resolve({ data, meta });
      };
      channel.bind(event, cb);
    }),
    `${event} on ${channel.name}`,
  );
}

function record(channel: Channel, event: string): unknown[] {
  const seen: unknown[] = [];
  channel.bind(event, (data: unknown) => seen.push(data));
  return seen;
}

/** Raw websocket client collecting every frame, for protocol-level assertions. */
function rawSocket(path = `/app/${APP.key}?protocol=7&client=js&version=8.6.0&flash=false`, port = server.port) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  sockets.push(ws);
  const frames: { event: string; channel?: string; data: unknown }[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (raw) => {
    frames.push(JSON.parse(String(raw)) as (typeof frames)[number]);
    for (const w of waiters.splice(0)) w();
  });
  const frame = (event: string) =>
    within(
      new Promise<(typeof frames)[number]>((resolve) => {
        const check = () => {
          const i = frames.findIndex((f) => f.event === event);
          if (i >= 0) resolve(frames.splice(i, 1)[0]!);
          else waiters.push(check);
        };
        check();
      }),
      `raw frame ${event}`,
    );
  const closed = within(new Promise<number>((resolve) => ws.on('close', (code) => resolve(code))), 'socket close', 5000);
  return { ws, frame, frames, closed, send: (msg: unknown) => ws.send(JSON.stringify(msg)) };
}

beforeAll(async () => {
  server = await startPusherServer({ ...APP, port: 0 });
  chatty = await startPusherServer({ ...APP, port: 0, clientEvents: true });
  rest = restSdk();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const s of sockets) s.terminate();
  await server?.close();
  await chatty?.close();
});

describe('pusher-server websocket protocol', () => {
  it('sends connection_established with a socket id and activity timeout; answers pusher:ping', async () => {
    const s = rawSocket();
    const established = await s.frame('pusher:connection_established');
    expect(typeof established.data).toBe('string');
    const data = JSON.parse(established.data as string) as { socket_id: string; activity_timeout: number };
    expect(data.socket_id).toMatch(/^\d+\.\d+$/);
    expect(data.activity_timeout).toBe(120);
    s.send({ event: 'pusher:ping', data: {} });
    expect((await s.frame('pusher:pong')).event).toBe('pusher:pong');
  });

  it('rejects an unknown app key with pusher:error 4001 and closes', async () => {
    const s = rawSocket('/app/nope?protocol=7&client=js&version=8.6.0');
    const err = await s.frame('pusher:error');
    expect(JSON.parse(err.data as string)).toMatchObject({ code: 4001 });
    expect(await s.closed).toBe(4001);

    // pusher-js treats it as "refused": reports the error and stops instead of reconnecting.
    const client = new PusherClient('nope', { cluster: 'local', wsHost: '127.0.0.1', wsPort: server.port, forceTLS: false, enabledTransports: ['ws'] });
    clients.push(client);
    const error = within(new Promise<unknown>((resolve) => client.connection.bind('error', resolve)), 'pusher-js error');
    const stopped = within(
      new Promise<string>((resolve) => client.connection.bind('state_change', (s: { current: string }) => resolve(s.current))),
      'state change',
    );
    expect(JSON.stringify(await error)).toContain('"code":4001');
    expect(await stopped).toBe('disconnected');
  });

  it('pings a silent client after activity_timeout and closes it (4201) when no pong comes', async () => {
    const quick = await startPusherServer({ ...APP, port: 0, activityTimeout: 0.3 });
    try {
      const path = `/app/${APP.key}?protocol=7&client=js&version=8.6.0`;
      const silent = rawSocket(path, quick.port);
      const polite = rawSocket(path, quick.port);
      await silent.frame('pusher:ping');
      await polite.frame('pusher:ping');
      polite.send({ event: 'pusher:pong', data: {} });
      expect(await silent.closed).toBe(4201);
      await polite.frame('pusher:ping'); // pinged again later instead of being closed
      expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      await quick.close();
    }
  });
});

describe('pusher-server events via the pusher SDK', () => {
  it('delivers trigger() on a public channel', async () => {
    const client = await connect();
    const channel = await subscribe(client, 'public-news');
    const got = next(channel, 'headline');
    const res = await rest.trigger('public-news', 'headline', { title: 'hello', n: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect((await got).data).toEqual({ title: 'hello', n: 1 });
  });

  it('delivers to a private channel subscribed with a valid signature', async () => {
    const client = await connect();
    const channel = await subscribe(client, 'private-user-1');
    const got = next(channel, 'notice');
    await rest.trigger(['private-user-1', 'other'], 'notice', { ok: true });
    expect((await got).data).toEqual({ ok: true });
  });

  it('refuses a private subscription with a bad signature and delivers nothing to it', async () => {
    const client = await connect({ signer: restSdk({ secret: 'wrong-secret' }) });
    const control = await subscribe(client, 'control-bad-sig');
    const channel = client.subscribe('private-secret');
    const received = record(channel, 'leak');
    const error = await within(new Promise<unknown>((resolve) => channel.bind('pusher:subscription_error', resolve)), 'subscription_error');
    expect(error).toMatchObject({ type: 'AuthError', status: 401 });
    expect(server.channels().has('private-secret')).toBe(false);

    await rest.trigger('private-secret', 'leak', { secret: 1 });
    const done = next(control, 'done');
    await rest.trigger('control-bad-sig', 'done', {});
    await done; // same socket, sent after the leak attempt: had 'leak' been delivered it would be here already
    expect(received).toEqual([]);
  });

  it('excludes the socket named by socket_id, others still receive', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const [chA, chB] = await Promise.all([subscribe(a, 'room-exclude'), subscribe(b, 'room-exclude')]);
    const seenByA = record(chA, 'msg');
    const bGot = next(chB, 'msg');
    await rest.trigger('room-exclude', 'msg', { from: 'a' }, { socket_id: a.connection.socket_id });
    expect((await bGot).data).toEqual({ from: 'a' });
    const aControl = next(chA, 'control');
    await rest.trigger('room-exclude', 'control', {});
    await aControl;
    expect(seenByA).toEqual([]);
  });

  it('delivers triggerBatch events', async () => {
    const client = await connect();
    const [c1, c2] = await Promise.all([subscribe(client, 'batch-1'), subscribe(client, 'batch-2')]);
    const got1 = next(c1, 'ev-a');
    const got2 = next(c2, 'ev-b');
    const res = await rest.triggerBatch([
      { channel: 'batch-1', name: 'ev-a', data: { i: 1 } },
      { channel: 'batch-2', name: 'ev-b', data: 'plain text' },
    ]);
    expect(res.status).toBe(200);
    expect((await got1).data).toEqual({ i: 1 });
    expect((await got2).data).toBe('plain text');
  });

  it('rejects trigger() signed with the wrong secret (401) and delivers nothing', async () => {
    const client = await connect();
    const channel = await subscribe(client, 'guarded');
    const seen = record(channel, 'forged');
    const err = await restSdk({ secret: 'not-the-secret' })
      .trigger('guarded', 'forged', {})
      .then(
        () => null,
        (e: { status?: number; body?: string }) => e,
      );
    expect(err?.status).toBe(401);
    expect(err?.body).toMatch(/signature/i);
    const control = next(channel, 'genuine');
    await rest.trigger('guarded', 'genuine', {});
    await control;
    expect(seen).toEqual([]);
  });

  it('validates REST requests: unknown app 404, wrong key 401, oversized 413, bad body_md5 401, stale timestamp 401, bad JSON 400', async () => {
    const status = (p: Promise<unknown>) =>
      p.then(
        () => 200,
        (e: { status?: number }) => e.status,
      );
    expect(await status(restSdk({ appId: '999' }).trigger('x', 'y', {}))).toBe(404);
    expect(await status(restSdk({ key: 'other-key' }).trigger('x', 'y', {}))).toBe(401);
    expect(await status(rest.trigger('x', 'y', 'a'.repeat(10 * 1024 + 1)))).toBe(413); // Pusher's 10 KB event limit

    const base = `http://127.0.0.1:${server.port}`;
    const path = `/apps/${APP.appId}/events`;
    const post = (query: string, body: string) => fetch(`${base}${path}?${query}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const signedFor = (body: string) => rest.createSignedQueryString({ method: 'POST', path, body });

    const tampered = await post(signedFor('{"name":"a","data":"1","channels":["x"]}'), '{"name":"b","data":"1","channels":["x"]}');
    expect(tampered.status).toBe(401);
    expect(await tampered.text()).toMatch(/body_md5/);

    const badJson = await post(signedFor('{not json'), '{not json');
    expect(badJson.status).toBe(400);

    const stale = `auth_key=${APP.key}&auth_timestamp=${Math.floor(Date.now() / 1000) - 3600}&auth_version=1.0`;
    const sig = createHmac('sha256', APP.secret).update(`GET\n/apps/${APP.appId}/channels\n${stale}`).digest('hex');
    const staleRes = await fetch(`${base}/apps/${APP.appId}/channels?${stale}&auth_signature=${sig}`);
    expect(staleRes.status).toBe(401);
    expect(await staleRes.text()).toMatch(/timestamp/i);
  });
});

describe('pusher-server client events', () => {
  it('refuses client events by default with Pusher’s pusher:error, delivering nothing and keeping the connection', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const [chA, chB] = await Promise.all([subscribe(a, 'private-quiet'), subscribe(b, 'private-quiet')]);
    const leaked = record(chB, 'client-typing');
    const error = nextConnectionError(a);
    expect(chA.trigger('client-typing', { who: 'a' })).toBe(true);
    expect(await error).toEqual({
      code: null,
      message: 'To send client events, you must enable this feature in the Settings page of your dashboard.',
    });
    const control = next(chB, 'control');
    await rest.trigger('private-quiet', 'control', {});
    await control;
    expect(leaked).toEqual([]);
    expect(a.connection.state).toBe('connected');
    // Still usable: the same socket receives what the server publishes.
    const stillThere = next(chA, 'later');
    await rest.trigger('private-quiet', 'later', { n: 1 });
    expect((await stillThere).data).toEqual({ n: 1 });
  });

  it('when enabled, forwards client- events on a private channel to others but not the sender; rejects them on public channels', async () => {
    const chattyRest = restSdk({}, chatty.port);
    const [a, b] = await Promise.all([connect({ port: chatty.port }), connect({ port: chatty.port })]);
    const [chA, chB] = await Promise.all([subscribe(a, 'private-chat'), subscribe(b, 'private-chat')]);
    const echoedToA = record(chA, 'client-typing');
    const bGot = next(chB, 'client-typing');
    expect(chA.trigger('client-typing', { who: 'a' })).toBe(true);
    expect((await bGot).data).toEqual({ who: 'a' });
    const aGot = next(chA, 'client-ack');
    chB.trigger('client-ack', { ok: 1 });
    expect((await aGot).data).toEqual({ ok: 1 });
    expect(echoedToA).toEqual([]); // a's own event would have arrived before b's reply

    const [pubA, pubB] = await Promise.all([subscribe(a, 'public-lobby'), subscribe(b, 'public-lobby')]);
    const leaked = record(pubB, 'client-shout');
    const error = within(new Promise<unknown>((resolve) => a.connection.bind('error', resolve)), 'pusher:error');
    pubA.trigger('client-shout', {});
    expect(JSON.stringify(await error)).toMatch(/PusherError.*private and presence/);
    const control = next(pubB, 'control');
    await chattyRest.trigger('public-lobby', 'control', {});
    await control;
    expect(leaked).toEqual([]);
  });

  it('when enabled, adds the sender’s user_id to client events on presence channels', async () => {
    const room = 'presence-chatty-room';
    const alice = await connect({ port: chatty.port, user: { user_id: 'alice', user_info: { name: 'Alice' } } });
    const bob = await connect({ port: chatty.port, user: { user_id: 'bob' } });
    const aliceCh = await subscribe<PresenceChannel>(alice, room);
    const bobCh = await subscribe<PresenceChannel>(bob, room);
    const fromAlice = next(bobCh, 'client-wave');
    aliceCh.trigger('client-wave', { hi: true });
    expect(await fromAlice).toEqual({ data: { hi: true }, meta: { user_id: 'alice' } });
  });
});

describe('pusher-server presence channels', () => {
  it('tracks members, dedupes a user on two sockets, announces joins and leaves', async () => {
    const room = 'presence-room';
    const alice = await connect({ user: { user_id: 'alice', user_info: { name: 'Alice' } } });
    const aliceCh = await subscribe<PresenceChannel>(alice, room);
    expect(aliceCh.members.count).toBe(1);
    expect(aliceCh.members.me).toEqual({ id: 'alice', info: { name: 'Alice' } });

    const bob = await connect({ user: { user_id: 'bob' } });
    const added = next<{ id: string; info: unknown }>(aliceCh, 'pusher:member_added');
    const bobCh = await subscribe<PresenceChannel>(bob, room);
    expect((await added).data).toMatchObject({ id: 'bob' });
    expect(bobCh.members.count).toBe(2);
    expect(bobCh.members.get('alice')).toEqual({ id: 'alice', info: { name: 'Alice' } });
    expect(bobCh.members.get('bob')).not.toBeNull();

    // Same user on a second socket: counted once, no member_added for others.
    const addedForBob = record(bobCh, 'pusher:member_added');
    const removedForBob = record(bobCh, 'pusher:member_removed');
    const alice2 = await connect({ user: { user_id: 'alice', user_info: { name: 'Alice' } } });
    const alice2Ch = await subscribe<PresenceChannel>(alice2, room);
    expect(alice2Ch.members.count).toBe(2);
    const info = await (await rest.get({ path: `/channels/${room}`, params: { info: 'user_count,subscription_count' } })).json();
    expect(info).toEqual({ occupied: true, subscription_count: 3, user_count: 2 });
    const users = await (await rest.get({ path: `/channels/${room}/users` })).json();
    expect(users).toEqual({ users: expect.arrayContaining([{ id: 'alice' }, { id: 'bob' }]) as unknown });
    expect((users as { users: unknown[] }).users).toHaveLength(2);

    // Alice's second socket leaves: she is still present through the first one.
    alice2.disconnect();
    await until(() => server.channels().get(room) === 2, 'second alice socket to be gone');
    const control = next(bobCh, 'control');
    await rest.trigger(room, 'control', {});
    await control;
    expect(addedForBob).toEqual([]);
    expect(removedForBob).toEqual([]);
    expect(bobCh.members.count).toBe(2);

    // Her last socket unsubscribes: bob sees member_removed.
    const removed = next<{ id: string }>(bobCh, 'pusher:member_removed');
    alice.unsubscribe(room);
    expect((await removed).data).toMatchObject({ id: 'alice' });
    expect(bobCh.members.count).toBe(1);
  });
});

describe('pusher-server REST channel queries', () => {
  it('lists occupied channels and reports a single channel', async () => {
    const client = await connect({ user: { user_id: 'q' } });
    await subscribe(client, 'query-me');
    await subscribe(client, 'presence-query');

    const all = (await (await rest.get({ path: '/channels' })).json()) as { channels: Record<string, unknown> };
    expect(all.channels['query-me']).toEqual({});
    const presence = (await (await rest.get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } })).json()) as {
      channels: Record<string, unknown>;
    };
    expect(Object.keys(presence.channels).every((n) => n.startsWith('presence-'))).toBe(true);
    expect(presence.channels['presence-query']).toEqual({ user_count: 1 });

    expect(await (await rest.get({ path: '/channels/query-me' })).json()).toEqual({ occupied: true, subscription_count: 1 });
    expect(await (await rest.get({ path: '/channels/empty-one' })).json()).toEqual({ occupied: false, subscription_count: 0 });
    expect(server.channels().get('query-me')).toBe(1);

    const forged = await restSdk({ secret: 'nope' })
      .get({ path: '/channels' })
      .then(
        () => 200,
        (e: { status?: number }) => e.status,
      );
    expect(forged).toBe(401);
  });
});

describe('pusher-server user authentication (pusher:signin)', () => {
  it('signs in pusher-js with authenticateUser’s answer and delivers sendToUser() events to that user only', async () => {
    const uma = await connect({ signinAs: { id: 'uma', user_info: { name: 'Uma' } } });
    expect(await signedIn(uma)).toEqual({ id: 'uma', user_info: { name: 'Uma' } });
    const other = await connect({ signinAs: { id: 'other' } });
    await signedIn(other);
    expect(server.users().get('uma')).toBe(1);

    const gotUma = within(new Promise<unknown>((resolve) => uma.user.bind('notice', resolve)), 'server-to-user event');
    const leaked: unknown[] = [];
    other.user.bind('notice', (data: unknown) => leaked.push(data));
    const res = await rest.sendToUser('uma', 'notice', { hello: 'uma' });
    expect(res.status).toBe(200);
    expect(await gotUma).toEqual({ hello: 'uma' });
    const control = within(new Promise<unknown>((resolve) => other.user.bind('control', resolve)), 'control event');
    await rest.sendToUser('other', 'control', {});
    await control;
    expect(leaked).toEqual([]);
  });

  it('answers a raw pusher:signin with pusher:signin_success carrying the user_data', async () => {
    const s = rawSocket();
    const { socket_id } = JSON.parse((await s.frame('pusher:connection_established')).data as string) as { socket_id: string };
    const signed = rest.authenticateUser(socket_id, { id: 'raw-user', user_info: { name: 'Raw' } });
    s.send({ event: 'pusher:signin', data: signed });
    const success = await s.frame('pusher:signin_success');
    expect(JSON.parse(success.data as string)).toEqual({ user_data: signed.user_data });
    expect(server.users().get('raw-user')).toBe(1);
  });

  it('moves a socket that signs in again as someone else: the first user no longer reaches it', async () => {
    const s = rawSocket();
    const { socket_id } = JSON.parse((await s.frame('pusher:connection_established')).data as string) as { socket_id: string };
    s.send({ event: 'pusher:signin', data: rest.authenticateUser(socket_id, { id: 'first-user' }) });
    await s.frame('pusher:signin_success');
    s.send({ event: 'pusher:subscribe', data: { channel: '#server-to-user-first-user', auth: '' } });
    await s.frame('pusher_internal:subscription_succeeded');
    s.send({ event: 'pusher:signin', data: rest.authenticateUser(socket_id, { id: 'second-user' }) });
    await s.frame('pusher:signin_success');
    expect(server.users().has('first-user')).toBe(false);
    expect(server.users().get('second-user')).toBe(1);
    await rest.sendToUser('first-user', 'stale', {});
    s.send({ event: 'pusher:ping', data: {} });
    await s.frame('pusher:pong');
    expect(s.frames.filter((f) => f.event === 'stale')).toEqual([]);
  });

  it('refuses a forged sign-in (wrong secret, another socket’s signature, user_data without an id) with pusher:error 4009 and closes', async () => {
    const attempts: ((socketId: string) => unknown)[] = [
      (socketId) => restSdk({ secret: 'not-the-secret' }).authenticateUser(socketId, { id: 'mallory' }),
      () => rest.authenticateUser('1.2', { id: 'mallory' }),
      (socketId) => {
        const user_data = JSON.stringify({ name: 'No Id' });
        return { auth: `${APP.key}:${createHmac('sha256', APP.secret).update(`${socketId}::user::${user_data}`).digest('hex')}`, user_data };
      },
    ];
    for (const attempt of attempts) {
      const s = rawSocket();
      const { socket_id } = JSON.parse((await s.frame('pusher:connection_established')).data as string) as { socket_id: string };
      s.send({ event: 'pusher:signin', data: attempt(socket_id) });
      const err = JSON.parse((await s.frame('pusher:error')).data as string) as { code: number; message: string };
      expect(err.code).toBe(4009);
      expect(err.message).toMatch(/not authorized/);
      expect(await s.closed).toBe(4009);
    }
    expect(server.users().has('mallory')).toBe(false);
  });

  it('lets only the signed-in user subscribe to their #server-to-user channel', async () => {
    const s = rawSocket();
    await s.frame('pusher:connection_established');
    s.send({ event: 'pusher:subscribe', data: { channel: '#server-to-user-uma', auth: '' } });
    const refused = await s.frame('pusher:subscription_error');
    expect(refused.channel).toBe('#server-to-user-uma');
    await rest.sendToUser('uma', 'notice', { secret: true });
    s.send({ event: 'pusher:ping', data: {} });
    await s.frame('pusher:pong'); // sent after the event, so the event would have arrived by now
    expect(s.frames.filter((f) => f.event === 'notice')).toEqual([]);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    // Not listed among the app's channels either.
    const all = (await (await rest.get({ path: '/channels' })).json()) as { channels: Record<string, unknown> };
    expect(Object.keys(all.channels).some((n) => n.startsWith('#'))).toBe(false);
  });

  it('lets a signed-in connection join a presence channel as its user without channel_data', async () => {
    const room = 'presence-signed-room';
    const client = new PusherClient(APP.key, {
      cluster: 'local',
      wsHost: '127.0.0.1',
      wsPort: server.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      // Presence authorized without user data: pusher-js then takes the member id from the signed-in user.
      channelAuthorization: { customHandler: ({ socketId, channelName }, callback) => callback(null, rest.authorizeChannel(socketId, channelName)) },
      userAuthentication: {
        customHandler: ({ socketId }, callback) => callback(null, rest.authenticateUser(socketId, { id: 'sia', user_info: { name: 'Sia' } })),
      },
    });
    clients.push(client);
    client.signin();
    const channel = await subscribe<PresenceChannel>(client, room);
    expect(channel.members.me).toEqual({ id: 'sia', info: { name: 'Sia' } });
    const users = await (await rest.get({ path: `/channels/${room}/users` })).json();
    expect(users).toEqual({ users: [{ id: 'sia' }] });
  });
});

describe('pusher-server terminate_connections', () => {
  it('closes every connection signed in as the user with 4009; pusher-js stops there; others keep receiving', async () => {
    const tab1 = await connect({ signinAs: { id: 'victim' }, user: { user_id: 'victim' } });
    const tab2 = await connect({ signinAs: { id: 'victim' }, user: { user_id: 'victim' } });
    const bystander = await connect({ signinAs: { id: 'bystander' }, user: { user_id: 'bystander' } });
    await Promise.all([signedIn(tab1), signedIn(tab2), signedIn(bystander)]);
    // Present on a presence channel under the same id but never signed in: not the user's connection.
    const unsigned = await connect({ user: { user_id: 'victim' } });

    const feeds = await Promise.all([tab1, tab2, bystander, unsigned].map((c) => subscribe(c, 'private-team')));
    const [seen1, seen2, seenBystander, seenUnsigned] = feeds.map((ch) => record(ch, 'news')) as [unknown[], unknown[], unknown[], unknown[]];
    const roomOfBystander = await subscribe<PresenceChannel>(bystander, 'presence-team');
    await subscribe(tab1, 'presence-team');
    expect(roomOfBystander.members.get('victim')).not.toBeNull();
    const left = next<{ id: string }>(roomOfBystander, 'pusher:member_removed');

    const errors = [nextConnectionError(tab1), nextConnectionError(tab2)];
    const res = await rest.terminateUserConnections('victim');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    for (const error of await Promise.all(errors)) expect(error).toEqual({ code: 4009, message: 'You got disconnected by the app.' });
    await Promise.all([stateBecomes(tab1, 'disconnected'), stateBecomes(tab2, 'disconnected')]);
    expect((await left).data).toMatchObject({ id: 'victim' });
    expect(server.users().has('victim')).toBe(false);

    await rest.trigger('private-team', 'news', { n: 1 });
    await within(
      (async () => {
        while (seenBystander.length === 0 || seenUnsigned.length === 0) await new Promise((r) => setTimeout(r, 5));
      })(),
      'news for the others',
    );
    expect(seen1).toEqual([]);
    expect(seen2).toEqual([]);
    expect(seenUnsigned).toEqual([{ n: 1 }]);
    // A 4000-4099 close: pusher-js does not reconnect by itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(tab1.connection.state).toBe('disconnected');
    expect(tab2.connection.state).toBe('disconnected');
  });

  it('lets the user come back: connect() again signs in anew and re-subscribes', async () => {
    const tab = await connect({ signinAs: { id: 'returning' } });
    await signedIn(tab);
    const channel = await subscribe(tab, 'private-return');
    const closed = stateBecomes(tab, 'disconnected');
    await rest.terminateUserConnections('returning');
    await closed;

    const resubscribed = next(channel, 'pusher:subscription_succeeded');
    tab.connect();
    await resubscribed;
    expect(await signedIn(tab)).toEqual({ id: 'returning' });
    expect(server.users().get('returning')).toBe(1);
    const got = next(channel, 'news');
    await rest.trigger('private-return', 'news', { back: true });
    expect((await got).data).toEqual({ back: true });
  });

  it('answers 200 for a user with no connections, and 401 to a request not signed with the secret', async () => {
    expect((await rest.terminateUserConnections('nobody-here')).status).toBe(200);
    const tab = await connect({ signinAs: { id: 'guarded-user' } });
    await signedIn(tab);
    const forged = await restSdk({ secret: 'nope' })
      .terminateUserConnections('guarded-user')
      .then(
        () => 200,
        (e: { status?: number }) => e.status,
      );
    expect(forged).toBe(401);
    expect(tab.connection.state).toBe('connected');
    expect(server.users().get('guarded-user')).toBe(1);
  });
});
