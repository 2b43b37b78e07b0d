/**
 * Local Pusher Channels server (protocol v7 websocket + the REST API that the `pusher` SDK calls).
 *
 * Why: Pusher is a hosted service and local development / tests run without network, and no
 * Pusher-compatible server installs here (soketi needs uWebSockets.js from GitHub). This is a small but
 * faithful implementation on `ws`, so the unmodified `pusher` (server) and `pusher-js` (client) SDKs
 * work against it exactly as they would against Pusher: signed REST requests, private/presence channel
 * authorization, presence membership, user authentication (`pusher:signin`, server-to-user events,
 * terminating a user's connections), client events (off unless enabled, like Pusher's app setting), activity
 * pings.
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface PusherServerOptions {
  appId: string;
  key: string;
  secret: string;
  /** 0 = ephemeral */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** seconds, default 120 */
  activityTimeout?: number;
  /**
   * Forward `client-*` events between subscribers of private and presence channels. Off by default, like the
   * "Enable client events" setting of a Pusher app: a client event is then answered with Pusher's `pusher:error`.
   */
  clientEvents?: boolean;
  log?: (msg: string) => void;
}

export interface PusherServer {
  port: number;
  host: string;
  close(): Promise<void>;
  /** For tests/diagnostics: channel -> subscriber count. */
  channels(): Map<string, number>;
  /** For tests/diagnostics: signed-in user id -> how many of their sockets are connected. */
  users(): Map<string, number>;
}

interface Client {
  ws: WebSocket;
  socketId: string;
  /** channel -> presence user_id ('' on non-presence channels) */
  subscriptions: Map<string, string>;
  timer: NodeJS.Timeout;
  awaitingPong: boolean;
  /** Set by a valid `pusher:signin`: the user's id and `user_info` from the signed user_data. */
  user?: { id: string; info: unknown };
}
interface Member {
  info: unknown;
  sockets: Set<string>;
}
interface Channel {
  subscribers: Map<string, Client>;
  members: Map<string, Member>; // presence only
}
type Json = Record<string, unknown>;

const CHANNEL_NAME = /^[A-Za-z0-9_\-=@,.;]{1,200}$/;
/** What `pusher.sendToUser()` publishes to and pusher-js subscribes to once signed in. */
const SERVER_TO_USER = '#server-to-user-';
const SOCKET_ID = /^\d+\.\d+$/;
const MAX_BODY = 1024 * 1024;
const MAX_EVENT_DATA = 10 * 1024; // Pusher's default per-event limit; enforced so oversized events fail locally too

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
/** A wire frame: `data` is a JSON string for everything the server originates. */
const frame = (event: string, data: unknown, channel?: string, extra?: Json) =>
  JSON.stringify({ event, ...(channel !== undefined && { channel }), data: typeof data === 'string' ? data : JSON.stringify(data), ...extra });
const isPresence = (name: string) => name.startsWith('presence-');
const isAuthed = (name: string) => name.startsWith('private-') || isPresence(name);
const isServerToUser = (name: string) => name.startsWith(SERVER_TO_USER) && name.length > SERVER_TO_USER.length && name.length <= 200;

/** Pusher's answer to a client event when the app has them disabled (its code is null). */
const CLIENT_EVENTS_DISABLED = 'To send client events, you must enable this feature in the Settings page of your dashboard.';
/**
 * A refused sign-in and a terminated user connection are closed with 4009 ("connection is unauthorized"): in
 * the 4000-4099 range, so pusher-js does not reconnect by itself and the application decides whether to.
 */
const UNAUTHORIZED = 4009;
const TERMINATED = 'You got disconnected by the app.';

