// TikTok Business Messaging stand-in: `{prefix}/open_api/v1.3/business/message/send/` with the business's
// access token in Access-Token, answering HTTP 200 with `{ code, message, request_id, data }` (code 0 for
// success; 40001 for an unknown token, 40002 for a bad request, 40100 when rate limited) as TikTok's Business
// API does. Deliveries (`im_receive_msg`) are signed with the app's client secret: TikTok-Signature
// `t=<unix seconds>,s=<hex HMAC-SHA256 of "t.body">`. TikTok's webhook goes to a URL configured for the app,
// not registered per account, so the channels it can write to are named to it (`addChannel`, or the simulator's
// "TikTok channel id" field).
import { createHmac, randomUUID } from 'node:crypto';
import { LOCAL_TIKTOK_OPEN_ID } from '../oauth-server.js';
import { json, type KnownChannel, type ProviderStandIn, type StandInState } from './server.js';

export const tiktokSignatureHeader = (body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) =>
  `t=${timestamp},s=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export interface TikTokStandIn extends ProviderStandIn {
  /** A channel the simulator may write to: the app's webhook URL for it. */
  addChannel(webhookUrl: string, label?: string): void;
}

export function tiktokStandIn(clientSecret: string): TikTokStandIn {
  // Until a token is named to it (addToken), any non-empty token passes (the OAuth stand-in issues them);
  // after that only the named ones do, and any other gets TikTok's invalid-token answer.
  const revoked = new Set<string>();
  const known = new Set<string>();
  const channels = new Map<string, KnownChannel>();
  let counter = 0;
  const requestId = () => `${Date.now()}${++counter}`;
  return {
    name: 'tiktok',
    prefix: '/tiktok',
    addToken: (token) => void known.add(token),
    reset() {
      revoked.clear();
      known.clear();
      channels.clear();
    },
    addChannel(webhookUrl, label) {
      const channelId = new URL(webhookUrl).pathname.split('/').filter(Boolean).pop()!;
      channels.set(channelId, { provider: 'tiktok', channelId, webhookUrl, label: label ?? `TikTok ${channelId.slice(0, 8)}` });
    },
    async handle(req, res, path, body, state) {
      if (path !== '/open_api/v1.3/business/message/send/' && path !== '/open_api/v1.3/business/message/send') {
        return json(res, 404, { code: 40404, message: 'Not found', request_id: requestId(), data: {} });
      }
      const token = String(req.headers['access-token'] ?? '');
      if (!token || revoked.has(token) || (known.size > 0 && !known.has(token)))
        return json(res, 200, { code: 40001, message: 'Access token is invalid or expired', request_id: requestId(), data: {} });
      let input: { business_id?: string; recipient_type?: string; recipient?: string; message_type?: string; text?: { body?: string } };
      try {
        input = JSON.parse(body.toString() || '{}') as typeof input;
      } catch {
        return json(res, 200, { code: 40002, message: 'Invalid JSON', request_id: requestId(), data: {} });
      }
      if (!input.business_id || input.recipient_type !== 'CONVERSATION' || !input.recipient || input.message_type !== 'TEXT' || !input.text?.body) {
        return json(res, 200, {
          code: 40002,
          message: 'Invalid parameters: business_id, recipient_type CONVERSATION, recipient and text.body are required',
          request_id: requestId(),
          data: {},
        });
      }
      const failure = state.takeFailure('tiktok');
      if (failure?.kind === 'transient') return json(res, 500, { code: 50000, message: 'Internal error', request_id: requestId(), data: {} });
      if (failure?.kind === 'permanent')
        return json(res, 200, {
          code: 40006,
          message: failure.reason ?? 'The recipient can no longer receive messages from this business',
          request_id: requestId(),
          data: {},
        });
      const messageId = `msg_${randomUUID().replace(/-/g, '')}`;
      state.record({ provider: 'tiktok', messageId, recipient: input.recipient, text: input.text.body, account: input.business_id });
      return json(res, 200, { code: 0, message: 'OK', request_id: requestId(), data: { message: { message_id: messageId } } });
    },
    channels: () => [...channels.values()],
    async simulate(state: StandInState, channel, from, text, file) {
      const body = JSON.stringify({
        client_key: 'local-tiktok-client-key',
        event: 'im_receive_msg',
        create_time: Math.floor(Date.now() / 1000),
        // The business the local authorization server connects (dev/oauth-server.ts).
        user_openid: LOCAL_TIKTOK_OPEN_ID,
        content: JSON.stringify({
          conversation_id: `conv_${from.id}`,
          message_id: `msg_${randomUUID().replace(/-/g, '')}`,
          timestamp: Date.now(),
          ...(file
            ? { type: 'image', image: { media_id: file.id, url: file.url, mime_type: file.contentType, file_size: file.bytes.length } }
            : { type: 'text', text: { body: text } }),
          from: from.name,
          from_user: { id: from.id },
          to: 'local-business',
          to_user: { id: 'local-business' },
        }),
      });
      return state.post(channel.webhookUrl, body, { 'TikTok-Signature': tiktokSignatureHeader(body, clientSecret) });
    },
  };
}
