// The provider suite's cases for Meta's channels (tests/api/channel-{meta,instagram,whatsapp}.test.ts):
// deliveries and receipts as Meta writes them, signed with the local app secret.
import { createHmac } from 'node:crypto';
import { LOCAL_META, localMetaAccount, metaDeliveryBody, type MetaChannelType } from '../../dev/channel-providers/meta.js';
import type { ProviderCase } from './channel-suite.js';

const sign = (body: string, secret: string) => ({ 'X-Hub-Signature-256': 'sha256=' + createHmac('sha256', secret).update(body).digest('hex') });

export function metaCase(type: MetaChannelType): ProviderCase {
  const account = localMetaAccount(type);
  return {
    type,
    // Messenger and Instagram send with the page token; WhatsApp with the business token (a JWT after OAuth).
    credentials: { accessToken: type === 'whatsapp' ? 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2NhbCJ9.c2lnbmF0dXJl' : LOCAL_META.page.accessToken },
    externalId: account,
    senderId: (n) => (type === 'whatsapp' ? `4915100${String(n).padStart(5, '0')}` : `${type === 'instagram' ? 17 : 24}${String(n).padStart(13, '0')}`),
    recipientOf: (senderId) => senderId,
    // Messenger and Instagram deliveries carry no name: the app names the sender by the end of their id.
    ...(type === 'whatsapp' ? {} : { nameOf: (sender: { id: string }) => `${type === 'instagram' ? 'Instagram' : 'Messenger'} user ${sender.id.slice(-4)}` }),
    delivery: (sender, messageId, text) =>
      JSON.stringify(metaDeliveryBody(type, account, { kind: 'message', from: sender.id, name: sender.name, text, messageId })),
    receipt: (messageId, recipient, status, error) =>
      JSON.stringify(
        metaDeliveryBody(type, account, { kind: 'status', messageId, recipient, status, ...(error ? { error: { code: 131026, title: error } } : {}) }),
      ),
    failedReceipts: type === 'whatsapp',
    sign: (body) => sign(body, LOCAL_META.appSecret),
    wrong: (body) => sign(body, 'another-app-secret'),
    handshake: {
      challenge: '1158201444',
      query: (right) =>
        new URLSearchParams({
          'hub.mode': 'subscribe',
          'hub.verify_token': right ? LOCAL_META.verifyToken : 'guess',
          'hub.challenge': '1158201444',
        }).toString(),
    },
  };
}
