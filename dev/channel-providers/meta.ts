// The Graph API stand-in (Messenger, Instagram, WhatsApp Cloud API) for `npm run dev` and the tests. It speaks
// the subset of Meta's wire protocol Switchboard uses, under the base URL META_GRAPH_URL points at:
//   GET  /me/accounts                        the pages the user granted, with their page tokens (and linked
//                                            Instagram business account), as after Facebook Login
//   POST /{page-id}/subscribed_apps          subscribes the app to a page's (or a WhatsApp account's) webhooks
//   GET  /debug_token?input_token=…          the token's granular scopes: which WhatsApp business accounts it reaches
//   GET  /{waba-id}/phone_numbers            a WhatsApp business account's phone numbers
//   POST /{page-id | ig-id}/messages         Messenger / Instagram send (page token), recorded
//   POST /{phone-number-id}/messages         WhatsApp send (the business token), recorded
//   GET  /{media-id}                         a customer's WhatsApp file: its download `url`, `mime_type`, `file_size`
//   GET  /whatsapp_business/attachments/?mid= the file itself (the business token again)
// Tokens are checked as Meta does (`Authorization: Bearer` or `access_token`): a wrong one is answered 401 with
// Graph's error shape (code 190). A recipient id starting with `blocked` is refused for good (code 551), and
// `failNext()` scripts the next answers (a 500, a rate limit), so retries and failures can be seen.
// `metaDelivery()` builds what Meta would POST to the app for a customer's message or a receipt, signed with the
// app secret, so the simulator and the tests deliver exactly what Meta delivers.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomerFile, KnownChannel, ProviderStandIn } from './server.js';

/** The local app and accounts (it is local; these are not secrets). */
export const LOCAL_META = {
  appId: 'local-meta-app',
  appSecret: 'local-meta-app-secret',
  verifyToken: 'local-meta-verify-token',
  page: { id: '100000000000001', name: 'Switchboard Shop', accessToken: 'EAAlocalPageToken100000000000001' },
  instagram: { id: '17841400000000001', username: 'switchboard.shop' },
  whatsapp: { wabaId: '200000000000001', phoneNumberId: '300000000000001', displayPhoneNumber: '+1 555-010-0000', verifiedName: 'Switchboard Shop' },
} as const;

export type MetaChannelType = 'facebook' | 'instagram' | 'whatsapp';

export interface MetaSentMessage {
  provider: MetaChannelType;
  /** The page, Instagram account or phone number id it was sent from. */
  accountId: string;
  to: string;
  /** The text, or for a file the link it was sent as. */
  text: string | null;
  attachment: { type: string; url: string; filename?: string } | null;
  messageId: string;
  body: unknown;
  at: number;
}

export interface GraphFailure {
  status: number;
  code: number;
  message: string;
}

const graphError = (status: number, code: number, message: string, type = 'OAuthException') => ({
  status,
  body: { error: { message, type, code, fbtrace_id: randomBytes(8).toString('base64url') } },
});

const INVALID_TOKEN = graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');

export interface MetaStandIn {
  /** Answers a request whose path (below the Graph base URL) and query are given; false when it is not the Graph API's. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, rawBody: Buffer): boolean;
  sent(): MetaSentMessage[];
  reset(): void;
  /** The next `count` sends answer this failure (Graph's error shape) instead of being recorded. */
  failNext(failure: GraphFailure, count?: number): void;
  /** Keeps a customer's WhatsApp file; its media id. */
  addMedia(file: CustomerFile): string;
}

function bearer(req: IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? query.get('access_token');
}

function reply(res: ServerResponse, answer: { status: number; body: unknown }): void {
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.body));
}

