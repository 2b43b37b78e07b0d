// Viber REST bot API stand-in: `{prefix}/pa/<method>` with the bot's token in X-Viber-Auth-Token, answering
// HTTP 200 with `{ status, status_message }` (0 / ok, 2 / invalidAuthToken, 6 / receiverNotSubscribed, …) as
// Viber does. Knows set_webhook, get_account_info and send_message; message tokens are 64-bit numbers written
// bare in the JSON, as Viber writes them. Callbacks are signed: X-Viber-Content-Signature is the hex
// HMAC-SHA256 of the body with the auth token.
import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { channelIdOf, json, type KnownChannel, type ProviderStandIn, type StandInState } from './server.js';

/** An auth token the stand-in knows from the start (use it to connect a Viber channel locally). */
export const LOCAL_VIBER_TOKEN = '4a1c0ffee0000001-local0viber0bot1-0000000000000001';

export const viberSignature = (body: string, token: string) => createHmac('sha256', token).update(body).digest('hex');

interface Account {
  id: string;
  name: string;
  uri: string;
}

/** Writes JSON with the message token as a bare 64-bit integer, as Viber does. */
function rawJson(res: ServerResponse, body: Record<string, unknown>, bareToken?: bigint): void {
  let text = JSON.stringify(body);
  if (bareToken !== undefined) text = text.replace('"message_token":"__TOKEN__"', `"message_token":${bareToken}`);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

export function viberStandIn(): ProviderStandIn {
  const accounts = new Map<string, Account>();
  const webhooks = new Map<string, string>();
  // Above 2^53, so a client that parses it as a float loses digits.
  let nextToken = 5491869018034094000n;
  const addToken = (token: string, account: Record<string, unknown> = {}) => {
    const n = accounts.size + 1;
    accounts.set(token, {
      id: String(account.id ?? `pa:${5000000000000000000n + BigInt(n)}`),
      name: String(account.name ?? 'Local Viber bot'),
      uri: String(account.uri ?? `localviberbot${n}`),
    });
  };
  const init = () => {
    accounts.clear();
    webhooks.clear();
    addToken(LOCAL_VIBER_TOKEN, { name: 'Switchboard local', uri: 'switchboardlocal' });
  };
  init();

  return {
    name: 'viber',
    prefix: '/viber',
    addToken,
    reset: init,
    async handle(req, res, path, body, state) {
      const method = /^\/pa\/(\w+)$/.exec(path)?.[1];
      if (!method) return json(res, 404, { status: 1, status_message: 'invalidUrl' });
      const token = String(req.headers['x-viber-auth-token'] ?? '');
      const account = accounts.get(token);
      if (!account) return json(res, 200, { status: 2, status_message: 'invalidAuthToken' });
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
      } catch {
        return json(res, 200, { status: 3, status_message: 'badData' });
      }
      switch (method) {
        case 'set_webhook': {
          const url = String(input.url ?? '');
          if (!url) webhooks.delete(token);
          else {
            // As Viber does: the URL is called with a signed `webhook` event and must answer 200 before it is set.
            const probe = JSON.stringify({ event: 'webhook', timestamp: Date.now(), chat_hostname: 'SN-CHAT-01_', message_token: 5491869018034094000 });
            const status = await state.post(url, probe, { 'X-Viber-Content-Signature': viberSignature(probe, token) }).catch(() => 0);
            if (status !== 200) return json(res, 200, { status: 1, status_message: `Result[HttpRequest[POST ${url}] Failed with status: ${status}]` });
            webhooks.set(token, url);
          }
          return json(res, 200, {
            status: 0,
            status_message: 'ok',
            event_types: input.event_types ?? ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'],
          });
        }
        case 'get_account_info':
          return json(res, 200, {
            status: 0,
            status_message: 'ok',
            id: account.id,
            name: account.name,
            uri: account.uri,
            webhook: webhooks.get(token) ?? '',
            subscribers_count: 0,
          });
        case 'send_message': {
          const receiver = String(input.receiver ?? '');
          const text = String(input.text ?? '');
          const sender = input.sender as { name?: string } | undefined;
          if (!receiver || !sender?.name) return json(res, 200, { status: 4, status_message: 'missingData' });
          if (input.type !== 'text' || !text) return json(res, 200, { status: 3, status_message: 'badData' });
          if (!webhooks.has(token)) return json(res, 200, { status: 10, status_message: 'webhookNotSet' });
          const failure = state.takeFailure('viber');
          if (failure?.kind === 'transient') return json(res, 500, { status: 500, status_message: 'internal error' });
          if (failure?.kind === 'permanent') return json(res, 200, { status: 6, status_message: failure.reason ?? 'receiverNotSubscribed' });
          const messageToken = ++nextToken;
          state.record({ provider: 'viber', messageId: String(messageToken), recipient: receiver, text, account: account.id });
          return rawJson(res, { status: 0, status_message: 'ok', message_token: '__TOKEN__', chat_hostname: 'SN-CHAT-01_' }, messageToken);
        }
        default:
          return json(res, 200, { status: 1, status_message: 'invalidUrl' });
      }
    },
    channels(): KnownChannel[] {
      return [...webhooks.entries()].map(([token, url]) => ({
        provider: 'viber',
        channelId: channelIdOf(url),
        webhookUrl: url,
        label: `Viber ${accounts.get(token)?.name ?? 'bot'}`,
      }));
    },
    async simulate(state: StandInState, channel, from, text, file) {
      const token = [...webhooks.entries()].find(([, url]) => url === channel.webhookUrl)?.[0];
      if (!token) throw new Error('That Viber channel has no webhook');
      const messageToken = ++nextToken;
      const body = JSON.stringify({
        event: 'message',
        timestamp: Date.now(),
        chat_hostname: 'SN-CHAT-01_',
        message_token: '__TOKEN__',
        sender: { id: from.id, name: from.name, language: 'en', country: 'GB', api_version: 10 },
        // A file arrives as Viber sends one: a picture or a file with its public `media` URL.
        message: file
          ? file.contentType.startsWith('image/')
            ? { type: 'picture', text, media: file.url, thumbnail: file.url }
            : { type: 'file', media: file.url, file_name: file.name, size: file.bytes.length }
          : { type: 'text', text },
        silent: false,
      }).replace('"message_token":"__TOKEN__"', `"message_token":${messageToken}`);
      return state.post(channel.webhookUrl, body, { 'X-Viber-Content-Signature': viberSignature(body, token) });
    },
  };
}
