// The Stripe webhook: signatures over the raw body, each event once, and order independence (a payment's
// events delivered in any order, any number of times, end in the same state).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { LOCAL_STRIPE, signatureHeader } from '../../dev/stripe-server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let w: string;
let productId: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
  productId = (await api.post(`${w}/products`, { sku: 'WH-1', name: 'Webhook mug', price: 1000 }, { token: team.admin.token })).body.id;
});
afterAll(() => app.close());

let eventCounter = 0;
const now = () => Math.floor(Date.now() / 1000);

function event(type: string, object: Record<string, unknown>, created = now()) {
  return { id: `evt_test_${Date.now()}_${++eventCounter}`, object: 'event', api_version: '2025-01-01', created, type, livemode: false, data: { object } };
}

function deliver(body: unknown, { secret = LOCAL_STRIPE.webhookSecret, timestamp }: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(body);
  return api.request('POST', '/api/webhooks/stripe', {
    raw: payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(payload, secret, timestamp) },
  });
}

async function openPayment() {
  const order = await api.post(`${w}/orders`, { items: [{ productId, quantity: 1 }] }, { token: team.agent.token });
  const payment = await api.post(`${w}/payments/intent`, { orderId: order.body.id }, { token: team.agent.token });
  expect(payment.status).toBe(201);
  return { orderId: order.body.id as string, paymentId: payment.body.id as string, intentId: payment.body.stripePaymentIntentId as string };
}

const intent = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  object: 'payment_intent',
  amount: 1000,
  currency: 'usd',
  status,
  metadata: {},
  last_payment_error: null,
  next_action: null,
  ...extra,
});
const charge = (intentId: string, refunded: number) => ({
  id: `ch_${intentId}`,
  object: 'charge',
  amount: 1000,
  currency: 'usd',
  payment_intent: intentId,
  amount_refunded: refunded,
  refunded: refunded >= 1000,
  metadata: {},
});

async function stored(id: string) {
  const result = (await app.database.db.execute(sql`select count(*)::int as n from stripe_events where id = ${id}`)) as unknown as { rows: { n: number }[] };
  return result.rows[0]!.n;
}

describe('the Stripe webhook', () => {
  it('refuses a missing, wrong or stale signature with 400 and stores nothing', async () => {
    const { intentId, orderId } = await openPayment();
    const body = event('payment_intent.succeeded', intent(intentId, 'succeeded'));
    const payload = JSON.stringify(body);
    const missing = await api.request('POST', '/api/webhooks/stripe', { raw: payload, headers: { 'content-type': 'application/json' } });
    expect(missing.status).toBe(400);
    expect((await deliver(body, { secret: 'whsec_wrong' })).status).toBe(400);
    expect((await deliver(body, { timestamp: now() - 600 })).status).toBe(400);
    // A body changed after signing.
    const signed = signatureHeader(payload, LOCAL_STRIPE.webhookSecret);
    const tampered = await api.request('POST', '/api/webhooks/stripe', {
      raw: payload.replace('"succeeded"', '"canceled"'),
      headers: { 'content-type': 'application/json', 'stripe-signature': signed },
    });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.message).toMatch(/signature/i);
    expect(await stored(body.id)).toBe(0);
    expect((await api.get(`${w}/orders/${orderId}`, { token: team.viewer.token })).body.paymentStatus).toBe('unpaid');
  });

  it('takes effect once for the same event delivered 5 times, one after another and at once', async () => {
    const { intentId, orderId } = await openPayment();
    const body = event('payment_intent.succeeded', intent(intentId, 'succeeded'));
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await deliver(body));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.duplicate)).toEqual([false, true, true, true, true]);
    const refund = event('charge.refunded', charge(intentId, 400));
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => deliver(refund)));
    expect(concurrent.every((a) => a.status === 200)).toBe(true);
    expect(concurrent.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await stored(body.id)).toBe(1);
    const order = (await api.get(`${w}/orders/${orderId}`, { token: team.viewer.token })).body;
    expect(order).toMatchObject({ paymentStatus: 'partially_refunded', amountPaid: 1000, amountRefunded: 400 });
    const timeline = (await api.get(`${w}/orders/${orderId}/payments`, { token: team.viewer.token })).body;
    expect(timeline.events.filter((e: { id: string }) => e.id === body.id)).toHaveLength(1);
  });

  it('answers 200 to events it does not handle and to intents that are not ours', async () => {
    expect((await deliver(event('customer.created', { id: 'cus_x', object: 'customer' }))).status).toBe(200);
    expect((await deliver(event('payment_intent.succeeded', intent('pi_not_ours', 'succeeded')))).status).toBe(200);
  });

  it('ends in the same state whatever order a payment’s events arrive in (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 3 }), async (seed, repeats) => {
        const { intentId, orderId, paymentId } = await openPayment();
        const t = now() - 100;
        const life = [
          event(
            'payment_intent.requires_action',
            intent(intentId, 'requires_action', { next_action: { type: 'redirect_to_url', redirect_to_url: { url: 'https://example.test/3ds' } } }),
            t,
          ),
          event(
            'payment_intent.payment_failed',
            intent(intentId, 'requires_payment_method', { last_payment_error: { message: 'Your card was declined.' } }),
            t + 1,
          ),
          event('payment_intent.processing', intent(intentId, 'processing'), t + 2),
          event('payment_intent.succeeded', intent(intentId, 'succeeded'), t + 3),
          event('charge.refunded', charge(intentId, 300), t + 4),
          event('charge.refunded', charge(intentId, 1000), t + 5),
        ];
        // A shuffle from the seed, with some events delivered more than once.
        const deliveries = life.flatMap((e, i) => Array.from({ length: i % 2 === 0 ? repeats : 1 }, () => e));
        let state = seed;
        for (let i = deliveries.length - 1; i > 0; i--) {
          state = (state * 1103515245 + 12345) % 2 ** 31;
          const j = state % (i + 1);
          [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
        }
        for (const d of deliveries) expect((await deliver(d)).status).toBe(200);
        const payment = (await api.get(`${w}/payments/${paymentId}`, { token: team.viewer.token })).body;
        expect(payment).toMatchObject({ status: 'succeeded', amountRefunded: 1000, nextActionUrl: null, lastError: null });
        const order = (await api.get(`${w}/orders/${orderId}`, { token: team.viewer.token })).body;
        expect(order).toMatchObject({ paymentStatus: 'refunded', amountPaid: 1000, amountRefunded: 1000 });
      }),
      { numRuns: 25 },
    );
  });
});
