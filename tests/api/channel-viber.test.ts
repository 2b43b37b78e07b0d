// Viber channels: callbacks signed with the bot's auth token (hex HMAC-SHA256 of the raw body), message tokens
// kept exact past 2^53, stored once, and replies through the REST bot API stand-in (tests/support/channel-suite.ts).
import { LOCAL_VIBER_TOKEN, viberSignature } from '../../dev/channel-providers/viber.js';
import { providerSuite } from '../support/channel-suite.js';

/** A stable 64-bit message token per test message id, written bare as Viber does. */
function token(messageId: string): bigint {
  let h = 5491869018034094000n;
  for (const ch of messageId) h = (h * 31n + BigInt(ch.charCodeAt(0))) % 9000000000000000000n;
  return h + 1000000000000000000n;
}

providerSuite({
  type: 'viber',
  credentials: { authToken: LOCAL_VIBER_TOKEN },
  senderId: (n) => `01234567890A${n}BCDEF==`,
  recipientOf: (senderId) => senderId,
  delivery: (sender, messageId, text) =>
    JSON.stringify({
      event: 'message',
      timestamp: 1457764197627,
      message_token: '__T__',
      sender: { id: sender.id, name: sender.name, language: 'en', country: 'GB', api_version: 10 },
      message: { type: 'text', text },
      silent: false,
    }).replace('"message_token":"__T__"', `"message_token":${token(messageId)}`),
  sign: (body) => ({ 'X-Viber-Content-Signature': viberSignature(body, LOCAL_VIBER_TOKEN) }),
  wrong: (body) => ({ 'X-Viber-Content-Signature': viberSignature(body, 'another-bot-token') }),
});
