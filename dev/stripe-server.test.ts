// The local Stripe stand-in, driven by the real `stripe` SDK through its host/port/protocol options: test
// cards, refunds, Idempotency-Key, hosted Checkout (payment and subscription), the Billing Portal, and
// webhooks signed so that the SDK's own constructEvent accepts them, retried and resent.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from './server.js';
import { STAND_INS, startServices } from './services.js';
import { LOCAL_STRIPE, signatureHeader, startStripeServer, type StripeEvent, type StripeServer } from './stripe-server.js';

let server: StripeServer;
let stripe: Stripe;

const sdk = (s: StripeServer, key: string = LOCAL_STRIPE.secretKey) => new Stripe(key, { host: s.host, port: s.port, protocol: 'http', maxNetworkRetries: 0 });

beforeAll(async () => {
  server = await startStripeServer();
  stripe = sdk(server);
});

afterAll(async () => {
  await server?.close();
});

/** The types of the events about these objects, oldest first. */
function eventsAbout(s: StripeServer, ...ids: (string | null | undefined)[]): string[] {
  return s
    .events()
    .filter((r) => ids.includes(r.objectId))
    .map((r) => r.type);
}

/** Submits a page's form as a browser would, without following the redirect. */
function post(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

interface Delivery {
  path: string;
  body: string;
  headers: IncomingHttpHeaders;
}

/** A local webhook endpoint that keeps every delivery and answers with `status(n)` for the n-th (1-based). */
async function startReceiver(status: (n: number) => number = () => 200) {
  const received: Delivery[] = [];
  const waiters: (() => void)[] = [];
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.statusCode = status(received.length);
      res.end('ok');
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/api/webhooks/stripe`,
    received,
    async until(check: () => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out; received ${received.length} deliveries`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
  };
}

