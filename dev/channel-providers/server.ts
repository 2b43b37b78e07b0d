// Local stand-ins for the messaging providers' APIs (Telegram's Bot API, Viber's REST bot API, TikTok's
// Business Messaging API, and Meta's Graph API from ./meta.ts), on one loopback HTTP server. Each provider lives
// under its own prefix (TELEGRAM_API_URL = {url}/telegram, VIBER_API_URL = {url}/viber/pa, TIKTOK_API_URL =
// {url}/tiktok/open_api/v1.3, META_GRAPH_URL = {url}/meta/v21.0), checks tokens as the provider does (a token it
// was not told about gets the provider's own error), records every message the business sent, and can answer
// the next call with a server error or a permanent refusal (tests). `/_dev/channels` is the simulator: pick a
// connected channel, write as a customer (a correctly signed webhook is posted to the app), and see the replies.
// A simulated customer can send a file too: the server keeps it and serves it as each provider does (Telegram's
// getFile and file path, Graph's media lookup, a plain media URL under `/files/{id}`).
import { randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulatorPage } from './page.js';
import { metaEnv, metaProviderStandIn } from './meta.js';
import { telegramStandIn } from './telegram.js';
import { tiktokStandIn } from './tiktok.js';
import { viberStandIn } from './viber.js';

export type ProviderName = 'telegram' | 'viber' | 'tiktok' | 'facebook' | 'instagram' | 'whatsapp';

/** A message the business sent through a provider. */
export interface SentMessage {
  provider: ProviderName;
  /** The provider's id of the message (what the API answered). */
  messageId: string;
  /** Whom it went to (chat id, Viber user id, TikTok conversation id, PSID, …). */
  recipient: string;
  text: string;
  /** The bot token / business account it was sent as. */
  account: string;
  at: string;
}

/** A message a simulated customer sent (shown in the simulator beside the replies). */
export interface CustomerMessage {
  provider: ProviderName;
  channelId: string;
  sender: string;
  /** Where the business's replies to this sender go (the provider's id of the chat). */
  recipient: string;
  text: string;
  status: number;
  at: string;
}

/** A channel the stand-in can write to: it knows the webhook URL and how to sign for it. */
export interface KnownChannel {
  provider: ProviderName;
  channelId: string;
  webhookUrl: string;
  label: string;
}

/** A file a simulated customer sends with a message. */
export interface CustomerFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** A file the server keeps for the providers to serve. */
export interface KeptFile extends CustomerFile {
  id: string;
  /** Where it is served as a plain URL (Viber's media, Messenger's CDN link, TikTok's image URL). */
  url: string;
}

export type Failure = { kind: 'transient' } | { kind: 'permanent'; reason?: string };

export interface StandInState {
  appUrl(): string | null;
  record(message: Omit<SentMessage, 'at'>): SentMessage;
  /** The failure queued for this provider's next send, if any (taken once). */
  takeFailure(provider: ProviderName): Failure | null;
  /** POSTs a webhook delivery to the app. */
  post(url: string, body: string, headers: Record<string, string>): Promise<number>;
  newId(): string;
  /** Keeps a file to serve; `file(id)` finds it again. */
  keepFile(file: CustomerFile): KeptFile;
  file(id: string): KeptFile | undefined;
}

/** One provider's part of the server (Meta's module implements this too). */
export interface ProviderStandIn {
  name: string;
  /** The path prefix it answers under, e.g. `/telegram`. */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, path: string, body: Buffer, state: StandInState): Promise<void>;
  /** Channels this provider can deliver to (from webhook registrations). */
  channels(state: StandInState): KnownChannel[];
  /** Posts a customer's message to a channel as a signed webhook; the app's HTTP status. */
  simulate?(state: StandInState, channel: KnownChannel, from: { id: string; name: string }, text: string, file?: KeptFile): Promise<number>;
  /** Where the business's replies to a simulated sender go, when the provider names them otherwise (Telegram's numeric chat ids). */
  recipientOf?(senderId: string): string;
  /** Accepts a token it was not told about before (tests and the simulator's "use this token"). */
  addToken?(token: string, account?: Record<string, unknown>): void;
  reset?(): void;
}

