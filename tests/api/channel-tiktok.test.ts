// TikTok channels: deliveries signed with the app's client secret (TikTok-Signature t=…,s=HMAC-SHA256 of
// "t.body"), stored once, and replies through the Business Messaging API stand-in (tests/support/channel-suite.ts).
import { tiktokSignatureHeader } from '../../dev/channel-providers/tiktok.js';
import { providerSuite } from '../support/channel-suite.js';
import { TEST_TIKTOK_SECRET } from '../support/channels.js';

providerSuite({
  type: 'tiktok',
  credentials: { accessToken: 'act.test-business-token' },
  externalId: 'biz-local-1',
  senderId: (n) => `user${n}`,
  recipientOf: (senderId) => `conv_${senderId}`,
  delivery: (sender, messageId, text) =>
    JSON.stringify({
      client_key: 'test-client-key',
      event: 'im_receive_msg',
      create_time: Math.floor(Date.now() / 1000),
      user_openid: 'biz-local-1',
      content: JSON.stringify({
        conversation_id: `conv_${sender.id}`,
        message_id: messageId,
        timestamp: Date.now(),
        type: 'text',
        text: { body: text },
        from: sender.name,
        from_user: { id: sender.id },
      }),
    }),
  sign: (body) => ({ 'TikTok-Signature': tiktokSignatureHeader(body, TEST_TIKTOK_SECRET) }),
  wrong: (body) => ({ 'TikTok-Signature': tiktokSignatureHeader(body, 'another-secret') }),
});