describe('PaymentIntents with the test cards', () => {
  it('pm_card_visa succeeds with a charge, and each change is an event', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      metadata: { orderId: 'ord_1' },
      automatic_payment_methods: { enabled: true },
    });
    expect(created).toMatchObject({
      object: 'payment_intent',
      amount: 2500,
      currency: 'usd',
      status: 'requires_payment_method',
      metadata: { orderId: 'ord_1' },
      livemode: false,
    });
    expect(created.id).toMatch(/^pi_/);
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_\\w+$`));
    expect(created.created).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(created.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });

    const confirmed = await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_visa' });
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 2500, last_payment_error: null, next_action: null });
    expect(confirmed.payment_method).toMatch(/^pm_/);
    expect(confirmed.latest_charge).toMatch(/^ch_/);
    const charge = await stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 2500,
      amount_refunded: 0,
      refunded: false,
      paid: true,
      status: 'succeeded',
      payment_intent: created.id,
    });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });

    const expanded = await stripe.paymentIntents.retrieve(created.id, { expand: ['latest_charge'] });
    expect((expanded.latest_charge as Stripe.Charge).id).toBe(charge.id);
    expect(eventsAbout(server, created.id)).toEqual(['payment_intent.created', 'payment_intent.succeeded']);
    expect(eventsAbout(server, charge.id)).toEqual(['charge.succeeded']);
  });

  it('accepts pm_card_mastercard like Visa, also confirmed at creation', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_mastercard', confirm: true });
    expect(intent.status).toBe('succeeded');
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.payment_method_details?.card?.brand).toBe('mastercard');
  });

  it('pm_card_chargeDeclined raises StripeCardError; the PaymentIntent waits for another card', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', metadata: { orderId: 'ord_2' } });
    const error = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    expect((error as Stripe.errors.StripeCardError).payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });

    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    const failed = await server.waitForEvent('payment_intent.payment_failed', (e) => e.data.object.id === intent.id);
    expect(failed.data.object).toMatchObject({ status: 'requires_payment_method', metadata: { orderId: 'ord_2' } });

    // Another card then succeeds on the same PaymentIntent.
    expect((await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
    expect(eventsAbout(server, intent.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed', 'payment_intent.succeeded']);
  });

  it('pm_card_authenticationRequired needs the local 3-D Secure page, which completes it and returns', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd' });
    const pending = await stripe.paymentIntents.confirm(intent.id, {
      payment_method: 'pm_card_authenticationRequired',
      return_url: 'http://app.test/pay/done',
    });
    expect(pending.status).toBe('requires_action');
    expect(pending.next_action).toEqual({
      type: 'redirect_to_url',
      redirect_to_url: { url: `${server.url}/3ds/${intent.id}`, return_url: 'http://app.test/pay/done' },
    });

    const challenge = await fetch(pending.next_action!.redirect_to_url!.url!);
    expect(challenge.status).toBe(200);
    const page = await challenge.text();
    expect(page).toContain('>Complete authentication</button>');
    expect(page).toContain('>Fail authentication</button>');
    expect(page).toContain('$42.00');

    const answer = await post(`${server.url}/3ds/${intent.id}`, { result: 'complete' });
    expect(answer.status).toBe(303);
    const back = new URL(answer.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe('http://app.test/pay/done');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      payment_intent: intent.id,
      payment_intent_client_secret: intent.client_secret,
      redirect_status: 'succeeded',
    });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
    expect(eventsAbout(server, intent.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.succeeded']);
  });

  it('a failed 3-D Secure authentication leaves the payment waiting for a card, with payment_failed', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(intent.status).toBe('requires_action');
    const answer = await post(`${server.url}/3ds/${intent.id}`, { result: 'fail' });
    expect(answer.status).toBe(200); // no return_url: the page says how it went
    expect(await answer.text()).toContain('Authentication failed');
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({
      status: 'requires_payment_method',
      next_action: null,
      last_payment_error: { code: 'payment_intent_authentication_failure' },
    });
    expect(eventsAbout(server, intent.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.payment_failed']);
    // The page of a payment that needs no authentication now changes nothing.
    expect((await post(`${server.url}/3ds/${intent.id}`, { result: 'complete' })).status).toBe(409);
  });

  it('refuses an unknown payment method, a missing amount, and confirming twice; cancels', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    const unknown = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_nonsense' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(unknown).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method' });

    const noAmount = await stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams).catch((e: unknown) => e);
    expect(noAmount).toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_missing', param: 'amount' });
    const missingPi = await stripe.paymentIntents.retrieve('pi_doesnotexist').catch((e: unknown) => e);
    expect(missingPi).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' });

    const updated = await stripe.paymentIntents.update(intent.id, { metadata: { orderId: 'ord_3', note: 'x' } });
    expect(updated.metadata).toEqual({ orderId: 'ord_3', note: 'x' });
    expect((await stripe.paymentIntents.update(intent.id, { metadata: { note: '' } })).metadata).toEqual({ orderId: 'ord_3' });

    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    const again = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }).catch((e: unknown) => e);
    expect(again).toMatchObject({ type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
    expect(eventsAbout(server, intent.id)).toEqual(['payment_intent.created', 'payment_intent.canceled']);
  });
});

describe('Refunds', () => {
  it('refunds part, refuses more than remains, then refunds the rest; the charge follows', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 500, reason: 'requested_by_customer', metadata: { by: 'agent' } });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 500,
      status: 'succeeded',
      payment_intent: intent.id,
      charge: intent.latest_charge,
      reason: 'requested_by_customer',
      metadata: { by: 'agent' },
    });
    expect(partial.id).toMatch(/^re_/);
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({ amount_refunded: 500, refunded: false });

    const tooMuch = await stripe.refunds.create({ payment_intent: intent.id, amount: 1600 }).catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large' });

    const rest = await stripe.refunds.create({ charge: intent.latest_charge as string });
    expect(rest.amount).toBe(1500);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount: 2000, amount_refunded: 2000, refunded: true });
    expect(charge.refunds!.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
    expect((await stripe.refunds.retrieve(partial.id)).amount).toBe(500);

    const none = await stripe.refunds.create({ payment_intent: intent.id }).catch((e: unknown) => e);
    expect(none).toMatchObject({ type: 'StripeInvalidRequestError', code: 'charge_already_refunded' });

    expect(eventsAbout(server, charge.id)).toEqual(['charge.succeeded', 'charge.refunded', 'charge.refunded']);
    const refunded = (await server.waitForEvent('charge.refunded', (e) => e.data.object.id === charge.id && e.data.object.refunded === true)).data.object;
    expect(refunded).toMatchObject({ payment_intent: intent.id, amount: 2000, amount_refunded: 2000, refunded: true });
    expect((refunded.refunds as { data: unknown[] }).data).toHaveLength(2);
    expect(eventsAbout(server, partial.id, rest.id)).toEqual(['refund.created', 'refund.created']);
  });

  it('refuses a refund of a payment that has not succeeded', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const error = await stripe.refunds.create({ payment_intent: intent.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400 });
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored answer for the same key and body, with no second effect', async () => {
    const key = `order-${Date.now()}-attempt-1`;
    const params = { amount: 3100, currency: 'usd', metadata: { orderId: 'ord_idem' } };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: key });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const created = server.events().filter((r) => r.type === 'payment_intent.created' && r.event.data.object.metadata !== undefined);
    expect(created.filter((r) => (r.event.data.object.metadata as Record<string, string>).orderId === 'ord_idem')).toHaveLength(1);
    const listed = await stripe.paymentIntents.list({ limit: 100 });
    expect(listed.data.filter((pi) => pi.metadata.orderId === 'ord_idem')).toHaveLength(1);
    // The event carries the key of the request that caused it.
    expect(created.find((r) => r.objectId === first.id)!.event.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: key });
  });

  it('replays a declined card as the same error, and refuses the key with another body', async () => {
    const key = `decline-${Date.now()}`;
    const params = { amount: 1200, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true };
    const attempt = () =>
      stripe.paymentIntents.create(params, { idempotencyKey: key }).then(
        () => expect.unreachable('the card is declined'),
        (e: unknown) => e as Stripe.errors.StripeCardError,
      );
    const first = await attempt();
    const second = await attempt();
    expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second.payment_intent!.id).toBe(first.payment_intent!.id);
    expect(second.headers!['idempotent-replayed']).toBe('true');
    expect(eventsAbout(server, first.payment_intent!.id)).toEqual(['payment_intent.created', 'payment_intent.payment_failed']);

    const mismatch = await stripe.paymentIntents.create({ ...params, amount: 1300 }, { idempotencyKey: key }).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(mismatch).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
  });
});

describe('Customers', () => {
  it('creates, retrieves, updates and lists by email', async () => {
    const email = `ada-${Date.now()}@example.com`;
    const customer = await stripe.customers.create({ email, name: 'Ada', metadata: { workspaceId: 'ws_1' } });
    expect(customer).toMatchObject({ object: 'customer', email, name: 'Ada', metadata: { workspaceId: 'ws_1' }, livemode: false });
    expect(customer.id).toMatch(/^cus_/);
    const updated = await stripe.customers.update(customer.id, { name: 'Ada Lovelace' });
    expect(updated.name).toBe('Ada Lovelace');
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ name: 'Ada Lovelace', email });
    expect((await stripe.customers.list({ email })).data.map((c) => c.id)).toEqual([customer.id]);
    const changed = await server.waitForEvent('customer.updated', (e) => e.data.object.id === customer.id);
    expect(changed.data.previous_attributes).toEqual({ name: 'Ada' });
  });
});

describe('Checkout', () => {
  it('payment mode: the hosted page takes a declined card, then Visa, and returns to success_url', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 1250, product_data: { name: 'Espresso beans' } }, quantity: 2 },
        { price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'Grinder brush' } }, quantity: 1 },
      ],
      payment_intent_data: { metadata: { orderId: 'ord_checkout' } },
      metadata: { orderId: 'ord_checkout' },
      customer_email: 'buyer@example.com',
      success_url: 'http://app.test/orders/ord_checkout?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/orders/ord_checkout',
      expand: ['line_items'],
    });
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 3000,
      currency: 'usd',
      payment_intent: null,
      metadata: { orderId: 'ord_checkout' },
      url: `${server.url}/checkout/${session.id}`,
    });
    expect(session.id).toMatch(/^cs_/);
    expect(session.line_items!.data.map((li) => [li.description, li.quantity, li.amount_total])).toEqual([
      ['Espresso beans', 2, 2500],
      ['Grinder brush', 1, 500],
    ]);

    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Espresso beans');
    expect(page).toContain('$30.00');
    expect(page).toContain('<legend style="font-weight:600;padding:0 4px">Test card</legend>');
    expect(page).toMatch(/<label for="email"[^>]*>Email<\/label>/);
    expect(page).toContain('value="buyer@example.com"');
    expect(page).toContain('>Pay</button>');
    expect(page).toContain('href="http://app.test/orders/ord_checkout"');

    const declined = await post(session.url!, { email: 'buyer@example.com', payment_method: 'pm_card_chargeDeclined' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toMatch(/<p role="alert"[^>]*>Your card was declined\./);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    const paid = await post(session.url!, { email: 'buyer@example.com', payment_method: 'pm_card_visa' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://app.test/orders/ord_checkout?session=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null, customer_details: { email: 'buyer@example.com' } });
    const intent = done.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: 'succeeded', amount: 3000, metadata: { orderId: 'ord_checkout' } });
    expect(eventsAbout(server, intent.id, session.id)).toEqual([
      'payment_intent.created',
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const completed = await server.waitForEvent('checkout.session.completed', (e) => e.data.object.id === session.id);
    expect(completed.data.object).toMatchObject({ payment_intent: intent.id, payment_status: 'paid', metadata: { orderId: 'ord_checkout' } });

    // The page of a paid session leads to success_url again.
    const revisit = await fetch(session.url!.replace(/\/checkout\/.*/, `/checkout/${session.id}`), { redirect: 'manual' });
    expect(revisit.status).toBe(303);
  });

  it('payment mode with 3-D Secure: the page sends the buyer through the challenge and back', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 990, product_data: { name: 'Filter papers' } }, quantity: 1 }],
      success_url: 'http://app.test/thanks?cs={CHECKOUT_SESSION_ID}',
    });
    const paying = await post(session.url!, { email: 'three@example.com', payment_method: 'pm_card_authenticationRequired' });
    expect(paying.status).toBe(303);
    const challenge = paying.headers.get('location')!;
    expect(challenge).toMatch(new RegExp(`^${server.url}/3ds/pi_`));
    const authenticated = await post(challenge, { result: 'complete' });
    expect(authenticated.status).toBe(303);
    const back = authenticated.headers.get('location')!;
    expect(back.startsWith(`${server.url}/checkout/${session.id}?`)).toBe(true);
    const onward = await fetch(back, { redirect: 'manual' });
    expect(onward.status).toBe(303);
    expect(onward.headers.get('location')).toBe(`http://app.test/thanks?cs=${session.id}`);
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
  });

  it('asks again for a missing email, and expires an open session', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'Sticker' } }, quantity: 3 }],
      success_url: 'http://app.test/ok',
    });
    const noEmail = await post(session.url!, { email: '', payment_method: 'pm_card_visa' });
    expect(noEmail.status).toBe(400);
    expect(await noEmail.text()).toContain('role="alert"');
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    expect((await fetch(`${server.url}/checkout/${session.id}`)).status).toBe(410);
    expect(eventsAbout(server, session.id)).toEqual(['checkout.session.expired']);
  });

  it('subscription mode: the Pro price becomes an active subscription with a paid invoice', async () => {
    const customer = await stripe.customers.create({ email: 'owner@example.com', metadata: { workspaceId: 'ws_pro' } });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: LOCAL_STRIPE.proPriceId, quantity: 1 }],
      subscription_data: { metadata: { workspaceId: 'ws_pro' } },
      metadata: { workspaceId: 'ws_pro' },
      success_url: 'http://app.test/settings/billing?checkout=done',
    });
    expect(session).toMatchObject({ mode: 'subscription', amount_total: 1900, currency: 'usd', subscription: null, customer: customer.id });
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Switchboard Pro');
    expect(page).toContain('$19.00');
    expect(page).toContain('value="owner@example.com"');

    const paid = await post(session.url!, { email: 'owner@example.com', payment_method: 'pm_card_visa' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('http://app.test/settings/billing?checkout=done');

    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', payment_intent: null });
    const subscription = await stripe.subscriptions.retrieve(done.subscription as string);
    expect(subscription).toMatchObject({
      object: 'subscription',
      status: 'active',
      customer: customer.id,
      cancel_at_period_end: false,
      metadata: { workspaceId: 'ws_pro' },
    });
    const item = subscription.items.data[0]!;
    expect(item.price).toMatchObject({ id: LOCAL_STRIPE.proPriceId, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } });
    const periodEnd = (subscription as unknown as { current_period_end: number }).current_period_end;
    expect(Math.abs(periodEnd - (Date.now() / 1000 + 30 * 24 * 3600))).toBeLessThan(120);
    expect(item.current_period_end).toBe(periodEnd);
    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string);
    expect(invoice).toMatchObject({
      status: 'paid',
      amount_paid: 1900,
      customer: customer.id,
      parent: { subscription_details: { subscription: subscription.id } },
    });

    const types = server
      .events()
      .filter((r) => [subscription.id, invoice.id, session.id].includes(r.objectId))
      .map((r) => r.type);
    expect(types).toEqual(['customer.subscription.created', 'invoice.paid', 'checkout.session.completed']);
    const completed = await server.waitForEvent('checkout.session.completed', (e) => e.data.object.id === session.id);
    expect(completed.data.object).toMatchObject({ subscription: subscription.id, customer: customer.id, mode: 'subscription' });
  });

  it('subscription mode without a customer creates one from the email; any other price id is 10.00 USD a month', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: 'price_team_local', quantity: 2 }],
      success_url: 'http://app.test/ok',
    });
    expect(session.amount_total).toBe(2000);
    expect((await post(session.url!, { email: 'new-owner@example.com', payment_method: 'pm_card_visa' })).status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['customer', 'subscription'] });
    expect(done.customer).toMatchObject({ object: 'customer', email: 'new-owner@example.com' });
    expect(done.subscription).toMatchObject({ status: 'active', items: { data: [{ quantity: 2, price: { id: 'price_team_local', unit_amount: 1000 } }] } });
  });
});

