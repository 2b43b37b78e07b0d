import { createHash } from 'node:crypto';
// Telegram Bot API stand-in: `{prefix}/bot<token>/<method>` with JSON or form bodies, answering
// `{ ok: true, result }` or `{ ok: false, error_code, description }` as Telegram does. Knows getMe, setWebhook
// (with secret_token), deleteWebhook, getWebhookInfo and sendMessage; deliveries carry the secret token in
// X-Telegram-Bot-Api-Secret-Token. A simulated customer's file arrives as a `photo` (images) or a `document`;
// getFile names its `file_path`, served at `{prefix}/file/bot<token>/<file_path>` as Telegram's file server does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { channelIdOf, json, type KeptFile, type KnownChannel, type ProviderStandIn, type StandInState } from './server.js';
import { DEMO_TELEGRAM_BOT_TOKEN } from '../../db/seed-channels.js';

/** A bot token the stand-in knows from the start (use it to connect a Telegram channel locally). */
/** The bot token the stand-in knows from the start: the demo workspace's bot (db/seed-channels.ts). */
export const LOCAL_TELEGRAM_TOKEN = DEMO_TELEGRAM_BOT_TOKEN;

interface Bot {
  id: number;
  username: string;
  first_name: string;
}

function bodyOf(req: IncomingMessage, body: Buffer, url: URL): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json') && body.length > 0) return JSON.parse(body.toString()) as Record<string, unknown>;
  const form = new URLSearchParams(type.includes('application/x-www-form-urlencoded') ? body.toString() : '');
  return { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(form) };
}

const error = (res: ServerResponse, code: number, description: string) => json(res, code, { ok: false, error_code: code, description });