export async function startPusherServer(opts: PusherServerOptions): Promise<PusherServer> {
  const { appId, key, secret } = opts;
  const host = opts.host ?? '127.0.0.1';
  const activityMs = (opts.activityTimeout ?? 120) * 1000;
  const pongWaitMs = Math.min(30_000, activityMs);
  const log = opts.log ?? (() => {});
  const clientEventsEnabled = opts.clientEvents ?? false;
  const channels = new Map<string, Channel>();
  const clients = new Set<Client>();
  /** Signed-in user id -> their sockets (pusher:signin). */
  const users = new Map<string, Set<Client>>();

  const send = (c: Client, msg: string) => {
    if (c.ws.readyState === WebSocket.OPEN) c.ws.send(msg);
  };
  const sendError = (c: Client, message: string, code: number | null = null) => send(c, frame('pusher:error', { code, message }));
  /** Send to every subscriber of `name` except the socket with id `except`. */
  function broadcast(name: string, msg: string, except?: string) {
    for (const [id, c] of channels.get(name)?.subscribers ?? []) if (id !== except) send(c, msg);
  }
  const presenceData = (ch: Channel) => {
    const hash: Json = {};
    for (const [id, m] of ch.members) hash[id] = m.info ?? null; // null keeps info-less members in pusher-js' hash
    return { presence: { ids: Object.keys(hash), hash, count: ch.members.size } };
  };

  // ---- websocket protocol ---------------------------------------------------------------------------

  function subscribe(c: Client, d: Json) {
    const name = d.channel;
    if (typeof name !== 'string' || !(CHANNEL_NAME.test(name) || isServerToUser(name))) return sendError(c, `Invalid channel name: ${String(name)}`);
    const fail = (error: string, status = 401) => send(c, frame('pusher:subscription_error', { type: 'AuthError', error, status }, name));
    let userId = '';
    let userInfo: unknown;
    if (isServerToUser(name) && (!c.user || name !== `${SERVER_TO_USER}${c.user.id}`)) {
      return fail(`${name} is only for a connection signed in as that user`);
    }
    if (isAuthed(name)) {
      const channelData = isPresence(name) ? d.channel_data : undefined;
      if (channelData !== undefined && typeof channelData !== 'string') return fail('channel_data must be a JSON string', 400);
      // A signed-in connection may join a presence channel without channel_data: it is present as its user.
      if (isPresence(name) && channelData === undefined && !c.user) return fail('Presence subscription requires channel_data or a signed-in user', 400);
      const signed = [c.socketId, name, ...(channelData === undefined ? [] : [channelData])].join(':');
      if (typeof d.auth !== 'string' || !safeEqual(d.auth, `${key}:${hmac(secret, signed)}`)) {
        return fail(`Invalid signature: expected HMAC SHA256 hex digest of ${signed}`);
      }
      if (isPresence(name) && channelData === undefined && c.user) {
        userId = c.user.id;
        userInfo = c.user.info;
      } else if (channelData !== undefined) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(channelData);
        } catch {
          return fail('channel_data is not valid JSON', 400);
        }
        const uid = (parsed as Json | null)?.user_id;
        if (typeof uid !== 'string' && typeof uid !== 'number') return fail('channel_data must contain user_id', 400);
        userId = String(uid);
        userInfo = (parsed as Json).user_info;
      }
    }
    let ch = channels.get(name);
    if (!ch) channels.set(name, (ch = { subscribers: new Map(), members: new Map() }));
    if (!c.subscriptions.has(name)) {
      c.subscriptions.set(name, userId);
      ch.subscribers.set(c.socketId, c);
      if (isPresence(name)) {
        const member = ch.members.get(userId);
        if (member) member.sockets.add(c.socketId);
        else {
          ch.members.set(userId, { info: userInfo, sockets: new Set([c.socketId]) });
          broadcast(name, frame('pusher_internal:member_added', { user_id: userId, user_info: userInfo }, name), c.socketId);
        }
      }
      log(`${c.socketId} subscribed to ${name}`);
    }
    send(c, frame('pusher_internal:subscription_succeeded', isPresence(name) ? presenceData(ch) : {}, name));
  }

  function unsubscribe(c: Client, name: string) {
    const ch = channels.get(name);
    const userId = c.subscriptions.get(name);
    if (!ch || userId === undefined) return;
    c.subscriptions.delete(name);
    ch.subscribers.delete(c.socketId);
    const member = ch.members.get(userId);
    if (member) {
      member.sockets.delete(c.socketId);
      if (member.sockets.size === 0) {
        ch.members.delete(userId);
        broadcast(name, frame('pusher_internal:member_removed', { user_id: userId }, name));
      }
    }
    if (ch.subscribers.size === 0) channels.delete(name);
  }

  function clientEvent(c: Client, event: string, name: unknown, data: unknown) {
    if (!clientEventsEnabled) return sendError(c, CLIENT_EVENTS_DISABLED);
    if (typeof name !== 'string' || !isAuthed(name)) {
      return sendError(c, `Client event rejected - only supported on private and presence channels (${String(name)})`);
    }
    const userId = c.subscriptions.get(name);
    if (userId === undefined) return sendError(c, `Client event rejected - not subscribed to ${name}`);
    broadcast(name, frame(event, data, name, isPresence(name) ? { user_id: userId } : undefined), c.socketId);
  }

  /**
   * User authentication: `auth` is `key:HMAC-SHA256(secret, "<socket_id>::user::<user_data>")` and user_data a
   * JSON object with a string `id`. A refused sign-in is answered with pusher:error 4009 and the connection
   * closed with that code, as Pusher-protocol servers do.
   */
  function signin(c: Client, d: Json) {
    const refuse = (message: string) => {
      send(c, frame('pusher:error', { code: UNAUTHORIZED, message }));
      c.ws.close(UNAUTHORIZED, message.slice(0, 120));
    };
    const userData = d.user_data;
    if (typeof userData !== 'string' || typeof d.auth !== 'string') return refuse('Connection not authorized: pusher:signin needs auth and user_data');
    const signed = `${c.socketId}::user::${userData}`;
    if (!safeEqual(d.auth, `${key}:${hmac(secret, signed)}`)) return refuse(`Connection not authorized: invalid signature for ${signed}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(userData);
    } catch {
      return refuse('Connection not authorized: user_data is not valid JSON');
    }
    const id = (parsed as Json | null)?.id;
    if (typeof id !== 'string' || id === '') return refuse('Connection not authorized: user_data must contain a string "id"');
    // Signing in as someone else: the previous user's server-to-user channel is no longer this socket's.
    if (c.user && c.user.id !== id) unsubscribe(c, `${SERVER_TO_USER}${c.user.id}`);
    forgetUser(c);
    c.user = { id, info: (parsed as Json).user_info };
    let sockets = users.get(id);
    if (!sockets) users.set(id, (sockets = new Set()));
    sockets.add(c);
    log(`${c.socketId} signed in as ${id}`);
    send(c, frame('pusher:signin_success', { user_data: userData }));
  }

  /** A closing or closed connection leaves its channels (announcing presence departures) and its user. */
  function leaveEverything(c: Client) {
    for (const name of [...c.subscriptions.keys()]) unsubscribe(c, name);
    forgetUser(c);
  }

  function forgetUser(c: Client) {
    if (!c.user) return;
    const sockets = users.get(c.user.id);
    sockets?.delete(c);
    if (sockets?.size === 0) users.delete(c.user.id);
    c.user = undefined;
  }

  /** Closes every connection signed in as `userId`, the way Pusher's terminate_connections does. */
  function terminateUser(userId: string): void {
    const sockets = [...(users.get(userId) ?? [])];
    for (const c of sockets) {
      send(c, frame('pusher:error', { code: UNAUTHORIZED, message: TERMINATED }));
      c.ws.close(UNAUTHORIZED, TERMINATED);
      leaveEverything(c); // at once, not when the closing handshake ends: nothing more reaches it, presence updates now
    }
    if (sockets.length > 0) log(`terminated ${sockets.length} connection(s) of ${userId}`);
  }

  function onMessage(c: Client, raw: RawData) {
    if (c.ws.readyState !== WebSocket.OPEN) return; // closing (e.g. terminated): nothing it says counts any more
    let msg: Json;
    try {
      msg = JSON.parse(String(raw)) as Json;
      if (typeof msg !== 'object' || msg === null || typeof msg.event !== 'string') throw new Error('no event');
    } catch {
      return sendError(c, 'Invalid message: expected JSON {event, data}');
    }
    const event = msg.event as string;
    let data = msg.data;
    if (typeof data === 'string' && event.startsWith('pusher:')) {
      try {
        data = JSON.parse(data);
      } catch {
        /* keep as string */
      }
    }
    const d = (typeof data === 'object' && data !== null ? data : {}) as Json;
    switch (event) {
      case 'pusher:ping':
        return send(c, frame('pusher:pong', {}));
      case 'pusher:pong':
        return;
      case 'pusher:subscribe':
        return subscribe(c, d);
      case 'pusher:unsubscribe':
        return typeof d.channel === 'string' ? unsubscribe(c, d.channel) : undefined;
      case 'pusher:signin':
        return signin(c, d);
      default:
        if (event.startsWith('client-')) return clientEvent(c, event, msg.channel, msg.data);
        return sendError(c, `Unsupported event: ${event}`);
    }
  }

  /** Silent past activity_timeout -> ping; still silent after pongWaitMs -> close 4201. */
  function onActivityTimer(c: Client) {
    if (c.awaitingPong) return c.ws.close(4201, 'Pong reply not received');
    c.awaitingPong = true;
    send(c, frame('pusher:ping', {}));
    c.timer = setTimeout(onActivityTimer, pongWaitMs, c);
  }
  function touch(c: Client) {
    if (c.awaitingPong) {
      clearTimeout(c.timer);
      c.awaitingPong = false;
      c.timer = setTimeout(onActivityTimer, activityMs, c);
    } else c.timer.refresh();
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY });
  function onConnection(ws: WebSocket, req: IncomingMessage) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const protocol = Number(url.searchParams.get('protocol'));
    const close = (code: number, message: string) => {
      ws.send(frame('pusher:error', { code, message }));
      ws.close(code, message.slice(0, 120)); // close reasons are limited to 123 bytes
    };
    if (url.pathname !== `/app/${key}`) return close(4001, `App key ${url.pathname.slice(5)} not in this cluster`);
    if (!(protocol >= 5 && protocol <= 7)) return close(4007, `Unsupported protocol version ${String(url.searchParams.get('protocol'))}`);
    const socketId = `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
    const c: Client = { ws, socketId, subscriptions: new Map(), awaitingPong: false, timer: setTimeout(() => onActivityTimer(c), activityMs) };
    clients.add(c);
    log(`${socketId} connected`);
    ws.on('message', (raw) => {
      touch(c);
      onMessage(c, raw);
    });
    ws.on('pong', () => touch(c));
    ws.on('error', (err) => log(`${socketId} error: ${err.message}`));
    ws.on('close', () => {
      clearTimeout(c.timer);
      leaveEverything(c);
      clients.delete(c);
      log(`${socketId} disconnected`);
    });
    send(c, frame('pusher:connection_established', { socket_id: socketId, activity_timeout: activityMs / 1000 }));
  }

  // ---- REST API ---------------------------------------------------------------------------------------

  function channelInfo(name: string, info: string[]) {
    const ch = channels.get(name);
    return {
      ...(info.includes('subscription_count') && { subscription_count: ch?.subscribers.size ?? 0 }),
      ...(info.includes('user_count') && isPresence(name) && { user_count: ch?.members.size ?? 0 }),
    };
  }

  /** Returns an error message, or null when the request is correctly signed. */
  function verifySignature(method: string, path: string, query: URLSearchParams, body: string): string | null {
    if (query.get('auth_key') !== key) return 'Invalid auth_key';
    const ts = Number(query.get('auth_timestamp'));
    if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > 600) return 'Timestamp expired: auth_timestamp must be within 600s of server time';
    if (query.get('auth_version') !== '1.0') return 'Invalid auth_version (expected 1.0)';
    if (body && query.get('body_md5') !== md5(body)) return 'Invalid body_md5';
    const params = [...query].filter(([k]) => k !== 'auth_signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const toSign = `${method}\n${path}\n${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
    if (!safeEqual(query.get('auth_signature') ?? '', hmac(secret, toSign))) {
      return `Invalid signature: expected HMAC SHA256 hex digest of ${JSON.stringify(toSign)}`;
    }
    return null;
  }

  function rest(method: string, path: string, query: URLSearchParams, body: string): [number, unknown] {
    const m = /^\/apps\/([^/]+)(\/.*)$/.exec(path);
    if (!m) return [404, 'Not found'];
    if (m[1] !== appId) return [404, `Unknown app id ${m[1] ?? ''}`];
    const error = verifySignature(method, path, query, body);
    if (error) return [401, error];
    const route = `${method} ${m[2] ?? ''}`;
    const info = (query.get('info') ?? '').split(',');

    if (route === 'POST /events' || route === 'POST /batch_events') {
      let parsed: Json;
      try {
        parsed = JSON.parse(body) as Json;
      } catch {
        return [400, 'Invalid JSON body'];
      }
      const batch = route === 'POST /events' ? [parsed] : parsed.batch;
      if (!Array.isArray(batch) || batch.length > 10) return [400, 'batch must be an array of at most 10 events'];
      const events: { name: string; data: string; channels: string[]; socketId?: string }[] = [];
      for (const e of batch as Json[]) {
        const names = e.channels ?? (e.channel === undefined ? undefined : [e.channel]);
        if (typeof e.name !== 'string' || !e.name || e.name.length > 200) return [400, 'name must be a string of 1-200 chars'];
        if (typeof e.data !== 'string') return [400, 'data must be a string'];
        if (Buffer.byteLength(e.data) > MAX_EVENT_DATA) return [413, `Event data too large (Pusher's limit is ${MAX_EVENT_DATA} bytes)`];
        if (!Array.isArray(names) || names.length < 1 || names.length > 100) return [400, 'channels must list 1-100 channels'];
        if (!names.every((n): n is string => typeof n === 'string' && (CHANNEL_NAME.test(n) || isServerToUser(n)))) return [400, 'Invalid channel name'];
        if (e.socket_id !== undefined && (typeof e.socket_id !== 'string' || !SOCKET_ID.test(e.socket_id))) return [400, 'Invalid socket_id'];
        events.push({ name: e.name, data: e.data, channels: names, socketId: e.socket_id });
      }
      for (const e of events) for (const name of e.channels) broadcast(name, frame(e.name, e.data, name), e.socketId);
      if (route === 'POST /batch_events') return [200, {}];
      const asked = info.filter(Boolean).length > 0;
      return [200, asked ? { channels: Object.fromEntries(events[0]!.channels.map((n) => [n, channelInfo(n, info)])) } : {}];
    }
    if (route === 'GET /channels') {
      const prefix = query.get('filter_by_prefix') ?? '';
      const list = [...channels.keys()].filter((n) => n.startsWith(prefix) && !isServerToUser(n));
      return [200, { channels: Object.fromEntries(list.map((n) => [n, channelInfo(n, info)])) }];
    }
    const terminate = /^POST \/users\/([^/]+)\/terminate_connections$/.exec(route);
    if (terminate) {
      let userId: string;
      try {
        userId = decodeURIComponent(terminate[1] ?? '');
      } catch {
        return [400, 'Invalid user id'];
      }
      terminateUser(userId);
      return [200, {}];
    }
    const one = /^GET \/channels\/([^/]+)(\/users)?$/.exec(route);
    if (one) {
      const name = one[1] ?? '';
      const ch = channels.get(name);
      if (!one[2]) return [200, { occupied: !!ch, subscription_count: ch?.subscribers.size ?? 0, ...channelInfo(name, info) }];
      if (!isPresence(name)) return [400, 'users are only available for presence channels'];
      return [200, { users: [...(ch?.members.keys() ?? [])].map((id) => ({ id })) }];
    }
    return [404, `No route for ${route}`];
  }

  function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let [status, body]: [number, unknown] = [413, 'Request body too large'];
      try {
        if (size <= MAX_BODY) [status, body] = rest(req.method ?? 'GET', url.pathname, url.searchParams, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        [status, body] = [500, `Internal error: ${String(err)}`];
      }
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json' });
      res.end(text);
      if (status !== 200) log(`${req.method} ${url.pathname} -> ${status} ${text}`);
    });
  }

  const server = createServer(onRequest);
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/app/')) return socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log(`Pusher-compatible server on http://${host}:${port} (app ${appId}, key ${key})`);

  return {
    port,
    host,
    channels: () => new Map([...channels].map(([name, ch]) => [name, ch.subscribers.size])),
    users: () => new Map([...users].map(([id, sockets]) => [id, sockets.size])),
    async close() {
      for (const c of clients) {
        clearTimeout(c.timer);
        c.ws.terminate();
      }
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
