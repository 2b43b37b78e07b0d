import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { disconnectRealtime, getRealtimeClient, getSocketId, usePresence, useRealtimeReconnect, useWorkspaceChannel } from './realtime';

// A stand-in for pusher-js with just what the client uses: connection states, channels, bound handlers.
const fake = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => void;
  class Dispatcher {
    handlers = new Map<string, Set<Handler>>();
    globals = new Set<Handler>();
    bind(event: string, handler: Handler) {
      if (!this.handlers.has(event)) this.handlers.set(event, new Set());
      this.handlers.get(event)!.add(handler);
      return this;
    }
    unbind(event: string, handler: Handler) {
      this.handlers.get(event)?.delete(handler);
      return this;
    }
    bind_global(handler: Handler) {
      this.globals.add(handler);
      return this;
    }
    unbind_global(handler: Handler) {
      this.globals.delete(handler);
      return this;
    }
    emit(event: string, data?: unknown) {
      for (const handler of this.handlers.get(event) ?? []) handler(data);
      for (const handler of this.globals) handler(event, data);
    }
  }
  class FakeChannel extends Dispatcher {
    subscribed = false;
    members = {
      list: [] as Array<{ id: string; info: { name: string } }>,
      each(callback: (member: { id: string; info: { name: string } }) => void) {
        this.list.forEach(callback);
      },
    };
    constructor(readonly name: string) {
      super();
    }
  }
  class FakeConnection extends Dispatcher {
    state = 'initialized';
    socket_id = '';
    setState(next: string, socketId = '') {
      const previous = this.state;
      this.state = next;
      if (next === 'connected') this.socket_id = socketId;
      this.emit('state_change', { previous, current: next });
    }
  }
  const instances: FakePusher[] = [];
  class FakePusher {
    connection = new FakeConnection();
    channels = new Map<string, FakeChannel>();
    user = { user_data: null as { id: string } | null };
    signin = vi.fn();
    connect = vi.fn();
    disconnect = vi.fn();
    unsubscribe = vi.fn((name: string) => this.channels.delete(name));
    constructor(
      readonly key: string,
      readonly options: Record<string, unknown>,
    ) {
      instances.push(this);
    }
    subscribe(name: string) {
      let channel = this.channels.get(name);
      if (!channel) {
        channel = new FakeChannel(name);
        this.channels.set(name, channel);
      }
      return channel;
    }
  }
  return { FakePusher, instances };
});
vi.mock('pusher-js', () => ({ default: fake.FakePusher }));

const config = { enabled: true, key: 'app-key', cluster: 'local', wsHost: '127.0.0.1', wsPort: 6001, forceTLS: false };
let server: MockApi;

beforeEach(() => {
  fake.instances.length = 0;
  sessionStore.signIn(auth('access-1'));
  server = mockApi();
  server.on('GET /api/realtime/config', { status: 200, body: config });
});
afterEach(() => {
  disconnectRealtime();
  server.restore();
});

async function connected() {
  const pusher = (await getRealtimeClient()) as unknown as InstanceType<typeof fake.FakePusher>;
  act(() => pusher.connection.setState('connecting'));
  act(() => pusher.connection.setState('connected', '123.456'));
  return pusher;
}

