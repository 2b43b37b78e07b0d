// The SPA's realtime client: one pusher-js connection per signed-in session, created on first use from
// GET /api/realtime/config (pusher-js itself is loaded then, so it never weighs on the first page load).
// Channel authorization posts through the shared axios client, so the access token and its refresh apply.
// Writes carry `X-Socket-Id` so the server does not echo a sender's own event back to it.
import type PusherClient from 'pusher-js';
import type { Channel, PresenceChannel } from 'pusher-js';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { RealtimeAuthResponse, RealtimeConfig } from '../../contracts/realtime';
import { api, call } from './api-client';
import { sessionStore } from './session-store';

export type RealtimeStatus = 'idle' | 'initialized' | 'connecting' | 'connected' | 'unavailable' | 'failed' | 'disconnected' | 'off';

interface RealtimeSession {
  userId: string;
  ready: Promise<PusherClient>;
  pusher: PusherClient | null;
  connectedBefore: boolean;
  /** channel name → how many hooks use it; unsubscribed when the last one leaves. */
  channelUsers: Map<string, number>;
}

let session: RealtimeSession | null = null;
/** The user for whom the server said realtime is not configured: not asked again this session. */
let notConfiguredFor: string | null = null;
let status: RealtimeStatus = 'idle';
const statusListeners = new Set<() => void>();
const reconnectListeners = new Set<() => void>();

function setStatus(next: RealtimeStatus) {
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener();
}

/** The server says realtime is on and gave a key to connect with (checked at run time: a misconfigured server may not). */
function isRealtimeEnabled(value: RealtimeConfig): boolean {
  const config = value as Partial<Record<keyof RealtimeConfig, unknown>> | null;
  if (typeof config !== 'object' || config === null) return false;
  return config.enabled !== false && typeof config.key === 'string' && config.key !== '' && typeof config.cluster === 'string';
}

/** Pusher's channel authorization, posted like every other API call (Bearer token, refresh on 401). */
function authorizeChannel(
  { socketId, channelName }: { socketId: string; channelName: string },
  callback: (error: Error | null, data: RealtimeAuthResponse | null) => void,
) {
  call('realtime.authorize', { body: { socket_id: socketId, channel_name: channelName } })
    .then((answer) => callback(null, answer))
    .catch((error: unknown) => callback(error instanceof Error ? error : new Error('Channel authorization failed'), null));
}

async function connect(current: RealtimeSession): Promise<PusherClient> {
  const [config, { default: Pusher }] = await Promise.all([call('realtime.config'), import('pusher-js')]);
  if (!isRealtimeEnabled(config)) {
    notConfiguredFor = current.userId;
    throw new Error('Realtime is not configured');
  }
  if (session !== current) throw new Error('The session ended while realtime was connecting');
  const pusher = new Pusher(config.key, {
    cluster: config.cluster,
    forceTLS: config.forceTLS,
    ...(config.wsHost ? { wsHost: config.wsHost } : {}),
    ...(config.wsPort ? { wsPort: config.wsPort, wssPort: config.wsPort } : {}),
    enabledTransports: ['ws', 'wss'],
    disableStats: true,
    channelAuthorization: { customHandler: authorizeChannel },
  });
  current.pusher = pusher;
  pusher.connection.bind('state_change', ({ current: next }: { previous: string; current: RealtimeStatus }) => {
    if (session !== current) return;
    setStatus(next);
    if (next !== 'connected') return;
    // The first connection has nothing to catch up on; every later one may have missed events.
    if (current.connectedBefore) for (const listener of [...reconnectListeners]) listener();
    current.connectedBefore = true;
  });
  setStatus(pusher.connection.state as RealtimeStatus);
  return pusher;
}

/**
 * The session's pusher-js client, connecting on first call. Rejects when signed out or when realtime is not
 * configured (the app then works without live updates; a later call tries again).
 */
export function getRealtimeClient(): Promise<PusherClient> {
  const auth = sessionStore.get();
  if (auth.status !== 'signed-in') return Promise.reject(new Error('Realtime needs a signed-in session'));
  if (session && session.userId === auth.user.id) return session.ready;
  if (notConfiguredFor === auth.user.id) return Promise.reject(new Error('Realtime is not configured'));
  disconnectRealtime();
  const current = { userId: auth.user.id, pusher: null, connectedBefore: false, channelUsers: new Map() } as Omit<RealtimeSession, 'ready'> as RealtimeSession;
  session = current;
  setStatus('connecting');
  current.ready = connect(current).catch((error: unknown) => {
    if (session === current) {
      session = null;
      setStatus('off');
    }
    throw error;
  });
  // Callers that do not wait still must not see an unhandled rejection.
  current.ready.catch(() => {});
  return current.ready;
}

/** Closes the connection and forgets it (sign-out, or another user signing in). Safe to call any time. */
export function disconnectRealtime(): void {
  const ending = session;
  session = null;
  notConfiguredFor = null;
  ending?.pusher?.disconnect();
  setStatus('idle');
}

/** The current connection's socket id, sent as X-Socket-Id by writes; null while not connected. */
export function getSocketId(): string | null {
  const pusher = session?.pusher;
  if (!pusher || pusher.connection.state !== 'connected') return null;
  return pusher.connection.socket_id || null;
}