export function createMetaStandIn(): MetaStandIn {
  let sent: MetaSentMessage[] = [];
  const failures: GraphFailure[] = [];
  const media = new Map<string, CustomerFile>();
  /** User tokens the stand-in has seen after a login (any token it did not issue itself counts as one). */
  const userTokens = new Set<string>();
  const isPageToken = (token: string | null) => token === LOCAL_META.page.accessToken;
  const isUserToken = (token: string | null): token is string => Boolean(token) && !isPageToken(token);
  // The local authorization server issues JWTs, so a token of that form is accepted after a restart too.
  const isGranted = (token: string | null): token is string => isUserToken(token) && (userTokens.has(token) || /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token));

  function send(provider: MetaChannelType, accountId: string, body: Record<string, unknown>): { status: number; body: unknown } {
    const failure = failures.shift();
    if (failure) return graphError(failure.status, failure.code, failure.message);
    if (provider === 'whatsapp') {
      if (body.messaging_product !== 'whatsapp') return graphError(400, 100, '(#100) The parameter messaging_product is required.');
      const to = typeof body.to === 'string' ? body.to : '';
      if (!to) return graphError(400, 100, '(#100) The parameter to is required.');
      if (to.startsWith('blocked')) return graphError(400, 131026, 'Message undeliverable');
      const type = typeof body.type === 'string' ? body.type : 'text';
      const content = (body[type] ?? {}) as Record<string, unknown>;
      const messageId = `wamid.${randomBytes(12).toString('base64url')}`;
      sent.push({
        provider,
        accountId,
        to,
        text: type === 'text' ? String(content.body ?? '') : null,
        attachment: type === 'text' ? null : { type, url: String(content.link ?? ''), ...(content.filename ? { filename: String(content.filename) } : {}) },
        messageId,
        body,
        at: Date.now(),
      });
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: messageId }] } };
    }
    const recipient = ((body.recipient ?? {}) as Record<string, unknown>).id;
    const message = (body.message ?? {}) as Record<string, unknown>;
    if (typeof recipient !== 'string' || !recipient) return graphError(400, 100, '(#100) The parameter recipient is required');
    if (recipient.startsWith('blocked')) return graphError(400, 551, "This person isn't available right now.");
    const attachment = (message.attachment ?? null) as { type?: string; payload?: { url?: string } } | null;
    if (typeof message.text !== 'string' && !attachment) return graphError(400, 100, '(#100) Param message must be a text or an attachment');
    const messageId = `m_${randomBytes(18).toString('base64url')}`;
    sent.push({
      provider,
      accountId,
      to: recipient,
      text: typeof message.text === 'string' ? message.text : null,
      attachment: attachment ? { type: attachment.type ?? 'file', url: attachment.payload?.url ?? '' } : null,
      messageId,
      body,
      at: Date.now(),
    });
    return { status: 200, body: { recipient_id: recipient, message_id: messageId } };
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    token: string | null,
    body: Record<string, unknown>,
    base: string,
  ): { status: number; body: unknown } {
    const segments = path.split('/').filter(Boolean);
    // The version prefix (v21.0) is optional, as Graph treats an unversioned call as the app's default version.
    if (/^v\d+\.\d+$/.test(segments[0] ?? '')) segments.shift();
    const [first, second] = segments;
    if (method === 'GET' && first && segments.length === 1 && media.has(first)) {
      if (!isGranted(token)) return INVALID_TOKEN;
      const file = media.get(first)!;
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          url: `${base}/whatsapp_business/attachments/?mid=${first}`,
          mime_type: file.contentType,
          sha256: createHash('sha256').update(file.bytes).digest('hex'),
          file_size: file.bytes.length,
          id: first,
        },
      };
    }
    if (method === 'GET' && first === 'me' && second === 'accounts') {
      if (!isUserToken(token)) return INVALID_TOKEN;
      userTokens.add(token);
      const { page, instagram } = LOCAL_META;
      return {
        status: 200,
        body: {
          data: [
            {
              id: page.id,
              name: page.name,
              access_token: page.accessToken,
              category: 'Shopping & retail',
              tasks: ['MANAGE', 'MESSAGING'],
              instagram_business_account: { id: instagram.id, username: instagram.username },
            },
          ],
          paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } },
        },
      };
    }
    if (method === 'GET' && first === 'debug_token') {
      const input = query.get('input_token');
      if (!token || token !== `${LOCAL_META.appId}|${LOCAL_META.appSecret}`) return graphError(400, 190, 'Invalid app access token');
      if (!isUserToken(input)) return { status: 200, body: { data: { is_valid: false, error: { code: 190, message: 'Invalid token' } } } };
      userTokens.add(input);
      const targets = [LOCAL_META.whatsapp.wabaId];
      return {
        status: 200,
        body: {
          data: {
            app_id: LOCAL_META.appId,
            type: 'USER',
            is_valid: true,
            scopes: ['whatsapp_business_management', 'whatsapp_business_messaging', 'business_management'],
            granular_scopes: [
              { scope: 'whatsapp_business_management', target_ids: targets },
              { scope: 'whatsapp_business_messaging', target_ids: targets },
            ],
          },
        },
      };
    }
    if (method === 'GET' && first === LOCAL_META.whatsapp.wabaId && second === 'phone_numbers') {
      if (!isGranted(token)) return INVALID_TOKEN;
      const { phoneNumberId, displayPhoneNumber, verifiedName } = LOCAL_META.whatsapp;
      return {
        status: 200,
        body: { data: [{ id: phoneNumberId, display_phone_number: displayPhoneNumber, verified_name: verifiedName, quality_rating: 'GREEN' }] },
      };
    }
    if (method === 'POST' && second === 'subscribed_apps') {
      if (first === LOCAL_META.page.id && isPageToken(token)) return { status: 200, body: { success: true } };
      if (first === LOCAL_META.whatsapp.wabaId && isGranted(token)) return { status: 200, body: { success: true } };
      return INVALID_TOKEN;
    }
    if (method === 'POST' && second === 'messages' && segments.length === 2) {
      if (first === LOCAL_META.page.id || first === LOCAL_META.instagram.id) {
        if (!isPageToken(token)) return INVALID_TOKEN;
        return send(first === LOCAL_META.page.id ? 'facebook' : 'instagram', first, body);
      }
      if (first === LOCAL_META.whatsapp.phoneNumberId) {
        if (!isGranted(token)) return INVALID_TOKEN;
        return send('whatsapp', first, body);
      }
      return graphError(400, 100, `(#100) Unsupported post request. Object with ID '${first}' does not exist`, 'GraphMethodException');
    }
    return graphError(400, 2500, 'Unknown path components', 'OAuthException');
  }

  return {
    handle(req, res, path, query, rawBody) {
      // The media file itself, as Meta's lookaside host serves it: only with the business token.
      if (path === '/whatsapp_business/attachments/' || path === '/whatsapp_business/attachments') {
        const file = media.get(query.get('mid') ?? '');
        if (!isGranted(bearer(req, query))) reply(res, INVALID_TOKEN);
        else if (!file) reply(res, graphError(404, 100, 'The media does not exist'));
        else res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) }).end(file.bytes);
        return true;
      }
      let body: Record<string, unknown> = {};
      const type = req.headers['content-type'] ?? '';
      if (rawBody.length) {
        try {
          body = type.includes('json')
            ? (JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>)
            : Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
        } catch {
          reply(res, graphError(400, 100, 'The request body is not valid JSON'));
          return true;
        }
      }
      // Where this Graph API is mounted, as the client reached it (the media's download URL is under it).
      const requestPath = new URL(req.url ?? '/', 'http://localhost').pathname;
      const mount = requestPath.endsWith(path) ? requestPath.slice(0, requestPath.length - path.length) : '';
      const base = `http://${req.headers.host ?? '127.0.0.1'}${mount}`;
      reply(res, route((req.method ?? 'GET').toUpperCase(), path, query, bearer(req, query), body, base));
      return true;
    },
    addMedia(file) {
      const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 1000000000000000n);
      media.set(id, file);
      return id;
    },
    sent: () => [...sent],
    reset() {
      sent = [];
      failures.length = 0;
      media.clear();
    },
    failNext(failure, count = 1) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
  };
}