describe('realtime client', () => {
  it('connects once per session with the server-provided configuration', async () => {
    const [first, second] = await Promise.all([getRealtimeClient(), getRealtimeClient()]);
    expect(first).toBe(second);
    expect(fake.instances).toHaveLength(1);
    expect(fake.instances[0]!.key).toBe('app-key');
    expect(fake.instances[0]!.options).toMatchObject({
      cluster: 'local',
      wsHost: '127.0.0.1',
      wsPort: 6001,
      forceTLS: false,
      enabledTransports: ['ws', 'wss'],
    });
    expect(server.requests.filter((r) => r.url === '/api/realtime/config')).toHaveLength(1);
  });

  it('authorizes channels through the API client with the access token', async () => {
    server.on('POST /api/realtime/auth', { status: 200, body: { auth: 'app-key:signature' } });
    await getRealtimeClient();
    const { customHandler } = fake.instances[0]!.options.channelAuthorization as {
      customHandler: (p: { socketId: string; channelName: string }, cb: (e: Error | null, d: unknown) => void) => void;
    };
    const result = await new Promise((resolve) =>
      customHandler({ socketId: '1.2', channelName: `private-workspace-${ids.workspace}` }, (e, d) => resolve({ e, d })),
    );
    expect(result).toEqual({ e: null, d: { auth: 'app-key:signature' } });
    const request = server.requests.find((r) => r.url === '/api/realtime/auth');
    expect(request?.body).toEqual({ socket_id: '1.2', channel_name: `private-workspace-${ids.workspace}` });
    expect(request?.headers.authorization).toBe('Bearer access-1');
  });

  it('reports a refused channel to pusher-js as an error', async () => {
    server.on('POST /api/realtime/auth', { status: 403, body: { error: { code: 'forbidden', message: 'No' } } });
    await getRealtimeClient();
    const { customHandler } = fake.instances[0]!.options.channelAuthorization as {
      customHandler: (p: { socketId: string; channelName: string }, cb: (e: Error | null, d: unknown) => void) => void;
    };
    const result = await new Promise<{ e: Error | null; d: unknown }>((resolve) =>
      customHandler({ socketId: '1.2', channelName: 'private-workspace-x' }, (e, d) => resolve({ e, d })),
    );
    expect(result.e).toBeInstanceOf(Error);
    expect(result.d).toBeNull();
  });

  it('sends X-Socket-Id on writes once connected, never on reads', async () => {
    server.on('POST /api/things', { status: 201, body: {} });
    server.on('GET /api/things', { status: 200, body: {} });
    await api.post('/api/things', {});
    expect(server.requests.at(-1)?.headers['x-socket-id']).toBeUndefined();

    await connected();
    expect(getSocketId()).toBe('123.456');
    await api.post('/api/things', {});
    expect(server.requests.at(-1)?.headers['x-socket-id']).toBe('123.456');
    await api.get('/api/things');
    expect(server.requests.at(-1)?.headers['x-socket-id']).toBeUndefined();
  });

  it('calls reconnect listeners when the connection comes back, not on the first connection', async () => {
    const onReconnect = vi.fn();
    renderHook(() => useRealtimeReconnect(onReconnect));
    const pusher = await connected();
    expect(onReconnect).not.toHaveBeenCalled();
    act(() => pusher.connection.setState('unavailable'));
    act(() => pusher.connection.setState('connecting'));
    expect(onReconnect).not.toHaveBeenCalled();
    act(() => pusher.connection.setState('connected', '123.789'));
    expect(onReconnect).toHaveBeenCalledTimes(1);
  });

  it('disconnects when the session ends', async () => {
    const pusher = await connected();
    act(() => sessionStore.signOut('logout'));
    expect(pusher.disconnect).toHaveBeenCalled();
    expect(getSocketId()).toBeNull();
  });

  it('works without realtime when the server has none configured', async () => {
    server.on('GET /api/realtime/config', { status: 200, body: { ...config, enabled: false } });
    await expect(getRealtimeClient()).rejects.toThrow(/not configured/);
    await expect(getRealtimeClient()).rejects.toThrow(/not configured/);
    expect(server.requests.filter((r) => r.url === '/api/realtime/config')).toHaveLength(1);
    expect(fake.instances).toHaveLength(0);
  });
});

type AuthHandler = (params: Record<string, string>, callback: (error: Error | null, data: unknown) => void) => void;
const handlerOf = (pusher: InstanceType<typeof fake.FakePusher>, option: 'channelAuthorization' | 'userAuthentication') =>
  (pusher.options[option] as { customHandler: AuthHandler }).customHandler;
const run = (handler: AuthHandler, params: Record<string, string>) =>
  new Promise<{ e: Error | null; d: unknown }>((resolve) => handler(params, (e, d) => resolve({ e, d })));

