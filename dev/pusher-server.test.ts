// Exercises dev/pusher-server.ts with the real, unmodified `pusher` (REST) and `pusher-js` (client) SDKs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import PusherRest from 'pusher';
import PusherClient, { type Channel, type PresenceChannel } from 'pusher-js';
import { startPusherServer, type PusherServer } from './pusher-server.js';

const APP = { appId: '4242', key: 'local-key', secret: 'local-secret' };
let server: PusherServer;
let rest: PusherRest;
const clients: PusherClient[] = [];
const sockets: WebSocket[] = [];

const restSdk = (over: Partial<{ appId: string; key: string; secret: string }> = {}) =>
  new PusherRest({ ...APP, ...over, host: '127.0.0.1', port: String(server.port), useTLS: false });

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

function connect(opts: { user?: User; signer?: PusherRest } = {}): Promise<PusherClient> {
  const client = new PusherClient(APP.key, {
    cluster: 'local',
    wsHost: '127.0.0.1',
    wsPort: server.port,
    forceTLS: false,
    enabledTransports: ['ws'],
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => {
        const signer = opts.signer ?? rest;
        const presence = channelName.startsWith('presence-') ? opts.user : undefined;
        callback(null, signer.authorizeChannel(socketId, channelName, presence));
      },
    },
  });
  clients.push(client);
  return within(new Promise((resolve) => client.connection.bind('connected', () => resolve(client))), 'pusher-js connected');
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
  return { ws, frame, closed, send: (msg: unknown) => ws.send(JSON.stringify(msg)) };
}

beforeAll(async () => {
  server = await startPusherServer({ ...APP, port: 0 });
  rest = restSdk();
});

afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const s of sockets) s.terminate();
  await server?.close();
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
  it('forwards client- events on a private channel to others but not the sender; rejects them on public channels', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
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
    await rest.trigger('public-lobby', 'control', {});
    await control;
    expect(leaked).toEqual([]);
  });
});

describe('pusher-server presence channels', () => {
  it('tracks members, dedupes a user on two sockets, announces joins and leaves, adds user_id to client events', async () => {
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

    // Client events on presence channels carry the sender's user_id.
    const fromAlice = next(bobCh, 'client-wave');
    alice2Ch.trigger('client-wave', { hi: true });
    expect(await fromAlice).toEqual({ data: { hi: true }, meta: { user_id: 'alice' } });

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