// --- Deliveries to the app, as Meta makes them ------------------------------------------------------------------

export type MetaInbound =
  | {
      kind: 'message';
      from: string;
      name?: string;
      text: string;
      messageId?: string;
      /** A file with the message: WhatsApp names its media id, Messenger and Instagram its URL. */
      file?: { name: string; contentType: string; mediaId?: string; url?: string };
    }
  | { kind: 'status'; messageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; recipient: string; error?: { code: number; title: string } };

const mid = (type: MetaChannelType) => (type === 'whatsapp' ? `wamid.${randomBytes(12).toString('base64url')}` : `m_${randomBytes(18).toString('base64url')}`);

/** The body Meta POSTs for one event on a channel whose account (page, Instagram account, phone number id) is `accountId`. */
export function metaDeliveryBody(type: MetaChannelType, accountId: string, event: MetaInbound, now = Date.now()): Record<string, unknown> {
  const seconds = String(Math.floor(now / 1000));
  if (type === 'whatsapp') {
    const value: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: LOCAL_META.whatsapp.displayPhoneNumber.replace(/\D/g, ''), phone_number_id: accountId },
    };
    if (event.kind === 'message') {
      value.contacts = [{ profile: { name: event.name ?? `+${event.from}` }, wa_id: event.from }];
      const message: Record<string, unknown> = { from: event.from, id: event.messageId ?? mid(type), timestamp: seconds };
      if (event.file?.mediaId) {
        const kind = event.file.contentType.startsWith('image/') ? 'image' : 'document';
        message.type = kind;
        message[kind] = {
          id: event.file.mediaId,
          mime_type: event.file.contentType,
          ...(kind === 'document' ? { filename: event.file.name } : {}),
          ...(event.text ? { caption: event.text } : {}),
        };
      } else Object.assign(message, { type: 'text', text: { body: event.text } });
      value.messages = [message];
    } else {
      value.statuses = [
        {
          id: event.messageId,
          status: event.status,
          timestamp: seconds,
          recipient_id: event.recipient,
          ...(event.error ? { errors: [{ code: event.error.code, title: event.error.title, message: event.error.title }] } : {}),
        },
      ];
    }
    return { object: 'whatsapp_business_account', entry: [{ id: LOCAL_META.whatsapp.wabaId, changes: [{ value, field: 'messages' }] }] };
  }
  let messaging: Record<string, unknown>;
  if (event.kind === 'message') {
    const attachments = event.file?.url
      ? [{ type: event.file.contentType.startsWith('image/') ? 'image' : 'file', payload: { url: event.file.url } }]
      : undefined;
    messaging = {
      sender: { id: event.from },
      recipient: { id: accountId },
      timestamp: now,
      message: { mid: event.messageId ?? mid(type), ...(event.text || !attachments ? { text: event.text } : {}), ...(attachments ? { attachments } : {}) },
    };
  } else if (event.status === 'read') {
    messaging = { sender: { id: event.recipient }, recipient: { id: accountId }, timestamp: now, read: { mid: event.messageId, watermark: now } };
  } else {
    messaging = { sender: { id: event.recipient }, recipient: { id: accountId }, timestamp: now, delivery: { mids: [event.messageId], watermark: now } };
  }
  return { object: type === 'instagram' ? 'instagram' : 'page', entry: [{ id: accountId, time: now, messaging: [messaging] }] };
}

