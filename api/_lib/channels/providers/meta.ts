// Meta's three messaging products through one adapter: Messenger (a Facebook page), Instagram (a business
// account linked to a page) and the WhatsApp Cloud API (a business phone number).
//
// Webhooks (https://developers.facebook.com/docs/graph-api/webhooks/getting-started): Meta signs every delivery
// with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`, and checks
// the callback URL once with `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`, expecting the
// challenge back. Messenger and Instagram deliver `entry[].messaging[]` (message, delivery, read); WhatsApp
// delivers `entry[].changes[].value` with `messages[]` and `statuses[]`.
//
// Files: Messenger and Instagram give an attachment's `payload.url` (fetched as it is); WhatsApp gives a media id,
// looked up with `GET {graph}/{media-id}` (its `url`, `mime_type`, `file_size`) and downloaded from that URL with
// the channel's Bearer token. Either is stored with the message.
//
// Sending: Messenger and Instagram `POST {graph}/{page or IG account id}/messages` with the page token;
// WhatsApp `POST {graph}/{phone number id}/messages` with `messaging_product: 'whatsapp'`. Graph errors are
// `{ error: { message, type, code, error_subcode } }`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { serverEnv } from '../../env.js';
import { ApiError } from '../../http/errors.js';
import { DownloadError, downloadBytes } from './shared.js';
import {
  ProviderSendError,
  type DownloadedFile,
  type InboundAttachment,
  type InboundMessage,
  type InboundStatus,
  type LoadedChannel,
  type OutboundMessage,
  type ParsedDelivery,
  type ProviderAdapter,
  type WebhookRequest,
} from './types.js';

/** What a Meta channel keeps in `channels.credentials`: the page token (Messenger, Instagram) or the WhatsApp business token. */
export interface MetaCredentials {
  accessToken: string;
}

const SIGNATURE_HEADER = 'x-hub-signature-256';
const SEND_TIMEOUT_MS = 10_000;

/** `sha256=<hex>` of a body, as Meta signs it (also used by the local stand-in and the tests). */
export function metaSignature(rawBody: Buffer | string, appSecret: string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

function appSecret(): string {
  const secret = serverEnv().channels.meta.appSecret;
  if (!secret) throw new ApiError(503, 'unavailable', 'Meta deliveries cannot be verified on this deployment: set META_APP_SECRET');
  return secret;
}

function header(headers: WebhookRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function verifyMetaSignature(req: WebhookRequest): void {
  const given = header(req.headers, SIGNATURE_HEADER)?.trim();
  if (!given) throw new ApiError(401, 'unauthorized', 'The X-Hub-Signature-256 header is missing');
  const expected = Buffer.from(metaSignature(req.rawBody, appSecret()));
  const actual = Buffer.from(given.toLowerCase());
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new ApiError(403, 'forbidden', 'The X-Hub-Signature-256 header does not match the body');
  }
}

export function metaHandshake(query: URLSearchParams): string {
  const verifyToken = serverEnv().channels.meta.verifyToken;
  const given = query.get('hub.verify_token') ?? '';
  const ok =
    query.get('hub.mode') === 'subscribe' &&
    Boolean(verifyToken) &&
    given.length === verifyToken!.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(verifyToken!)) &&
    query.has('hub.challenge');
  if (!ok) throw new ApiError(403, 'forbidden', 'The verify token does not match META_VERIFY_TOKEN');
  return query.get('hub.challenge')!;
}

// --- Inbound -------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** A short label for a message that carries no text (a photo, a file), so the thread shows what arrived. */
function attachmentLabel(type: string | undefined, name?: string): string {
  if (name) return `[${name}]`;
  switch (type) {
    case 'image':
    case 'sticker':
      return '[image]';
    case 'video':
      return '[video]';
    case 'audio':
      return '[audio]';
    case 'location':
      return '[location]';
    default:
      return '[file]';
  }
}

function shortId(id: string): string {
  return id.slice(-4);
}

/** Messenger / Instagram: `entry[].messaging[]`. The business's own echoes are skipped. */
function parseMessaging(body: Json, channel: LoadedChannel): ParsedDelivery {
  const messages: InboundMessage[] = [];
  const statuses: InboundStatus[] = [];
  const label = channel.type === 'instagram' ? 'Instagram user' : 'Messenger user';
  for (const entry of list(body.entry)) {
    const accountId = str(entry.id);
    // A delivery for another page or account (Meta calls one URL per app) is not this channel's.
    if (channel.externalId && accountId && accountId !== channel.externalId) continue;
    for (const event of list(entry.messaging)) {
      const senderId = str(isObject(event.sender) ? event.sender.id : undefined);
      if (isObject(event.message)) {
        const message = event.message;
        if (message.is_echo === true || !senderId || senderId === accountId) continue;
        const files = list(message.attachments).map((a): InboundAttachment => {
          const payload = isObject(a.payload) ? a.payload : {};
          const type = str(a.type);
          // A shared place or a link preview has no file to fetch: its label stays in the text.
          const fetchable = type === 'image' || type === 'video' || type === 'audio' || type === 'file';
          return {
            ref: fetchable ? (str(payload.url) ?? '') : '',
            name: str(payload.name) ?? null,
            contentType: null,
            size: null,
            label: attachmentLabel(type),
          };
        });
        const text = str(message.text) ?? '';
        if (!text && files.length === 0) continue;
        messages.push({
          sender: { externalId: senderId, name: `${label} ${shortId(senderId)}` },
          externalMessageId: str(message.mid) ?? null,
          content: text,
          ...(files.length ? { attachments: files } : {}),
        });
      } else if (isObject(event.delivery)) {
        const mids = Array.isArray(event.delivery.mids) ? event.delivery.mids : [];
        for (const mid of mids) if (typeof mid === 'string' && mid) statuses.push({ externalMessageId: mid, status: 'delivered' });
      } else if (isObject(event.read)) {
        // Instagram names the message read; Messenger gives a watermark (everything before it), which names none.
        const mid = str(event.read.mid);
        if (mid) statuses.push({ externalMessageId: mid, status: 'read' });
      }
    }
  }
  return { messages, statuses };
}

