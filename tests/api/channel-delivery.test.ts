// Delivery of channel replies: Viber's receipts move a reply forward only, a reply that keeps failing gives up
// after five tries with the last reason, and Retry sends a failed reply again (409 for any other).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DELIVERY_ATTEMPTS, retryDelaySeconds, sweepDueDeliveries } from '../../api/_lib/channels/deliver.js';
import { messages } from '../../db/schema/inbox.js';
import type { ChannelProviders } from '../../dev/channel-providers/server.js';
import { LOCAL_VIBER_TOKEN, viberSignature } from '../../dev/channel-providers/viber.js';
import type { TestApp } from '../support/app.js';
import { createChannel, eventually, messageRow, sleep, startChannelTestApp } from '../support/channels.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let providers: ChannelProviders;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let channel: { id: string };
let w: string;
let conversationId: string;

beforeAll(async () => {
  ({ app, providers } = await startChannelTestApp());
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
  channel = await createChannel(app, { workspaceId: team.workspace.id, type: 'viber', credentials: { authToken: LOCAL_VIBER_TOKEN } });
  expect(await providers.simulate(channel.id, { id: 'receipt-user', name: 'Receipt User' }, 'Hi')).toBe(200);
  conversationId = await eventually(async () => {
    const [row] = await app.database.db.select({ c: messages.conversationId }).from(messages).where(eq(messages.content, 'Hi'));
    return row?.c;
  });
});
afterAll(() => app.close());

const callback = (body: Record<string, unknown>, token: string) => {
  const raw = JSON.stringify(body).replace('"message_token":"__T__"', `"message_token":${token}`);
  return api.request('POST', `/api/webhooks/viber/${channel.id}`, { raw, headers: { 'X-Viber-Content-Signature': viberSignature(raw, LOCAL_VIBER_TOKEN) } });
};
const receipt = (event: string, token: string, extra: Record<string, unknown> = {}) =>
  callback({ event, timestamp: Date.now(), message_token: '__T__', user_id: 'receipt-user', ...extra }, token);

async function sentReply(text: string) {
  const posted = await api.post(`${w}/conversations/${conversationId}/messages`, { content: text }, { token: team.agent.token });
  const sent = await providers.waitForSent((m) => m.text === text);
  await eventually(async () => (await messageRow(app, posted.body.id))?.deliveryStatus === 'sent');
  return { id: posted.body.id as string, token: sent.messageId };
}

describe('receipts', () => {
  it('move a reply forward only, and the reads carry the delivery', async () => {
    const { id, token } = await sentReply('Track me');
    expect((await receipt('seen', token)).status).toBe(200);
    await eventually(async () => (await messageRow(app, id))?.deliveryStatus === 'read');
    expect((await receipt('delivered', token)).status).toBe(200);
    expect((await receipt('failed', token, { desc: 'too late' })).status).toBe(200);
    await sleep(400);
    expect(await messageRow(app, id)).toMatchObject({ deliveryStatus: 'read', deliveryError: null });
    const thread = await api.get(`${w}/conversations/${conversationId}/messages`, { token: team.viewer.token });
    expect(thread.body.data.find((m: { id: string }) => m.id === id).delivery).toEqual({ status: 'read', error: null });
  });

  it('a failed receipt fails a sent reply with the provider’s reason', async () => {
    const { id, token } = await sentReply('Will bounce');
    await receipt('failed', token, { desc: 'receiver device unavailable' });
    await eventually(async () => (await messageRow(app, id))?.deliveryStatus === 'failed');
    expect((await messageRow(app, id))?.deliveryError).toBe('receiver device unavailable');
  });
});

describe('retries', () => {
  it('waits base × 4^(n−1) between tries', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 30))).toEqual([30, 120, 480, 1920]);
  });

  it('gives up after five tries with the last reason, and Retry sends it again', async () => {
    providers.failNext('viber', { kind: 'transient' }, MAX_DELIVERY_ATTEMPTS);
    const posted = await api.post(`${w}/conversations/${conversationId}/messages`, { content: 'Stubborn' }, { token: team.agent.token });
    const id = posted.body.id as string;
    for (let n = 1; n < MAX_DELIVERY_ATTEMPTS; n++) {
      await eventually(async () => (await messageRow(app, id))?.deliveryAttempts === n, 5000, `try ${n}`);
      // Push the wait into the past rather than sleeping through 0.2 × 4^(n−1) s.
      await app.database.db
        .update(messages)
        .set({ deliveryNextAt: new Date(Date.now() - 1000) })
        .where(eq(messages.id, id));
      await sweepDueDeliveries(app.database.db);
    }
    const failed = await messageRow(app, id);
    expect(failed).toMatchObject({ deliveryStatus: 'failed', deliveryAttempts: MAX_DELIVERY_ATTEMPTS, deliveryNextAt: null });
    expect(failed?.deliveryError).toContain('500');
    expect(providers.sent().filter((m) => m.text === 'Stubborn')).toHaveLength(0);

    const viewer = await api.post(`${w}/conversations/${conversationId}/messages/${id}/retry`, {}, { token: team.viewer.token });
    expect(viewer.status).toBe(403);
    const retried = await api.post(`${w}/conversations/${conversationId}/messages/${id}/retry`, {}, { token: team.agent.token });
    expect(retried.status).toBe(200);
    expect(retried.body.delivery).toEqual({ status: 'pending', error: null });
    await providers.waitForSent((m) => m.text === 'Stubborn');
    await eventually(async () => (await messageRow(app, id))?.deliveryStatus === 'sent');
    const again = await api.post(`${w}/conversations/${conversationId}/messages/${id}/retry`, {}, { token: team.agent.token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');
  });

  it('refuses Retry of a customer message or a note with 409 and of an unknown message with 404', async () => {
    const note = await api.post(`${w}/conversations/${conversationId}/messages`, { content: 'note', private: true }, { token: team.agent.token });
    expect((await api.post(`${w}/conversations/${conversationId}/messages/${note.body.id}/retry`, {}, { token: team.agent.token })).status).toBe(409);
    expect(
      (await api.post(`${w}/conversations/${conversationId}/messages/00000000-0000-4000-8000-000000000000/retry`, {}, { token: team.agent.token })).status,
    ).toBe(404);
  });
});