// Every write carries the socket id, so the server does not echo the sender's own event to this tab.
const socketIdInterceptor = api.interceptors.request.use((config) => {
  const method = (config.method ?? 'get').toLowerCase();
  if (method !== 'get' && method !== 'head') {
    const socketId = getSocketId();
    if (socketId) config.headers.set('X-Socket-Id', socketId);
  }
  return config;
});

// Signing out (or the session expiring) closes the connection: no events for a session that has ended.
const unsubscribeSession = sessionStore.subscribe(() => {
  const auth = sessionStore.get();
  if (auth.status !== 'signed-in' || (session && session.userId !== auth.user.id)) disconnectRealtime();
});

if (import.meta.hot) {
  import.meta.hot.dispose(() => {
    api.interceptors.request.eject(socketIdInterceptor);
    unsubscribeSession();
    disconnectRealtime();
  });
}

function acquireChannel(current: RealtimeSession, pusher: PusherClient, name: string): Channel {
  current.channelUsers.set(name, (current.channelUsers.get(name) ?? 0) + 1);
  return pusher.subscribe(name);
}

function releaseChannel(current: RealtimeSession, pusher: PusherClient, name: string): void {
  const users = (current.channelUsers.get(name) ?? 1) - 1;
  if (users > 0) {
    current.channelUsers.set(name, users);
    return;
  }
  current.channelUsers.delete(name);
  if (session === current) pusher.unsubscribe(name);
}

/**
 * Subscribes to `name` while the calling component is mounted, binding `bind(channel)`'s handlers; the
 * returned function of `bind` unbinds them. Subscriptions are shared between components.
 */
function useChannel(name: string | null, bind: (channel: Channel) => () => void) {
  const bindRef = useRef(bind);
  bindRef.current = bind;
  useEffect(() => {
    if (!name) return;
    let cleanup: (() => void) | null = null;
    let cancelled = false;
    getRealtimeClient()
      .then((pusher) => {
        const current = session;
        if (cancelled || !current || current.pusher !== pusher) return;
        const channel = acquireChannel(current, pusher, name);
        const unbind = bindRef.current(channel);
        cleanup = () => {
          unbind();
          releaseChannel(current, pusher, name);
        };
      })
      .catch(() => {
        // Realtime unavailable: the views still work, they are just not live.
      });
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [name]);
}

export type WorkspaceEventHandlers = Partial<Record<string, (data: unknown) => void>>;

export interface WorkspaceChannelOptions {
  /**
   * Called when this component's subscription is confirmed by the server (not when it joins one already
   * running). Data fetched before that moment may have missed events, so callers refetch what they show.
   */
  onSubscribed?: () => void;
}

/** Listens to `private-workspace-{wid}` while mounted. Handlers may change between renders. */
export function useWorkspaceChannel(wid: string | null | undefined, handlers: WorkspaceEventHandlers, options: WorkspaceChannelOptions = {}) {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  useChannel(wid ? `private-workspace-${wid}` : null, (channel) => {
    const onEvent = (event: string, data: unknown) => {
      if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
      handlersRef.current[event]?.(data);
    };
    const onSubscribed = () => optionsRef.current.onSubscribed?.();
    channel.bind_global(onEvent);
    if (!channel.subscribed) channel.bind('pusher:subscription_succeeded', onSubscribed);
    return () => {
      channel.unbind_global(onEvent);
      channel.unbind('pusher:subscription_succeeded', onSubscribed);
    };
  });
}

export interface OnlineMember {
  id: string;
  name: string;
}

function readMembers(channel: PresenceChannel): OnlineMember[] {
  const members: OnlineMember[] = [];
  channel.members.each((member: { id: string; info?: { name?: unknown } }) => {
    const name = typeof member.info?.name === 'string' && member.info.name ? member.info.name : 'Someone';
    members.push({ id: String(member.id), name });
  });
  return members.sort((a, b) => a.name.localeCompare(b.name));
}

/** Who of the workspace is online now (`presence-workspace-{wid}`), including the current user. */
export function usePresence(wid: string | null | undefined): OnlineMember[] {
  const [members, setMembers] = useState<OnlineMember[]>([]);
  useChannel(wid ? `presence-workspace-${wid}` : null, (channel) => {
    const presence = channel as PresenceChannel;
    const update = () => setMembers(readMembers(presence));
    if (presence.subscribed) update();
    presence.bind('pusher:subscription_succeeded', update);
    presence.bind('pusher:member_added', update);
    presence.bind('pusher:member_removed', update);
    return () => {
      presence.unbind('pusher:subscription_succeeded', update);
      presence.unbind('pusher:member_added', update);
      presence.unbind('pusher:member_removed', update);
      setMembers([]);
    };
  });
  return members;
}

function subscribeStatus(listener: () => void) {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** The connection's state, for a "live / reconnecting" hint. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(
    subscribeStatus,
    () => status,
    () => status,
  );
}

/**
 * Runs `onReconnect` each time the connection comes back (connecting/unavailable → connected after an
 * earlier connection), so views refetch what they may have missed while offline.
 */
export function useRealtimeReconnect(onReconnect: () => void) {
  const ref = useRef(onReconnect);
  ref.current = onReconnect;
  useEffect(() => {
    const listener = () => ref.current();
    reconnectListeners.add(listener);
    return () => {
      reconnectListeners.delete(listener);
    };
  }, []);
}