export function telegramStandIn(): ProviderStandIn {
  const bots = new Map<string, Bot>();
  const webhooks = new Map<string, { url: string; secret: string | null }>();
  const nextMessageId = new Map<string, number>();
  const chatIds = new Map<string, number>();
  let updateId = 1000;
  /** Telegram's file ids of the files customers sent: the kept file and its file_path. */
  const fileIds = new Map<string, { file: KeptFile; path: string; token: string }>();
  const addToken = (token: string, account: Record<string, unknown> = {}) => {
    const id = Number(token.split(':')[0]) || 7000000000 + bots.size + 2;
    bots.set(token, { id, username: String(account.username ?? `local_bot_${id}`), first_name: String(account.first_name ?? 'Local bot') });
  };
  const init = () => {
    bots.clear();
    webhooks.clear();
    fileIds.clear();
    addToken(LOCAL_TELEGRAM_TOKEN, { username: 'switchboard_local_bot', first_name: 'Switchboard local bot' });
  };
  init();
  // A simulated sender's chat id is derived from their name in the simulator, so it stays theirs across restarts.
  const chatIdOf = (sender: string) => {
    if (/^\d+$/.test(sender)) return Number(sender);
    if (!chatIds.has(sender))
      chatIds.set(sender, 500_000_000 + (Number.parseInt(createHash('sha256').update(sender).digest('hex').slice(0, 8), 16) % 400_000_000));
    return chatIds.get(sender)!;
  };

  return {
    name: 'telegram',
    prefix: '/telegram',
    addToken,
    reset: init,
    async handle(req, res, path, body, state) {
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
      if (download) {
        const [, token, filePath] = download as unknown as [string, string, string];
        if (!bots.has(token)) return error(res, 401, 'Unauthorized');
        const known = [...fileIds.values()].find((f) => f.token === token && f.path === decodeURIComponent(filePath));
        if (!known) return error(res, 404, 'Not Found');
        // Telegram's file server names no type of its own for documents.
        res.writeHead(200, {
          'content-type': known.path.startsWith('photos/') ? known.file.contentType : 'application/octet-stream',
          'content-length': String(known.file.bytes.length),
        });
        return void res.end(known.file.bytes);
      }
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(path);
      if (!match) return error(res, 404, 'Not Found');
      const [, token, method] = match as unknown as [string, string, string];
      const bot = bots.get(token);
      if (!bot) return error(res, 401, 'Unauthorized');
      const input = bodyOf(req, body, new URL(req.url ?? '/', 'http://localhost'));
      switch (method) {
        case 'getMe':
          return json(res, 200, { ok: true, result: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username } });
        case 'setWebhook': {
          const url = String(input.url ?? '');
          if (!url) {
            webhooks.delete(token);
            return json(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
          }
          const secret = input.secret_token ? String(input.secret_token) : null;
          if (secret && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return error(res, 400, 'Bad Request: secret token contains unallowed characters');
          webhooks.set(token, { url, secret });
          return json(res, 200, { ok: true, result: true, description: 'Webhook was set' });
        }
        case 'getFile': {
          const known = fileIds.get(String(input.file_id ?? ''));
          if (!known || known.token !== token) return error(res, 400, 'Bad Request: invalid file_id');
          return json(res, 200, {
            ok: true,
            result: { file_id: String(input.file_id), file_unique_id: known.file.id.slice(0, 16), file_size: known.file.bytes.length, file_path: known.path },
          });
        }
        case 'deleteWebhook':
          webhooks.delete(token);
          return json(res, 200, { ok: true, result: true, description: 'Webhook was deleted' });
        case 'getWebhookInfo':
          return json(res, 200, { ok: true, result: { url: webhooks.get(token)?.url ?? '', has_custom_certificate: false, pending_update_count: 0 } });
        case 'sendMessage': {
          const chatId = String(input.chat_id ?? '');
          const text = String(input.text ?? '');
          if (!chatId) return error(res, 400, 'Bad Request: chat_id is empty');
          if (!text) return error(res, 400, 'Bad Request: message text is empty');
          const failure = state.takeFailure('telegram');
          if (failure?.kind === 'transient') return error(res, 500, 'Internal Server Error');
          if (failure?.kind === 'permanent') return error(res, 403, failure.reason ?? 'Forbidden: bot was blocked by the user');
          const messageId = (nextMessageId.get(chatId) ?? 100) + 1;
          nextMessageId.set(chatId, messageId);
          state.record({ provider: 'telegram', messageId: String(messageId), recipient: chatId, text, account: String(bot.id) });
          return json(res, 200, {
            ok: true,
            result: {
              message_id: messageId,
              from: { id: bot.id, is_bot: true, first_name: bot.first_name },
              chat: { id: Number(chatId), type: 'private' },
              date: Math.floor(Date.now() / 1000),
              text,
            },
          });
        }
        default:
          return error(res, 404, 'Not Found: method not found');
      }
    },
    channels(): KnownChannel[] {
      return [...webhooks.entries()].map(([token, hook]) => ({
        provider: 'telegram',
        channelId: channelIdOf(hook.url),
        webhookUrl: hook.url,
        label: `Telegram @${bots.get(token)?.username ?? 'bot'}`,
      }));
    },
    recipientOf: (sender) => String(chatIdOf(sender)),
    async simulate(state: StandInState, channel, from, text, file) {
      const entry = [...webhooks.entries()].find(([, hook]) => hook.url === channel.webhookUrl);
      if (!entry) throw new Error('That Telegram channel has no webhook');
      const [token, hook] = entry;
      const chatId = chatIdOf(from.id);
      const messageId = (nextMessageId.get(String(chatId)) ?? 100) + 1;
      nextMessageId.set(String(chatId), messageId);
      const [first, ...rest] = from.name.split(' ');
      const user = { id: chatId, is_bot: false, first_name: first || 'Customer', ...(rest.length ? { last_name: rest.join(' ') } : {}) };
      const message: Record<string, unknown> = { message_id: messageId, from: user, chat: { ...user, type: 'private' }, date: Math.floor(Date.now() / 1000) };
      if (file) {
        const fileId = `AgAC${file.id}`;
        const photo = file.contentType.startsWith('image/') && file.contentType !== 'image/svg+xml';
        const extension = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.')) : '';
        fileIds.set(fileId, { file, token, path: photo ? `photos/file_${fileIds.size}${extension || '.jpg'}` : `documents/file_${fileIds.size}${extension}` });
        if (photo) message.photo = [{ file_id: fileId, file_unique_id: file.id.slice(0, 16), file_size: file.bytes.length, width: 24, height: 24 }];
        else
          message.document = {
            file_id: fileId,
            file_unique_id: file.id.slice(0, 16),
            file_name: file.name,
            mime_type: file.contentType,
            file_size: file.bytes.length,
          };
        if (text) message.caption = text;
      } else message.text = text;
      const update = { update_id: ++updateId, message };
      return state.post(hook.url, JSON.stringify(update), hook.secret ? { 'X-Telegram-Bot-Api-Secret-Token': hook.secret } : {});
    },
  };
}
