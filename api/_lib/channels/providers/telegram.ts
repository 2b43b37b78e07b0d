// Telegram Bot API. Deliveries carry `X-Telegram-Bot-Api-Secret-Token`, the secret we registered with
// setWebhook (credentials.webhookSecret), compared in constant time. A customer is a chat (its id is where
// replies go); a message's id is unique within its chat, so ours is `{chat id}:{message id}`. Telegram sends
// no delivery receipts: a message it accepted is sent, and that is final. A photo, document, voice message,
// video or audio file is fetched with `getFile` and `{TELEGRAM_API_URL}/file/bot{token}/{file_path}` (at most
// 20 MB: Telegram serves no larger file to a bot) and stored with the message.
import { invalidField } from '../../http/errors.js';
import { serverEnv } from '../../env.js';
import { credential, DownloadError, downloadBytes, header, isTransientStatus, missingSignature, postJson, safeEqual, wrongSignature } from './shared.js';
import { ProviderSendError, type InboundAttachment, type InboundMessage, type LoadedChannel, type ProviderAdapter } from './types.js';

export interface TelegramCredentials {
  botToken: string;
  webhookSecret: string;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

interface TelegramUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
}
interface TelegramFile {
  file_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}
interface TelegramMessage {
  message_id: number;
  from?: TelegramUser;
  chat: { id: number; type: string; first_name?: string; last_name?: string; username?: string; title?: string };
  text?: string;
  caption?: string;
  photo?: { file_id: string; file_size?: number; width?: number; height?: number }[];
  document?: TelegramFile;
  voice?: TelegramFile;
  video?: TelegramFile;
  audio?: TelegramFile;
  sticker?: { emoji?: string };
  location?: { latitude: number; longitude: number };
}

const botUrl = (channel: LoadedChannel, method: string) =>
  `${serverEnv().channels.telegram.apiUrl}/bot${credential(channel.credentials, 'botToken')}/${method}`;

function displayName(user: TelegramUser | TelegramMessage['chat']): string {
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return full || (user.username ? `@${user.username}` : 'Telegram user');
}

/** What a message says besides its files: its text or caption, and a note of what cannot be stored. */
function contentOf(message: TelegramMessage): string {
  const notes: string[] = [];
  if (message.sticker) notes.push(message.sticker.emoji ? `[Sticker ${message.sticker.emoji}]` : '[Sticker]');
  if (message.location) notes.push(`[Location ${message.location.latitude}, ${message.location.longitude}]`);
  return [message.text ?? message.caption ?? '', ...notes].filter(Boolean).join('\n');
}

const fileOf = (file: TelegramFile, label: string, fallbackType: string | null = null): InboundAttachment => ({
  ref: file.file_id,
  name: file.file_name ?? null,
  contentType: file.mime_type ?? fallbackType,
  size: file.file_size ?? null,
  label,
});

/** The files a message carries (of a photo, its largest size). */
function filesOf(message: TelegramMessage): InboundAttachment[] {
  const files: InboundAttachment[] = [];
  const photo = message.photo?.at(-1);
  // Telegram sends photos as JPEG; the file server's answer says so.
  if (photo) files.push({ ref: photo.file_id, name: null, contentType: null, size: photo.file_size ?? null, label: '[Photo]' });
  if (message.document) files.push(fileOf(message.document, `[File: ${message.document.file_name ?? 'document'}]`));
  if (message.voice) files.push(fileOf(message.voice, '[Voice message]', 'audio/ogg'));
  if (message.video) files.push(fileOf(message.video, '[Video]', 'video/mp4'));
  if (message.audio) files.push(fileOf(message.audio, `[Audio${message.audio.file_name ? `: ${message.audio.file_name}` : ''}]`));
  return files;
}

interface TelegramAnswer {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
}

async function call(channel: LoadedChannel, method: string, body: unknown): Promise<TelegramAnswer & { status: number }> {
  const { status, body: answer } = await postJson(botUrl(channel, method), body);
  return { status, ...(answer as TelegramAnswer) };
}

export const telegram: ProviderAdapter = {
  verify({ headers }, channel) {
    const given = header(headers, SECRET_HEADER);
    if (!given) throw missingSignature('X-Telegram-Bot-Api-Secret-Token');
    const expected = channel.credentials.webhookSecret;
    if (typeof expected !== 'string' || !safeEqual(given, expected)) throw wrongSignature('X-Telegram-Bot-Api-Secret-Token');
  },

  parse(rawBody) {
    const update = JSON.parse(rawBody.toString('utf8')) as { update_id?: number; message?: TelegramMessage };
    const message = update.message;
    // Edits, channel posts, callbacks and the like are not customer messages.
    if (!message?.chat || message.chat.type !== 'private') return { messages: [], statuses: [] };
    const content = contentOf(message);
    const files = filesOf(message);
    if (!content && files.length === 0) return { messages: [], statuses: [] };
    const inbound: InboundMessage = {
      sender: { externalId: String(message.chat.id), name: displayName(message.from ?? message.chat) },
      externalMessageId: `${message.chat.id}:${message.message_id}`,
      content,
      ...(files.length ? { attachments: files } : {}),
    };
    return { messages: [inbound], statuses: [] };
  },

  async download(channel, file, maxBytes) {
    let answer: TelegramAnswer & { status: number };
    try {
      answer = await call(channel, 'getFile', { file_id: file.ref });
    } catch (err) {
      throw new DownloadError((err as Error).message);
    }
    const path = (answer.result as { file_path?: unknown } | undefined)?.file_path;
    if (!answer.ok || typeof path !== 'string' || !path)
      throw new DownloadError(answer.description ?? `Telegram answered ${answer.error_code ?? answer.status}`);
    const url = `${serverEnv().channels.telegram.apiUrl}/file/bot${credential(channel.credentials, 'botToken')}/${path.split('/').map(encodeURIComponent).join('/')}`;
    const { bytes, contentType } = await downloadBytes(url, {}, maxBytes);
    return { bytes, contentType, name: path.split('/').pop() ?? null };
  },

  async send(channel, recipient, message) {
    const text = [message.content, ...message.attachments.map((a) => `${a.name}: ${a.url}`)].filter(Boolean).join('\n');
    const answer = await call(channel, 'sendMessage', { chat_id: recipient, text });
    if (answer.ok) {
      const id = (answer.result as { message_id?: number } | undefined)?.message_id;
      return { externalMessageId: `${recipient}:${id ?? ''}` };
    }
    const status = answer.error_code ?? answer.status;
    throw new ProviderSendError(!isTransientStatus(status), answer.description ?? `Telegram answered ${status}`, status);
  },

  async connect(channel, webhookUrl) {
    const me = await call(channel, 'getMe', {});
    if (!me.ok) throw invalidField('botToken', `Telegram refused this bot token (${me.description ?? me.error_code ?? me.status})`);
    const bot = me.result as { id: number; username?: string; first_name?: string };
    const hook = await call(channel, 'setWebhook', {
      url: webhookUrl,
      secret_token: credential(channel.credentials, 'webhookSecret'),
      allowed_updates: ['message'],
    });
    if (!hook.ok) throw invalidField('botToken', `Telegram did not take the webhook (${hook.description ?? hook.error_code ?? hook.status})`);
    return { externalId: String(bot.id), settings: { username: bot.username ?? null, botName: bot.first_name ?? null } };
  },

  async disconnect(channel) {
    await call(channel, 'deleteWebhook', {});
  },
};