describe('signing the connection in, and coming back when the server ends it', () => {
  it('signs in once through the API client with the access token; pusher-js repeats it on every connection', async () => {
    server.on('POST /api/realtime/user-auth', { status: 200, body: { auth: 'app-key:sig', user_data: `{"id":"${ids.me}"}` } });
    const pusher = await connected();
    expect(pusher.signin).toHaveBeenCalledTimes(1);
    const result = await run(handlerOf(pusher, 'userAuthentication'), { socketId: '123.456' });
    expect(result).toEqual({ e: null, d: { auth: 'app-key:sig', user_data: `{"id":"${ids.me}"}` } });
    const request = server.requests.find((r) => r.url === '/api/realtime/user-auth');
    expect(request?.body).toEqual({ socket_id: '123.456' });
    expect(request?.headers.authorization).toBe('Bearer access-1');
  });

  it('reconnects at once when the server ends the signed-in connection (4009), backing off when it keeps happening', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const pusher = await connected();
      pusher.user.user_data = { id: ids.me };
      const terminate = () => {
        // What pusher-js reports: the server's pusher:error, then the close, then "disconnected" (no retry of its own).
        act(() => pusher.connection.emit('error', { type: 'PusherError', data: { code: 4009, message: 'You got disconnected by the app.' } }));
        act(() => pusher.connection.emit('error', { type: 'WebSocketError', error: { type: 'PusherError', data: { code: 4009 } } }));
        act(() => pusher.connection.setState('disconnected'));
      };
      terminate();
      await act(() => vi.advanceTimersByTimeAsync(0));
      expect(pusher.connect).toHaveBeenCalledTimes(1);
      act(() => pusher.connection.setState('connecting'));
      act(() => pusher.connection.setState('connected', '1.2'));

      terminate();
      await act(() => vi.advanceTimersByTimeAsync(900));
      expect(pusher.connect).toHaveBeenCalledTimes(1);
      await act(() => vi.advanceTimersByTimeAsync(100));
      expect(pusher.connect).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stays closed after other refusals, after a refused sign-in, and once signed out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const pusher = await connected();
      // Not signed in (the sign-in itself was refused): 4009 ends it for good.
      act(() => pusher.connection.emit('error', { type: 'PusherError', data: { code: 4009, message: 'Connection not authorized' } }));
      act(() => pusher.connection.setState('disconnected'));
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(pusher.connect).not.toHaveBeenCalled();

      // Signed in, but refused for another reason (an unknown app key).
      act(() => pusher.connection.setState('connected', '1.3'));
      pusher.user.user_data = { id: ids.me };
      act(() => pusher.connection.emit('error', { type: 'WebSocketError', error: { type: 'PusherError', data: { code: 4001 } } }));
      act(() => pusher.connection.setState('disconnected'));
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(pusher.connect).not.toHaveBeenCalled();

      // Ended by the server, but the session ends before the reconnect is due.
      act(() => pusher.connection.setState('connected', '1.4'));
      act(() => pusher.connection.emit('error', { type: 'PusherError', data: { code: 4009 } }));
      act(() => pusher.connection.setState('disconnected'));
      act(() => sessionStore.signOut('logout'));
      await act(() => vi.advanceTimersByTimeAsync(60_000));
      expect(pusher.connect).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('useWorkspaceChannel', () => {
  it('reports access ended when the server refuses the workspace channel with 403, not for other failures', async () => {
    const onAccessEnded = vi.fn();
    const channelName = `private-workspace-${ids.workspace}`;
    renderHook(() => useWorkspaceChannel(ids.workspace, {}, { onAccessEnded }));
    await waitFor(() => expect(fake.instances[0]?.channels.get(channelName)?.handlers.get('pusher:subscription_error')?.size).toBe(1));
    const pusher = fake.instances[0]!;
    const channel = pusher.channels.get(channelName)!;
    // What pusher-js does on a (re)subscription: authorize through the handler, then report its failure.
    const subscribe = async () => {
      const { e } = await run(handlerOf(pusher, 'channelAuthorization'), { socketId: '1.2', channelName });
      if (e) act(() => channel.emit('pusher:subscription_error', { type: 'AuthError', error: e.message }));
    };

    server.on('POST /api/realtime/auth', { status: 500, body: { error: { code: 'internal', message: 'Oops' } } });
    await subscribe();
    expect(onAccessEnded).not.toHaveBeenCalled();

    server.on('POST /api/realtime/auth', { status: 403, body: { error: { code: 'forbidden', message: 'You may not subscribe to this channel' } } });
    await subscribe();
    expect(onAccessEnded).toHaveBeenCalledTimes(1);
  });

  it('delivers the workspace channel events and unsubscribes when the last user leaves', async () => {
    const onMessage = vi.fn();
    const onSubscribed = vi.fn();
    const channelName = `private-workspace-${ids.workspace}`;
    const first = renderHook(() => useWorkspaceChannel(ids.workspace, { 'message.created': onMessage }, { onSubscribed }));
    const second = renderHook(() => useWorkspaceChannel(ids.workspace, {}));
    await waitFor(() => expect(fake.instances[0]?.channels.get(channelName)).toBeDefined());
    const channel = fake.instances[0]!.channels.get(channelName)!;
    await waitFor(() => expect(channel.globals.size).toBe(2));

    act(() => {
      channel.subscribed = true;
      channel.emit('pusher:subscription_succeeded');
    });
    expect(onSubscribed).toHaveBeenCalledTimes(1);
    act(() => channel.emit('message.created', { message: { id: 'm1' } }));
    expect(onMessage).toHaveBeenCalledWith({ message: { id: 'm1' } });

    first.unmount();
    expect(fake.instances[0]!.unsubscribe).not.toHaveBeenCalled();
    second.unmount();
    expect(fake.instances[0]!.unsubscribe).toHaveBeenCalledWith(channelName);
  });
});

describe('usePresence', () => {
  it('lists who is online and follows members joining and leaving', async () => {
    const { result } = renderHook(() => usePresence(ids.workspace));
    const channelName = `presence-workspace-${ids.workspace}`;
    await waitFor(() => expect(fake.instances[0]?.channels.get(channelName)?.handlers.size).toBeGreaterThan(0));
    const channel = fake.instances[0]!.channels.get(channelName)!;
    act(() => {
      channel.members.list = [
        { id: ids.other, info: { name: 'Zoe' } },
        { id: ids.me, info: { name: 'Mia Me' } },
      ];
      channel.subscribed = true;
      channel.emit('pusher:subscription_succeeded');
    });
    expect(result.current).toEqual([
      { id: ids.me, name: 'Mia Me' },
      { id: ids.other, name: 'Zoe' },
    ]);
    act(() => {
      channel.members.list = [{ id: ids.me, info: { name: 'Mia Me' } }];
      channel.emit('pusher:member_removed');
    });
    expect(result.current).toEqual([{ id: ids.me, name: 'Mia Me' }]);
  });
});
