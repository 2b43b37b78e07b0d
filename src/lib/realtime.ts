// The SPA's realtime client: one pusher-js connection per signed-in session, created on first use from
// GET /api/realtime/config (pusher-js itself is loaded then, so it never weighs on the first page load).
// The connection signs in as the user (pusher-js signin(), on every connect) so the server can end it when the
// user's access changes (removed, demoted, signed out elsewhere): it then reconnects, signs in again and
// re-subscribes, and a channel the user may no longer join is refused (useWorkspaceChannel's onAccessEnded).
// User and channel authorization post through the shared axios client, so the access token and its refresh
// apply. Writes carry `X-Socket-Id` so the server does not echo a sender's own event back to it.
import type PusherClient from 'pusher-js';
import type { Channel, PresenceChannel } from 'pusher-js';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { RealtimeAuthResponse, RealtimeConfig, RealtimeUserAuthResponse } from '../../contracts/realtime';
import { api, call } from './api-client';
import { ApiError } from './api-error';
import { sessionStore } from './session-store';

export type RealtimeStatus = 'idle' | 'initialized' | 'connecting' | 'connected' | 'unavailable' | 'failed' | 'disconnected' | 'off';

interface RealtimeSession {
  userId: string;
  ready: Promise<PusherClient>;
  pusher: PusherClient | null;
  connectedBefore: boolean;
  /** channel name → how many hooks use it; unsubscribed when the last one leaves. */
  channelUsers: Map<string, number>;
  /** The server ended this signed-in connection (terminate_connections): reconnect once it is closed. */
  terminated: boolean;
  /** When the server last ended the connection, and how many times in a row: spaces out reconnects. */
  lastTermination: number;
  terminationsInARow: number;
  reconnectTimer: ReturnType<typeof setTimeout> | null;
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

/**
 * Channels whose last authorization the server refused with 403: the user may not (or no longer) join them.
 * pusher-js passes only the message of a custom handler's error on to pusher:subscription_error, so the
 * status is kept here for useWorkspaceChannel.
 */
const refusedChannels = new Set<string>();

/** Pusher's channel authorization, posted like every other API call (Bearer token, refresh on 401). */
function authorizeChannel(
  { socketId, channelName }: { socketId: string; channelName: string },
  callback: (error: Error | null, data: RealtimeAuthResponse | null) => void,
) {
  call('realtime.authorize', { body: { socket_id: socketId, channel_name: channelName } })
    .then((answer) => {
      refusedChannels.delete(channelName);
      callback(null, answer);
    })
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 403) refusedChannels.add(channelName);
      else refusedChannels.delete(channelName);
      callback(error instanceof Error ? error : new Error('Channel authorization failed'), null);
    });
}

/** Pusher's user authentication (signin), posted the same way; the server signs the session's own user. */
function authenticateUser({ socketId }: { socketId: string }, callback: (error: Error | null, data: RealtimeUserAuthResponse | null) => void) {
  call('realtime.userAuth', { body: { socket_id: socketId } })
    .then((answer) => callback(null, answer))
    .catch((error: unknown) => callback(error instanceof Error ? error : new Error('User authentication failed'), null));
}

/**
 * Pusher ends a signed-in user's connections with close code 4009, which pusher-js treats as "do not
 * reconnect". Here it means "authorize again": the first reconnect is immediate, repeated ones within a minute
 * back off (1 s, 2 s, 4 s … up to 30 s).
 */
const TERMINATED_CODE = 4009;
const TERMINATION_STREAK_MS = 60_000;
const MAX_RECONNECT_DELAY_MS = 30_000;

function closeCodeOf(error: unknown): number | undefined {
  const e = error as { data?: { code?: unknown }; error?: { data?: { code?: unknown } } } | null;
  const code = e?.data?.code ?? e?.error?.data?.code;
  return typeof code === 'number' ? code : undefined;
}

function reconnectAfterTermination(current: RealtimeSession, pusher: PusherClient) {
  current.terminated = false;
  const now = Date.now();
  current.terminationsInARow = now - current.lastTermination < TERMINATION_STREAK_MS ? current.terminationsInARow + 1 : 0;
  current.lastTermination = now;
  const delay = current.terminationsInARow === 0 ? 0 : Math.min(MAX_RECONNECT_DELAY_MS, 1000 * 2 ** (current.terminationsInARow - 1));
  if (current.reconnectTimer) clearTimeout(current.reconnectTimer);
  current.reconnectTimer = setTimeout(() => {
    current.reconnectTimer = null;
    if (session === current) pusher.connect();
  }, delay);
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
    userAuthentication: { customHandler: authenticateUser },
  });
  current.pusher = pusher;
  // Signs in on this connection and on every later one (pusher-js repeats it after each reconnect).
  pusher.signin();
  pusher.connection.bind('error', (error: unknown) => {
    // Only a connection that was signed in counts as ended by the server; a refused sign-in stays closed.
    if (session === current && closeCodeOf(error) === TERMINATED_CODE && pusher.user.user_data) current.terminated = true;
  });
  pusher.connection.bind('state_change', ({ current: next }: { previous: string; current: RealtimeStatus }) => {
    if (session !== current) return;
    setStatus(next);
    if (next === 'disconnected' && current.terminated) reconnectAfterTermination(current, pusher);
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
  const current = {
    userId: auth.user.id,
    pusher: null,
    connectedBefore: false,
    channelUsers: new Map(),
    terminated: false,
    lastTermination: 0,
    terminationsInARow: 0,
    reconnectTimer: null,
  } as Omit<RealtimeSession, 'ready'> as RealtimeSession;
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
  refusedChannels.clear();
  if (ending?.reconnectTimer) clearTimeout(ending.reconnectTimer);
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
  /**
   * Called when the server refuses the subscription with 403: the user is no longer a member of the workspace
   * (typically after the server ended the connection and it was authorized again).
   */
  onAccessEnded?: () => void;
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
    const onRefused = () => {
      if (refusedChannels.has(channel.name)) optionsRef.current.onAccessEnded?.();
    };
    channel.bind_global(onEvent);
    if (!channel.subscribed) channel.bind('pusher:subscription_succeeded', onSubscribed);
    channel.bind('pusher:subscription_error', onRefused);
    return () => {
      channel.unbind_global(onEvent);
      channel.unbind('pusher:subscription_succeeded', onSubscribed);
      channel.unbind('pusher:subscription_error', onRefused);
    };
  });
}

/** Listens to the signed-in user's own channel, `private-user-{uid}` (notifications), while mounted. */
export function useUserChannel(uid: string | null | undefined, handlers: WorkspaceEventHandlers) {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  useChannel(uid ? `private-user-${uid}` : null, (channel) => {
    const onEvent = (event: string, data: unknown) => {
      if (event.startsWith('pusher:') || event.startsWith('pusher_internal:')) return;
      handlersRef.current[event]?.(data);
    };
    channel.bind_global(onEvent);
    return () => void channel.unbind_global(onEvent);
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
