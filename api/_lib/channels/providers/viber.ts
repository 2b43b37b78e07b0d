// Viber REST bot API. Every callback is signed: `X-Viber-Content-Signature` is the hex HMAC-SHA256 of the raw
// body keyed with the bot's auth token. A customer is a Viber user id (where replies go); a message's id is its
// `message_token`, a 64-bit number, read from the raw text so no digit is lost to floating point. Viber reports
// what became of a message the business sent: delivered, seen (read) or failed. A picture, video or file comes
// as a `media` URL (with `file_name` and `size` for files), fetched and stored with the message.
import { invalidField } from '../../http/errors.js';
import { serverEnv } from '../../env.js';
import {
  credential,
  downloadBytes,
  header,
  hmacHex,
  isTransientStatus,
  missingSignature,
  postJson,
  quoteIntegers,
  safeEqual,
  wrongSignature,
} from './shared.js';
import { ProviderSendError, type InboundAttachment, type InboundStatus, type LoadedChannel, type ProviderAdapter } from './types.js';

export interface ViberCredentials {
  authToken: string;
}

const SIGNATURE_HEADER = 'x-viber-content-signature';
/** Viber's `status` for "too many requests"; every other non-zero status is a refusal that a retry does not change. */
const TOO_MANY_REQUESTS = 12;

interface ViberCallback {
  event: string;
  message_token?: string;
  user_id?: string;
  desc?: string;
  sender?: { id: string; name?: string };
  message?: { type: string; text?: string; media?: string; file_name?: string; size?: number; location?: { lat: number; lon: number } };
}

/** Viber's 64-bit numbers, quoted before parsing so no digit is lost. */
const EXACT = ['message_token', 'timestamp'];
const parseExact = (raw: string) => JSON.parse(quoteIntegers(raw, EXACT)) as ViberCallback;

async function call(channel: LoadedChannel, method: string, body: unknown) {
  const { status, body: answer } = await postJson(
    `${serverEnv().channels.viber.apiUrl}/${method}`,
    body,
    {
      'X-Viber-Auth-Token': credential(channel.credentials, 'authToken'),
    },
    EXACT,
  );
  return {
    httpStatus: status,
    ...(answer as { status?: number; status_message?: string; message_token?: number | string; id?: string; name?: string; uri?: string }),
  };
}

const MEDIA_TYPES: Record<string, { label: (name?: string) => string; contentType: string | null }> = {
  picture: { label: () => '[Photo]', contentType: 'image/jpeg' },
  video: { label: () => '[Video]', contentType: 'video/mp4' },
  file: { label: (name) => `[File: ${name ?? 'file'}]`, contentType: null },
};

/** What a message says besides its file: its text, and a note of what cannot be stored (a sticker, a place). */
function contentOf(message: NonNullable<ViberCallback['message']>): string {
  const notes: string[] = [];
  if (message.type === 'sticker') notes.push('[Sticker]');
  if (message.type === 'location' && message.location) notes.push(`[Location ${message.location.lat}, ${message.location.lon}]`);
  return [message.text ?? '', ...notes].filter(Boolean).join('\n');
}

function filesOf(message: NonNullable<ViberCallback['message']>): InboundAttachment[] {
  const kind = MEDIA_TYPES[message.type];
  if (!kind) return [];
  const label = kind.label(message.file_name);
  // A media message without its URL still says what it was.
  if (!message.media) return [{ ref: '', name: message.file_name ?? null, contentType: kind.contentType, size: message.size ?? null, label }];
  return [{ ref: message.media, name: message.file_name ?? null, contentType: kind.contentType, size: message.size ?? null, label }];
}

export const viber: ProviderAdapter = {
  verify({ headers, rawBody }, channel) {
    const given = header(headers, SIGNATURE_HEADER);
    if (!given) throw missingSignature('X-Viber-Content-Signature');
    const token = channel.credentials.authToken;
    if (typeof token !== 'string' || !safeEqual(given.toLowerCase(), hmacHex(token, rawBody))) throw wrongSignature('X-Viber-Content-Signature');
  },

  parse(rawBody) {
    const callback = parseExact(rawBody.toString('utf8'));
    const token = callback.message_token === undefined ? null : String(callback.message_token);
    if (callback.event === 'message' && callback.sender && callback.message) {
      const content = contentOf(callback.message);
      const files = filesOf(callback.message);
      if (!content && files.length === 0) return { messages: [], statuses: [] };
      return {
        messages: [
          {
            sender: { externalId: callback.sender.id, name: callback.sender.name || 'Viber user' },
            externalMessageId: token,
            content,
            ...(files.length ? { attachments: files } : {}),
          },
        ],
        statuses: [],
      };
    }
    const status: InboundStatus['status'] | undefined = ({ delivered: 'delivered', seen: 'read', failed: 'failed' } as const)[callback.event as 'delivered'];
    if (status && token) return { messages: [], statuses: [{ externalMessageId: token, status, ...(callback.desc ? { error: callback.desc } : {}) }] };
    // webhook (the set_webhook check), subscribed, unsubscribed, conversation_started: nothing to store.
    return { messages: [], statuses: [] };
  },

  async download(_channel, file, maxBytes) {
    // Viber's media URLs are public for a while; its own documentation says to fetch them at once.
    const { bytes, contentType } = await downloadBytes(file.ref, {}, maxBytes);
    return { bytes, contentType, name: null };
  },

  async send(channel, recipient, message) {
    const text = [message.content, ...message.attachments.map((a) => `${a.name}: ${a.url}`)].filter(Boolean).join('\n');
    const sender = typeof channel.settings.accountName === 'string' ? channel.settings.accountName : channel.name;
    const answer = await call(channel, 'send_message', { receiver: recipient, min_api_version: 1, sender: { name: sender.slice(0, 28) }, type: 'text', text });
    if (isTransientStatus(answer.httpStatus)) throw new ProviderSendError(false, `Viber answered HTTP ${answer.httpStatus}`, answer.httpStatus);
    if (answer.status === 0 && answer.message_token !== undefined) return { externalMessageId: String(answer.message_token) };
    const reason = answer.status_message ?? `Viber answered status ${answer.status ?? answer.httpStatus}`;
    throw new ProviderSendError(answer.status !== TOO_MANY_REQUESTS, reason, answer.httpStatus);
  },

  async connect(channel, webhookUrl) {
    const account = await call(channel, 'get_account_info', {});
    if (account.status !== 0) throw invalidField('authToken', `Viber refused this token (${account.status_message ?? account.status})`);
    const hook = await call(channel, 'set_webhook', {
      url: webhookUrl,
      event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'],
      send_name: true,
    });
    if (hook.status !== 0) throw invalidField('authToken', `Viber did not take the webhook (${hook.status_message ?? hook.status})`);
    return { externalId: String(account.id), settings: { accountName: account.name ?? null, uri: account.uri ?? null } };
  },

  async disconnect(channel) {
    await call(channel, 'set_webhook', { url: '' });
  },
};