export interface ChannelProvidersOptions {
  port: number;
  host?: string;
  /** The app's origin, where webhooks go (a function: `npm run dev` knows it once the runtime listens). */
  appUrl: string | (() => string | null) | null;
  /** The TikTok app's client secret the stand-in signs TikTok deliveries with (TIKTOK_CLIENT_SECRET). */
  tiktokClientSecret?: string;
  /** More providers (Meta's module). */
  extra?: ProviderStandIn[];
}

export interface ChannelProviders {
  url: string;
  port: number;
  /** The variables that point the app at this server. */
  env: Record<string, string>;
  sent(): SentMessage[];
  customerMessages(): CustomerMessage[];
  reset(): void;
  /** The next `count` sends through `provider` fail: `transient` answers 500, `permanent` the provider's refusal. */
  failNext(provider: ProviderName, failure: Failure, count?: number): void;
  addToken(provider: ProviderName, token: string, account?: Record<string, unknown>): void;
  channels(): KnownChannel[];
  /** Posts a customer's message (and a file, when given) to a channel as its provider would. */
  simulate(channelId: string, from: { id: string; name: string }, text: string, type?: ProviderName, file?: CustomerFile): Promise<number>;
  setAppUrl(url: string): void;
  /** Waits until a sent message matches (tests). */
  waitForSent(match: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  close(): Promise<void>;
}

export const LOCAL_TIKTOK_CLIENT_SECRET = 'local-tiktok-client-secret';

const MAX_KEPT = 1000;
const MAX_FILES = 100;

/** A small PNG (a square of one colour): the simulator's "attach an image". */
export function samplePng(size = 24, rgb: [number, number, number] = [31, 95, 214]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function startChannelProviders(options: ChannelProvidersOptions): Promise<ChannelProviders> {
  let appUrlOverride: string | null = null;
  const appUrl = () => appUrlOverride ?? (typeof options.appUrl === 'function' ? options.appUrl() : options.appUrl);
  const sentMessages: SentMessage[] = [];
  const customer: CustomerMessage[] = [];
  const failures = new Map<ProviderName, Failure[]>();
  const waiters = new Set<() => void>();
  const files = new Map<string, KeptFile>();
  let serverUrl = '';
  const state: StandInState = {
    appUrl,
    record(message) {
      const full = { ...message, at: new Date().toISOString() };
      sentMessages.push(full);
      if (sentMessages.length > MAX_KEPT) sentMessages.shift();
      for (const wake of waiters) wake();
      return full;
    },
    takeFailure: (provider) => failures.get(provider)?.shift() ?? null,
    async post(url, body, headers) {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await answer.arrayBuffer();
      return answer.status;
    },
    newId: () => randomUUID(),
    keepFile(file) {
      const id = randomUUID().replace(/-/g, '');
      const kept = { ...file, id, url: `${serverUrl}/files/${id}` };
      files.set(id, kept);
      if (files.size > MAX_FILES) files.delete(files.keys().next().value!);
      return kept;
    },
    file: (id) => files.get(id),
  };
  const tiktok = tiktokStandIn(options.tiktokClientSecret ?? LOCAL_TIKTOK_CLIENT_SECRET);
  const meta = metaProviderStandIn();
  const providers: ProviderStandIn[] = [telegramStandIn(), viberStandIn(), tiktok, meta, ...(options.extra ?? [])];
  const allChannels = () => providers.flatMap((p) => p.channels(state));

  async function simulate(channelId: string, from: { id: string; name: string }, text: string, type?: ProviderName, file?: CustomerFile): Promise<number> {
    const base = appUrl();
    // TikTok's webhook is configured per app, not registered per account: a TikTok channel is named by its id.
    if (type === 'tiktok' && base && !allChannels().some((c) => c.channelId === channelId)) tiktok.addChannel(`${base}/api/webhooks/tiktok/${channelId}`);
    if ((type === 'facebook' || type === 'instagram' || type === 'whatsapp') && base && !allChannels().some((c) => c.channelId === channelId))
      meta.addChannel(`${base}/api/webhooks/${type}/${channelId}`);
    const channel = allChannels().find((c) => c.channelId === channelId);
    if (!channel) throw new Error(`No connected channel ${channelId} is known to the stand-in`);
    const provider = providers.find(
      (p) => p.name === channel.provider || (p.name === 'meta' && ['facebook', 'instagram', 'whatsapp'].includes(channel.provider)),
    );
    if (!provider?.simulate) throw new Error(`The ${channel.provider} stand-in cannot simulate customers`);
    const status = await provider.simulate(state, channel, from, text, file ? state.keepFile(file) : undefined);
    const shown = file ? [text, `[${file.name}]`].filter(Boolean).join('\n') : text;
    const recipient = provider.recipientOf?.(from.id) ?? from.id;
    customer.push({ provider: channel.provider, channelId, sender: from.id, recipient, text: shown, status, at: new Date().toISOString() });
    if (customer.length > MAX_KEPT) customer.shift();
    return status;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://localhost');
      void route(req, res, url, body).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { error: (err as Error).message });
      });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const path = url.pathname;
    if (path === '/_dev/channels' || path === '/_dev/channels/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(simulatorPage());
      return;
    }
    if (path === '/_dev/channels.json') {
      if (req.method === 'DELETE') {
        reset();
        return json(res, 200, { ok: true });
      }
      return json(res, 200, { channels: allChannels(), sent: sentMessages, customer });
    }
    if (path === '/_dev/channels/send' && req.method === 'POST') {
      const input = JSON.parse(body.toString() || '{}') as {
        channelId?: string;
        type?: ProviderName;
        senderId?: string;
        senderName?: string;
        text?: string;
        image?: boolean;
      };
      if (!input.channelId || (!input.text && !input.image)) return json(res, 422, { error: 'channelId and a text or an image are required' });
      try {
        const status = await simulate(
          input.channelId,
          { id: input.senderId || 'customer-1', name: input.senderName || 'Local customer' },
          input.text ?? '',
          input.type,
          input.image ? { name: 'photo.png', contentType: 'image/png', bytes: samplePng() } : undefined,
        );
        return json(res, 200, { status });
      } catch (err) {
        return json(res, 422, { error: (err as Error).message });
      }
    }
    if (path === '/_dev/channels/tokens' && req.method === 'POST') {
      const input = JSON.parse(body.toString() || '{}') as { provider?: ProviderName; token?: string };
      const provider = providers.find((p) => p.name === input.provider);
      if (!provider?.addToken || !input.token) return json(res, 422, { error: 'provider and token are required' });
      provider.addToken(input.token);
      return json(res, 200, { ok: true });
    }
    const fileId = /^\/files\/([0-9a-f]{32})$/.exec(path)?.[1];
    if (fileId && (req.method === 'GET' || req.method === 'HEAD')) {
      const file = files.get(fileId);
      if (!file) return json(res, 404, { error: 'No such file' });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
      return void res.end(req.method === 'HEAD' ? undefined : file.bytes);
    }
    for (const provider of providers) {
      if (path === provider.prefix || path.startsWith(`${provider.prefix}/`)) {
        await provider.handle(req, res, path.slice(provider.prefix.length), body, state);
        return;
      }
    }
    json(res, 404, { error: 'Not found' });
  }

  function reset() {
    sentMessages.length = 0;
    customer.length = 0;
    failures.clear();
    files.clear();
    for (const p of providers) p.reset?.();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  serverUrl = url;
  return {
    url,
    port,
    env: {
      TELEGRAM_API_URL: `${url}/telegram`,
      VIBER_API_URL: `${url}/viber/pa`,
      TIKTOK_API_URL: `${url}/tiktok/open_api/v1.3`,
      ...metaEnv(`${url}/meta/v21.0`),
      DEV_CHANNELS_URL: url,
    },
    sent: () => [...sentMessages],
    customerMessages: () => [...customer],
    reset,
    failNext(provider, failure, count = 1) {
      const queue = failures.get(provider) ?? [];
      for (let i = 0; i < count; i++) queue.push(failure);
      failures.set(provider, queue);
    },
    addToken(provider, token, account) {
      const standIn = providers.find((p) => p.name === provider);
      if (!standIn?.addToken) throw new Error(`The ${provider} stand-in takes no tokens`);
      standIn.addToken(token, account);
    },
    channels: allChannels,
    simulate,
    setAppUrl(value) {
      appUrlOverride = value;
    },
    waitForSent(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = sentMessages.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching message was sent within ${timeoutMs} ms (${sentMessages.length} sent)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The webhook URL of a channel on the app (the id is its last path segment). */
export const channelIdOf = (webhookUrl: string) => new URL(webhookUrl).pathname.split('/').filter(Boolean).pop() ?? '';
