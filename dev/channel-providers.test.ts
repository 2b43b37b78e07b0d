// The channel-provider stand-ins speak each provider's API: tokens they were not told about get the provider's
// own error, sends are recorded, failures can be queued, and the simulator's deliveries are signed so the
// app's adapters accept them.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelProviders, type ChannelProviders } from './channel-providers/server.js';
import { LOCAL_TELEGRAM_TOKEN } from './channel-providers/telegram.js';
import { LOCAL_VIBER_TOKEN, viberSignature } from './channel-providers/viber.js';

let providers: ChannelProviders;
let received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const app = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ url: req.url ?? '', headers: req.headers, body });
    res.end('{}');
  });
});
let appUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  providers = await startChannelProviders({ port: 0, appUrl, tiktokClientSecret: 'secret' });
});
afterAll(async () => {
  await providers.close();
  app.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(providers.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the Telegram stand-in', () => {
  it('refuses an unknown token as Telegram does and records sent messages', async () => {
    const bad = await post('/telegram/bot123:nope/getMe', {});
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const me = await (await post(`/telegram/bot${LOCAL_TELEGRAM_TOKEN}/getMe`, {})).json();
    expect(me).toMatchObject({ ok: true, result: { is_bot: true, id: 7000000001 } });
    const sent = await (await post(`/telegram/bot${LOCAL_TELEGRAM_TOKEN}/sendMessage`, { chat_id: 42, text: 'Hi there' })).json();
    expect(sent).toMatchObject({ ok: true, result: { message_id: expect.any(Number), text: 'Hi there' } });
    expect(providers.sent()).toContainEqual(expect.objectContaining({ provider: 'telegram', recipient: '42', text: 'Hi there' }));
  });

  it('answers one queued server error, then succeeds', async () => {
    providers.failNext('telegram', { kind: 'transient' });
    expect((await post(`/telegram/bot${LOCAL_TELEGRAM_TOKEN}/sendMessage`, { chat_id: 42, text: 'x' })).status).toBe(500);
    expect((await post(`/telegram/bot${LOCAL_TELEGRAM_TOKEN}/sendMessage`, { chat_id: 42, text: 'x' })).status).toBe(200);
  });

  it('posts a simulated customer message with the registered secret token', async () => {
    const webhookUrl = `${appUrl}/api/webhooks/telegram/11111111-1111-4111-8111-111111111111`;
    await post(`/telegram/bot${LOCAL_TELEGRAM_TOKEN}/setWebhook`, { url: webhookUrl, secret_token: 'sekret' });
    expect(providers.channels()).toContainEqual(expect.objectContaining({ provider: 'telegram', channelId: '11111111-1111-4111-8111-111111111111' }));
    received = [];
    expect(await providers.simulate('11111111-1111-4111-8111-111111111111', { id: 'c1', name: 'Ada Lovelace' }, 'Hello')).toBe(200);
    expect(received[0]!.headers['x-telegram-bot-api-secret-token']).toBe('sekret');
    expect(JSON.parse(received[0]!.body)).toMatchObject({ message: { text: 'Hello', chat: { type: 'private', first_name: 'Ada' } } });
  });
});

describe('the Viber stand-in', () => {
  it('answers invalidAuthToken for an unknown token and signs simulated callbacks with the auth token', async () => {
    expect(await (await post('/viber/pa/get_account_info', {}, { 'X-Viber-Auth-Token': 'unknown' })).json()).toEqual({
      status: 2,
      status_message: 'invalidAuthToken',
    });
    const webhookUrl = `${appUrl}/api/webhooks/viber/22222222-2222-4222-8222-222222222222`;
    await post('/viber/pa/set_webhook', { url: webhookUrl }, { 'X-Viber-Auth-Token': LOCAL_VIBER_TOKEN });
    received = [];
    await providers.simulate('22222222-2222-4222-8222-222222222222', { id: 'v1', name: 'Vi' }, 'Viber hello');
    const { body, headers } = received[0]!;
    expect(headers['x-viber-content-signature']).toBe(viberSignature(body, LOCAL_VIBER_TOKEN));
    expect(body).toMatch(/"message_token":\d{19}/);
  });

  it('writes message tokens past 2^53 bare', async () => {
    const text = await (
      await post('/viber/pa/send_message', { receiver: 'v1', type: 'text', text: 'Yo', sender: { name: 'Shop' } }, { 'X-Viber-Auth-Token': LOCAL_VIBER_TOKEN })
    ).text();
    const token = /"message_token":(\d+)/.exec(text)![1]!;
    expect(BigInt(token) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(providers.sent().at(-1)).toMatchObject({ provider: 'viber', messageId: token, text: 'Yo' });
  });
});

describe('the TikTok stand-in and the simulator', () => {
  it('answers a permanent refusal with a non-zero code', async () => {
    providers.failNext('tiktok', { kind: 'permanent', reason: 'blocked' });
    const answer = await post(
      '/tiktok/open_api/v1.3/business/message/send/',
      { business_id: 'b', recipient_type: 'CONVERSATION', recipient: 'c', message_type: 'TEXT', text: { body: 'x' } },
      { 'Access-Token': 't' },
    );
    expect(await answer.json()).toMatchObject({ code: 40006, message: 'blocked' });
  });

  it('serves the simulator page and its JSON', async () => {
    const page = await fetch(`${providers.url}/_dev/channels`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Channel simulator');
    const state = (await (await fetch(`${providers.url}/_dev/channels.json`)).json()) as { channels: unknown[]; sent: unknown[] };
    expect(state.channels.length).toBeGreaterThanOrEqual(2);
    expect(state.sent.length).toBeGreaterThan(0);
  });
});
