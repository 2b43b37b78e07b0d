// Telegram channels: updates verified by the secret token we registered with setWebhook, stored once, and
// replies through the Bot API stand-in (tests/support/channel-suite.ts).
import { LOCAL_TELEGRAM_TOKEN } from '../../dev/channel-providers/telegram.js';
import { providerSuite } from '../support/channel-suite.js';

const SECRET = 'test-webhook-secret_0123456789';

providerSuite({
  type: 'telegram',
  credentials: { botToken: LOCAL_TELEGRAM_TOKEN, webhookSecret: SECRET },
  senderId: (n) => String(800000000 + n),
  recipientOf: (senderId) => senderId,
  delivery: (sender, messageId, text) => {
    const user = { id: Number(sender.id), is_bot: false, first_name: sender.name };
    const numericId = Number(messageId.replace(/\D/g, '').slice(0, 12)) || 1;
    return JSON.stringify({
      update_id: numericId,
      message: { message_id: `${messageId}`.length && hash(messageId), from: user, chat: { ...user, type: 'private' }, date: 1, text },
    });
  },
  sign: () => ({ 'X-Telegram-Bot-Api-Secret-Token': SECRET }),
  wrong: () => ({ 'X-Telegram-Bot-Api-Secret-Token': 'not-the-secret' }),
});

/** Telegram message ids are numbers: a stable one per test message id. */
function hash(value: string): number {
  let h = 7;
  for (const ch of value) h = (h * 31 + ch.charCodeAt(0)) % 2_000_000_000;
  return h;
}
