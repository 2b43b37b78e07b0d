// TikTok Business Messaging (direct messages to a TikTok business account).
//
// Signature scheme implemented (TikTok for Developers, "Webhooks → Verification"): the `TikTok-Signature`
// header is `t=<unix seconds>,s=<hex>`, where s = HMAC-SHA256(key = the app's client secret
// (TIKTOK_CLIENT_SECRET), message = `${t}.${raw body}`). A missing header is 401; a wrong signature, or a
// timestamp more than 5 minutes from now (a replay), is 403.
//
// A delivery is `{ client_key, event, create_time, user_openid, content }` with `content` a JSON string. A
// customer message is `im_receive_msg`, whose content names the conversation (`conversation_id`), the message
// (`message_id`), the sender (`from_user.id`, `from`) and the text (`text.body`). Replies go to a conversation,
// so the conversation id is the customer's id on the channel. Sending is `POST {TIKTOK_API_URL}/business/message/send/`
// with the business's access token in `Access-Token`; TikTok answers HTTP 200 with `code` 0 for success, and a
// non-zero code otherwise (40100 too many requests and 5xxxx server errors are worth another try).
// An image message (`type: 'image'`) carries `image.url`, fetched with the business's access token and stored
// with the message; one without a URL keeps `[Photo]` in its text.
import { ApiError } from '../../http/errors.js';
import { serverEnv } from '../../env.js';
import { credential, downloadBytes, header, hmacHex, isTransientStatus, missingSignature, postJson, safeEqual, wrongSignature } from './shared.js';
import { ProviderSendError, type ProviderAdapter } from './types.js';

export interface TikTokCredentials {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
}

const SIGNATURE_HEADER = 'tiktok-signature';
const TOLERANCE_SECONDS = 300;
const RATE_LIMITED = 40100;

/** The `TikTok-Signature` value for a body at a time (the stand-in signs its deliveries with this too). */
export function tiktokSignature(rawBody: Buffer | string, clientSecret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},s=${hmacHex(clientSecret, `${timestamp}.${rawBody.toString()}`)}`;
}

interface TikTokContent {
  conversation_id?: string;
  message_id?: string;
  type?: string;
  text?: { body?: string };
  image?: { media_id?: string; url?: string; mime_type?: string; file_size?: number };
  from?: string;
  from_user?: { id?: string };
}

export const tiktok: ProviderAdapter = {
  verify({ headers, rawBody }) {
    const given = header(headers, SIGNATURE_HEADER);
    if (!given) throw missingSignature('TikTok-Signature');
    const secret = serverEnv().channels.tiktok.clientSecret;
    if (!secret) throw new ApiError(503, 'unavailable', 'TikTok deliveries cannot be verified on this deployment: set TIKTOK_CLIENT_SECRET');
    const parts = Object.fromEntries(given.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
    const timestamp = Number(parts.t);
    if (!parts.s || !Number.isInteger(timestamp)) throw wrongSignature('TikTok-Signature');
    if (Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_SECONDS) throw new ApiError(403, 'forbidden', 'TikTok-Signature is too old');
    if (!safeEqual(parts.s.toLowerCase(), hmacHex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), rawBody])))) throw wrongSignature('TikTok-Signature');
  },

  accountIds(rawBody) {
    const openId = (JSON.parse(rawBody.toString('utf8')) as { user_openid?: unknown }).user_openid;
    return typeof openId === 'string' && openId ? [openId] : [];
  },

  parse(rawBody, channel) {
    const delivery = JSON.parse(rawBody.toString('utf8')) as { event?: string; content?: string | TikTokContent; user_openid?: string };
    if (delivery.event !== 'im_receive_msg' || !delivery.content) return { messages: [], statuses: [] };
    // TikTok calls one URL per app: a delivery for another connected business is not this channel's.
    if (channel.externalId && delivery.user_openid && delivery.user_openid !== channel.externalId) return { messages: [], statuses: [] };
    const content = (typeof delivery.content === 'string' ? JSON.parse(delivery.content) : delivery.content) as TikTokContent;
    if (!content.conversation_id) return { messages: [], statuses: [] };
    const text = content.text?.body ?? '';
    const image = content.type === 'image' ? (content.image ?? {}) : null;
    const files = image ? [{ ref: image.url ?? '', name: null, contentType: image.mime_type ?? null, size: image.file_size ?? null, label: '[Photo]' }] : [];
    if (!text && files.length === 0) return { messages: [], statuses: [] };
    return {
      messages: [
        {
          sender: {
            externalId: content.conversation_id,
            name: content.from || (content.from_user?.id ? `TikTok user ${content.from_user.id.slice(-6)}` : 'TikTok user'),
          },
          externalMessageId: content.message_id ?? null,
          content: text,
          ...(files.length ? { attachments: files } : {}),
        },
      ],
      statuses: [],
    };
  },

  async download(channel, file, maxBytes) {
    // The business's token goes only to TikTok's own API host, never to another host a URL names.
    const ownHost = new URL(file.ref).origin === new URL(serverEnv().channels.tiktok.apiUrl).origin;
    const headers: Record<string, string> = ownHost ? { 'Access-Token': credential(channel.credentials, 'accessToken') } : {};
    const { bytes, contentType } = await downloadBytes(file.ref, headers, maxBytes);
    return { bytes, contentType, name: null };
  },

  async send(channel, recipient, message) {
    const text = [message.content, ...message.attachments.map((a) => `${a.name}: ${a.url}`)].filter(Boolean).join('\n');
    const { status, body } = await postJson(
      `${serverEnv().channels.tiktok.apiUrl}/business/message/send/`,
      { business_id: channel.externalId, recipient_type: 'CONVERSATION', recipient, message_type: 'TEXT', text: { body: text } },
      { 'Access-Token': credential(channel.credentials, 'accessToken') },
    );
    const answer = body as { code?: number; message?: string; data?: { message?: { message_id?: string } } };
    if (isTransientStatus(status)) throw new ProviderSendError(false, answer.message ?? `TikTok answered HTTP ${status}`, status);
    const id = answer.data?.message?.message_id;
    if (status < 400 && answer.code === 0 && id) return { externalMessageId: String(id) };
    const code = answer.code ?? status;
    const transient = code === RATE_LIMITED || (code >= 50000 && code < 60000);
    throw new ProviderSendError(!transient, answer.message ?? `TikTok answered code ${code}`, status);
  },
};