const WHATSAPP_STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** WhatsApp Cloud API: `entry[].changes[].value` with `messages[]`, `contacts[]` and `statuses[]`. */
function parseWhatsApp(body: Json, channel: LoadedChannel): ParsedDelivery {
  const messages: InboundMessage[] = [];
  const statuses: InboundStatus[] = [];
  for (const entry of list(body.entry)) {
    for (const change of list(entry.changes)) {
      const value = change.value;
      if (!isObject(value)) continue;
      const phoneNumberId = str(isObject(value.metadata) ? value.metadata.phone_number_id : undefined);
      if (channel.externalId && phoneNumberId && phoneNumberId !== channel.externalId) continue;
      const names = new Map<string, string>();
      for (const contact of list(value.contacts)) {
        const waId = str(contact.wa_id);
        const name = str(isObject(contact.profile) ? contact.profile.name : undefined);
        if (waId && name) names.set(waId, name);
      }
      for (const message of list(value.messages)) {
        const from = str(message.from);
        if (!from) continue;
        const type = str(message.type);
        let content: string | undefined;
        const files: InboundAttachment[] = [];
        if (type === 'text') content = str(isObject(message.text) ? message.text.body : undefined);
        else if (type && isObject(message[type])) {
          const media = message[type] as Json;
          const mediaId = str(media.id);
          content = str(media.caption) ?? '';
          if (mediaId) {
            const name = str(media.filename) ?? null;
            files.push({ ref: mediaId, name, contentType: str(media.mime_type) ?? null, size: null, label: attachmentLabel(type, name ?? undefined) });
          } else content = [attachmentLabel(type), content].filter(Boolean).join(' ');
        } else if (type === 'button' && isObject(message.button)) content = str(message.button.text);
        if (!content && files.length === 0) continue;
        messages.push({
          sender: { externalId: from, name: names.get(from) ?? `+${from}`, phone: `+${from}` },
          externalMessageId: str(message.id) ?? null,
          content: content ?? '',
          ...(files.length ? { attachments: files } : {}),
        });
      }
      for (const status of list(value.statuses)) {
        const id = str(status.id);
        const state = str(status.status);
        if (!id || !state || !WHATSAPP_STATUSES.has(state)) continue;
        const errors = list(status.errors);
        const error = errors.map((e) => str(e.title) ?? str(e.message)).filter(Boolean)[0];
        statuses.push({
          externalMessageId: id,
          status: state as InboundStatus['status'],
          ...(state === 'failed' ? { error: error ?? 'WhatsApp could not deliver the message' } : {}),
        });
      }
    }
  }
  return { messages, statuses };
}

export function parseMetaDelivery(rawBody: Buffer, channel: LoadedChannel): ParsedDelivery {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid_json', 'The delivery is not valid JSON');
  }
  if (!isObject(body)) return { messages: [], statuses: [] };
  return channel.type === 'whatsapp' ? parseWhatsApp(body, channel) : parseMessaging(body, channel);
}

/** The accounts a delivery is for: entry ids (page, Instagram account), or WhatsApp's phone number ids. */
export function metaAccountIds(rawBody: Buffer): string[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return [];
  }
  if (!isObject(body)) return [];
  const ids = list(body.entry).flatMap((entry) =>
    body.object === 'whatsapp_business_account'
      ? list(entry.changes).map((change) => str(isObject(change.value) && isObject(change.value.metadata) ? change.value.metadata.phone_number_id : undefined))
      : [str(entry.id)],
  );
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

// --- Outbound ------------------------------------------------------------------------------------------------

/** Graph error codes that pass: 1 and 2 (temporary), and the rate limits (4, 17, 32, 613; WhatsApp 130429, 131056). */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 613, 130429, 131056]);

function accessToken(channel: LoadedChannel): string {
  const token = (channel.credentials as Partial<MetaCredentials>).accessToken;
  if (typeof token !== 'string' || !token) throw new ProviderSendError(true, 'The channel has no access token; connect it again');
  return token;
}