describe('Subscriptions and the Billing Portal', () => {
  async function subscribedCustomer() {
    const customer = await stripe.customers.create({ email: `portal-${Date.now()}@example.com` });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: LOCAL_STRIPE.proPriceId }],
      metadata: { workspaceId: 'ws_portal' },
    });
    return { customer, subscription };
  }

  it('the portal cancels at period end, resumes, and cancels now, each with its event', async () => {
    const { customer, subscription } = await subscribedCustomer();
    expect(subscription.status).toBe('active');
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://app.test/settings/billing' });
    expect(portal).toMatchObject({
      object: 'billing_portal.session',
      customer: customer.id,
      return_url: 'http://app.test/settings/billing',
      url: `${server.url}/portal/${portal.id}`,
    });
    expect(portal.id).toMatch(/^bps_/);

    const page = await (await fetch(portal.url)).text();
    expect(page).toContain('Switchboard Pro');
    expect(page).toContain('>Cancel at period end</button>');
    expect(page).toContain('>Cancel now</button>');
    expect(page).toContain('<a href="http://app.test/settings/billing"');
    const action = (name: string) => post(`${portal.url}/subscriptions/${subscription.id}/${name}`, {});

    expect((await action('cancel-at-period-end')).headers.get('location')).toBe(`/portal/${portal.id}`);
    let now = await stripe.subscriptions.retrieve(subscription.id);
    expect(now).toMatchObject({ status: 'active', cancel_at_period_end: true });
    expect(await (await fetch(portal.url)).text()).toContain('>Resume</button>');
    const updated = await server.waitForEvent('customer.subscription.updated', (e) => e.data.object.id === subscription.id);
    expect(updated.data.object.cancel_at_period_end).toBe(true);
    expect(updated.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });

    await action('resume');
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
    await action('cancel');
    now = await stripe.subscriptions.retrieve(subscription.id);
    expect(now).toMatchObject({ status: 'canceled' });
    expect(eventsAbout(server, subscription.id)).toEqual([
      'customer.subscription.created',
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
    const deleted = await server.waitForEvent('customer.subscription.deleted', (e) => e.data.object.id === subscription.id);
    expect(deleted.data.object).toMatchObject({ status: 'canceled', metadata: { workspaceId: 'ws_portal' } });
    expect(await (await fetch(portal.url)).text()).not.toContain('>Cancel now</button>');
  });

  it('the API updates and cancels subscriptions too', async () => {
    const { subscription } = await subscribedCustomer();
    const updated = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(updated.cancel_at_period_end).toBe(true);
    const swapped = await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, price: 'price_other_local' }] });
    expect(swapped.items.data.map((i) => i.price.id)).toEqual(['price_other_local']);
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect(eventsAbout(server, subscription.id).slice(-3)).toEqual([
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
    const again = await stripe.subscriptions.cancel(subscription.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe('authentication', () => {
  it('answers a wrong or missing API key with 401, which the SDK raises as StripeAuthenticationError', async () => {
    const wrong = await sdk(server, 'sk_test_someone_else')
      .customers.create({ email: 'x@example.com' })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(wrong).toMatchObject({ statusCode: 401 });
    const none = await fetch(`${server.url}/v1/customers`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { type: 'invalid_request_error', message: expect.stringContaining('You did not provide an API key') } });
  });
});

describe('webhooks', () => {
  it('signs each delivery so that the SDK accepts it with the webhook secret and rejects it with another', async () => {
    const receiver = await startReceiver();
    const own = await startStripeServer({ webhookUrl: receiver.url });
    try {
      const customer = await sdk(own).customers.create({ email: 'hook@example.com' });
      await receiver.until(() => receiver.received.length >= 1);
      const [delivery] = receiver.received;
      expect(delivery!.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(delivery!.headers['user-agent']).toMatch(/^Stripe\/1\.0/);
      const header = delivery!.headers['stripe-signature'] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = stripe.webhooks.constructEvent(delivery!.body, header, LOCAL_STRIPE.webhookSecret);
      expect(event).toMatchObject({ object: 'event', type: 'customer.created', livemode: false, pending_webhooks: 1, api_version: expect.any(String) });
      expect(event.id).toMatch(/^evt_/);
      expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
      expect(() => stripe.webhooks.constructEvent(delivery!.body, header, 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
      expect(header).toBe(signatureHeader(delivery!.body, LOCAL_STRIPE.webhookSecret, Number(/t=(\d+)/.exec(header)![1])));
      await expect.poll(() => own.events()[0]!.state).toBe('delivered');
      expect(own.events()[0]!.attempts).toEqual([expect.objectContaining({ url: receiver.url, status: 200, manual: false })]);
    } finally {
      await own.close();
      await receiver.close();
    }
  });

  it('delivers in creation order', async () => {
    const receiver = await startReceiver();
    const own = await startStripeServer({ webhookUrl: receiver.url });
    try {
      const client = sdk(own);
      const intent = await client.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
      await client.refunds.create({ payment_intent: intent.id, amount: 1000 });
      const created = own.events().map((r) => r.id);
      expect(own.events().map((r) => r.type)).toEqual([
        'payment_intent.created',
        'charge.succeeded',
        'payment_intent.succeeded',
        'charge.refunded',
        'refund.created',
      ]);
      await receiver.until(() => receiver.received.length >= created.length);
      expect(receiver.received.map((d) => (JSON.parse(d.body) as StripeEvent).id)).toEqual(created);
    } finally {
      await own.close();
      await receiver.close();
    }
  });

  it('retries after non-2xx answers: 500, 500, then 200 makes three attempts', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    const own = await startStripeServer({ webhookUrl: receiver.url, retryDelaysMs: [20, 40, 80] });
    try {
      await sdk(own).customers.create({ email: 'retry@example.com' });
      await receiver.until(() => receiver.received.length >= 3);
      await expect.poll(() => own.events()[0]!.state).toBe('delivered');
      const [record] = own.events();
      expect(record!.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
      expect(new Set(receiver.received.map((d) => (JSON.parse(d.body) as StripeEvent).id))).toEqual(new Set([record!.id]));
      // Each attempt is signed afresh and verifies.
      for (const d of receiver.received) stripe.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, LOCAL_STRIPE.webhookSecret);
    } finally {
      await own.close();
      await receiver.close();
    }
  });

  it('records network errors, gives up after the last delay, and Resend delivers again', async () => {
    const receiver = await startReceiver();
    const own = await startStripeServer({ webhookUrl: 'http://127.0.0.1:9/unreachable', retryDelaysMs: [10] });
    try {
      await sdk(own).customers.create({ email: 'down@example.com' });
      await expect.poll(() => own.events()[0]!.state).toBe('failed');
      const [record] = own.events();
      expect(record!.attempts).toHaveLength(2);
      expect(record!.attempts[0]).toMatchObject({ error: expect.any(String) });
      expect(record!.attempts[0]!.status).toBeUndefined();

      own.setWebhookUrl(receiver.url);
      const resent = await fetch(`${own.url}/_dev/stripe/events/${record!.id}/resend`, { method: 'POST', redirect: 'manual' });
      expect(resent.status).toBe(303);
      expect(resent.headers.get('location')).toBe('/_dev/stripe');
      await receiver.until(() => receiver.received.length >= 1);
      expect((JSON.parse(receiver.received[0]!.body) as StripeEvent).id).toBe(record!.id);
      await expect.poll(() => own.events()[0]!.state).toBe('delivered');
      expect(own.events()[0]!.attempts.at(-1)).toMatchObject({ status: 200, manual: true });

      // Again, once delivered.
      await fetch(`${own.url}/_dev/stripe/events/${record!.id}/resend`, { method: 'POST', redirect: 'manual' });
      await receiver.until(() => receiver.received.length >= 2);
      expect((await fetch(`${own.url}/_dev/stripe/events/evt_nope/resend`, { method: 'POST' })).status).toBe(404);
    } finally {
      await own.close();
      await receiver.close();
    }
  });

  it('only records events while no webhook URL is set', async () => {
    const own = await startStripeServer({ webhookUrl: null });
    try {
      await sdk(own).customers.create({ email: 'quiet@example.com' });
      expect(own.events()[0]).toMatchObject({ type: 'customer.created', state: 'not_sent', attempts: [] });
      expect(own.events()[0]!.event.pending_webhooks).toBe(0);
      expect((await fetch(`${own.url}/_dev/stripe/events/${own.events()[0]!.id}/resend`, { method: 'POST' })).status).toBe(409);
    } finally {
      await own.close();
    }
  });
});

describe('/_dev/stripe', () => {
  it('lists the events newest first as HTML and JSON, also through the local runtime', async () => {
    const receiver = await startReceiver();
    const own = await startStripeServer({ webhookUrl: receiver.url });
    const previous = process.env.DEV_STRIPE_URL;
    process.env.DEV_STRIPE_URL = own.url;
    const runtime = await startLocalRuntime({ root: path.resolve(import.meta.dirname, '..'), spa: 'api', host: '127.0.0.1', port: 0 });
    try {
      const first = await sdk(own).customers.create({ email: 'first@example.com' });
      const second = await sdk(own).customers.create({ email: 'second@example.com' });
      await receiver.until(() => receiver.received.length >= 2);
      await expect.poll(() => own.events().every((r) => r.state === 'delivered')).toBe(true);

      const json = (await (await fetch(`${runtime.url}/_dev/stripe.json`)).json()) as {
        webhookUrl: string;
        events: { objectId: string; type: string; state: string }[];
      };
      expect(json.webhookUrl).toBe(receiver.url);
      expect(json.events.map((e) => [e.type, e.objectId, e.state])).toEqual([
        ['customer.created', second.id, 'delivered'],
        ['customer.created', first.id, 'delivered'],
      ]);

      const page = await fetch(`${runtime.url}/_dev/stripe`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const body = await page.text();
      expect(body.indexOf(second.id)).toBeLessThan(body.indexOf(first.id));
      expect(body).toContain(`action="/_dev/stripe/events/${own.events()[0]!.id}/resend"`);
      expect(body).toContain('>Resend</button>');
      expect(body).toContain('Delivered');

      const resent = await fetch(`${runtime.url}/_dev/stripe/events/${own.events()[0]!.id}/resend`, { method: 'POST', redirect: 'manual' });
      expect(resent.status).toBe(303);
      expect(resent.headers.get('location')).toBe('/_dev/stripe');
      await receiver.until(() => receiver.received.length >= 3);

      delete process.env.DEV_STRIPE_URL;
      const missing = await fetch(`${runtime.url}/_dev/stripe`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toMatch(/^The local Stripe stand-in is not running \(DEV_STRIPE_URL is not set\)/);
    } finally {
      await runtime.close();
      if (previous === undefined) delete process.env.DEV_STRIPE_URL;
      else process.env.DEV_STRIPE_URL = previous;
      await own.close();
      await receiver.close();
    }
  });
});

describe('the stripe stand-in of npm run services', () => {
  const standIn = STAND_INS.find((s) => s.name === 'stripe')!;

  it('is skipped when STRIPE_SECRET_KEY names a Stripe account', () => {
    expect(standIn.skipReason({ STRIPE_SECRET_KEY: 'sk_test_real' })).toMatch(/STRIPE_SECRET_KEY/);
    expect(standIn.skipReason({})).toBeNull();
  });

  it("exports the variables that reach it, and sends webhooks to the app's /api/webhooks/stripe", async () => {
    const receiver = await startReceiver();
    const services = await startServices({ env: { APP_URL: receiver.origin }, ports: 'ephemeral', envFile: null, standIns: [standIn], log: () => {} });
    try {
      const vars = services.env;
      expect(vars).toEqual({
        STRIPE_SECRET_KEY: LOCAL_STRIPE.secretKey,
        STRIPE_WEBHOOK_SECRET: LOCAL_STRIPE.webhookSecret,
        STRIPE_API_URL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        STRIPE_PRO_PRICE_ID: LOCAL_STRIPE.proPriceId,
        DEV_STRIPE_URL: vars.STRIPE_API_URL,
      });
      const api = new URL(vars.STRIPE_API_URL!);
      const client = new Stripe(vars.STRIPE_SECRET_KEY!, { host: api.hostname, port: Number(api.port), protocol: 'http', maxNetworkRetries: 0 });
      expect((await client.prices.retrieve(vars.STRIPE_PRO_PRICE_ID!)).unit_amount).toBe(1900);
      await client.customers.create({ email: 'services@example.com' });
      await receiver.until(() => receiver.received.length >= 1);
      expect(receiver.received[0]!.path).toBe('/api/webhooks/stripe');
      stripe.webhooks.constructEvent(receiver.received[0]!.body, receiver.received[0]!.headers['stripe-signature'] as string, vars.STRIPE_WEBHOOK_SECRET!);
    } finally {
      await services.close();
      await receiver.close();
    }
  });
});
