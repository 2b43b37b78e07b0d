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

describe('useWorkspaceChannel', () => {
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