/** POSTs to the Graph API with the channel's token; a refusal becomes a ProviderSendError. */
export async function graphPost(path: string, token: string, body: unknown): Promise<Json> {
  let res: Response;
  try {
    res = await fetch(`${serverEnv().channels.meta.graphUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (err) {
    throw new ProviderSendError(false, `Meta could not be reached: ${(err as Error).message}`);
  }
  const answer: unknown = await res.json().catch(() => null);
  if (res.ok && isObject(answer) && !isObject(answer.error)) return answer;
  const error = isObject(answer) && isObject(answer.error) ? answer.error : {};
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  const message = str(error.message) ?? `Meta answered ${res.status}`;
  const transient = res.status >= 500 || res.status === 429 || TRANSIENT_CODES.has(code);
  throw new ProviderSendError(!transient, Number.isFinite(code) ? `${message} (code ${code})` : message, res.status);
}

async function sendMessaging(channel: LoadedChannel, recipient: string, message: OutboundMessage): Promise<{ externalMessageId: string }> {
  const token = accessToken(channel);
  if (!channel.externalId) throw new ProviderSendError(true, 'The channel has no page or account id; connect it again');
  const path = `/${encodeURIComponent(channel.externalId)}/messages`;
  const payloads: Json[] = [];
  if (message.content) payloads.push({ text: message.content });
  for (const file of message.attachments) {
    const type = file.contentType.startsWith('image/')
      ? 'image'
      : file.contentType.startsWith('video/')
        ? 'video'
        : file.contentType.startsWith('audio/')
          ? 'audio'
          : 'file';
    payloads.push({ attachment: { type, payload: { url: file.url, is_reusable: false } } });
  }
  let first: string | undefined;
  for (const payload of payloads) {
    const answer = await graphPost(path, token, { recipient: { id: recipient }, messaging_type: 'RESPONSE', message: payload });
    first ??= str(answer.message_id);
  }
  if (!first) throw new ProviderSendError(false, 'Meta accepted the message but named no message id');
  return { externalMessageId: first };
}

async function sendWhatsApp(channel: LoadedChannel, recipient: string, message: OutboundMessage): Promise<{ externalMessageId: string }> {
  const token = accessToken(channel);
  if (!channel.externalId) throw new ProviderSendError(true, 'The channel has no phone number id; connect it again');
  const path = `/${encodeURIComponent(channel.externalId)}/messages`;
  const to = recipient.replace(/^\+/, '');
  const payloads: Json[] = [];
  if (message.content) payloads.push({ type: 'text', text: { body: message.content, preview_url: false } });
  for (const file of message.attachments) {
    payloads.push(
      file.contentType.startsWith('image/')
        ? { type: 'image', image: { link: file.url } }
        : { type: 'document', document: { link: file.url, filename: file.name } },
    );
  }
  let first: string | undefined;
  for (const payload of payloads) {
    const answer = await graphPost(path, token, { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...payload });
    first ??= str(list(answer.messages)[0]?.id);
  }
  if (!first) throw new ProviderSendError(false, 'WhatsApp accepted the message but named no message id');
  return { externalMessageId: first };
}

/** Fetches a delivered file: a WhatsApp media id through the Graph API, a Messenger / Instagram URL as it is. */
export async function downloadMetaFile(channel: LoadedChannel, file: InboundAttachment, maxBytes: number): Promise<DownloadedFile> {
  if (channel.type !== 'whatsapp') {
    // Meta's CDN URLs are signed themselves; the page token is never sent to them.
    const { bytes, contentType } = await downloadBytes(file.ref, {}, maxBytes);
    return { bytes, contentType, name: null };
  }
  let token: string;
  try {
    token = accessToken(channel);
  } catch (err) {
    throw new DownloadError((err as Error).message);
  }
  const auth = { authorization: `Bearer ${token}` };
  let res: Response;
  try {
    res = await fetch(`${serverEnv().channels.meta.graphUrl}/${encodeURIComponent(file.ref)}`, { headers: auth, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
  } catch {
    throw new DownloadError('Meta could not be reached');
  }
  const media: unknown = await res.json().catch(() => null);
  if (!res.ok || !isObject(media) || !str(media.url)) {
    const error = isObject(media) && isObject(media.error) ? str(media.error.message) : undefined;
    throw new DownloadError(error ?? `Meta answered ${res.status} for the media`);
  }
  const { bytes, contentType } = await downloadBytes(str(media.url)!, auth, maxBytes);
  return { bytes, contentType: contentType ?? str(media.mime_type) ?? null, name: null };
}

export const adapter: ProviderAdapter = {
  verify(req) {
    verifyMetaSignature(req);
  },
  handshake(query) {
    return metaHandshake(query);
  },
  accountIds: metaAccountIds,
  parse(rawBody, channel) {
    return parseMetaDelivery(rawBody, channel);
  },
  download(channel, file, maxBytes) {
    return downloadMetaFile(channel, file, maxBytes);
  },
  send(channel, recipient, message) {
    return channel.type === 'whatsapp' ? sendWhatsApp(channel, recipient, message) : sendMessaging(channel, recipient, message);
  },
};