/** A delivery ready to POST to `{appUrl}/api/webhooks/{type}/{channelId}`: the exact bytes and Meta's signature header. */
export function metaDelivery(
  type: MetaChannelType,
  accountId: string,
  event: MetaInbound,
  appSecret: string = LOCAL_META.appSecret,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(metaDeliveryBody(type, accountId, event));
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex') },
  };
}

/** Posts a signed delivery to the app's webhook URL of a channel; the app's answer status. */
export async function deliverToApp(webhookUrl: string, type: MetaChannelType, accountId: string, event: MetaInbound, appSecret?: string): Promise<number> {
  const { body, headers } = metaDelivery(type, accountId, event, appSecret);
  const res = await fetch(webhookUrl, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

/** The environment that points the app at this stand-in (graphUrl: where it is mounted). */
export function metaEnv(graphUrl: string): Record<string, string> {
  return {
    META_GRAPH_URL: graphUrl,
    META_APP_ID: LOCAL_META.appId,
    META_APP_SECRET: LOCAL_META.appSecret,
    META_VERIFY_TOKEN: LOCAL_META.verifyToken,
  };
}

// --- On the shared providers server (./server.ts) ---------------------------------------------------------------

const META_TYPES: readonly string[] = ['facebook', 'instagram', 'whatsapp'];

/** The account a Meta channel of this type answers as in the stand-in. */
export const localMetaAccount = (type: MetaChannelType) =>
  type === 'facebook' ? LOCAL_META.page.id : type === 'instagram' ? LOCAL_META.instagram.id : LOCAL_META.whatsapp.phoneNumberId;

/**
 * Meta's part of the providers server, under `/meta` (META_GRAPH_URL = `{url}/meta/v21.0`): sends are recorded in
 * the server's log and take its queued failures; Meta calls one webhook URL per app, so the channels the
 * simulator can write to are named to it (`addChannel`, as the simulator does for a channel id it is given).
 */
export function metaProviderStandIn(): ProviderStandIn & { graph: MetaStandIn; addChannel(webhookUrl: string, label?: string): void } {
  const graph = createMetaStandIn();
  const known = new Map<string, KnownChannel>();
  return {
    name: 'meta',
    prefix: '/meta',
    graph,
    addChannel(webhookUrl, label) {
      const [type, channelId] = new URL(webhookUrl).pathname.split('/').filter(Boolean).slice(-2) as [string, string];
      if (!META_TYPES.includes(type)) throw new Error(`Not a Meta channel's webhook URL: ${webhookUrl}`);
      known.set(channelId, { provider: type as MetaChannelType, channelId, webhookUrl, label: label ?? `${type} ${channelId.slice(0, 8)}` });
    },
    async handle(req, res, path, body, state) {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const type = /\/(\d+)\/messages$/.exec(path)?.[1];
      const provider: MetaChannelType | null =
        type === LOCAL_META.page.id
          ? 'facebook'
          : type === LOCAL_META.instagram.id
            ? 'instagram'
            : type === LOCAL_META.whatsapp.phoneNumberId
              ? 'whatsapp'
              : null;
      const failure = provider && req.method === 'POST' ? state.takeFailure(provider) : null;
      if (failure) {
        graph.failNext(
          failure.kind === 'transient'
            ? { status: 500, code: 1, message: 'An unknown error occurred' }
            : { status: 400, code: 100, message: failure.reason ?? 'The message could not be sent' },
        );
      }
      const before = graph.sent().length;
      graph.handle(req, res, path, query, body);
      for (const sent of graph.sent().slice(before)) {
        state.record({
          provider: sent.provider,
          messageId: sent.messageId,
          recipient: sent.to,
          text: sent.text ?? sent.attachment?.url ?? '',
          account: sent.accountId,
        });
      }
    },
    channels: () => [...known.values()],
    async simulate(state, channel, from, text, file) {
      const type = channel.provider as MetaChannelType;
      const attached = file
        ? type === 'whatsapp'
          ? { name: file.name, contentType: file.contentType, mediaId: graph.addMedia(file) }
          : { name: file.name, contentType: file.contentType, url: file.url }
        : undefined;
      const { body, headers } = metaDelivery(type, localMetaAccount(type), {
        kind: 'message',
        from: from.id,
        name: from.name,
        text,
        ...(attached ? { file: attached } : {}),
      });
      return state.post(channel.webhookUrl, body, headers);
    },
    reset() {
      graph.reset();
      known.clear();
    },
  };
}
