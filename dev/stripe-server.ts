// A local stand-in for the Stripe API, for `npm run dev` and the tests (there is no stripe-mock to install,
// and no network): the unmodified `stripe` SDK reaches it through its constructor options
// `new Stripe(secretKey, { host, port, protocol: 'http' })`. It keeps everything in memory and serves:
//   /v1/…                  the API subset Switchboard uses (see dev/stripe-server/state.ts), form-encoded with
//                          bracket notation, Bearer auth, Stripe's error shapes and Idempotency-Key semantics
//   /checkout/{cs}         the hosted Checkout page (test cards: Visa succeeds, Declined, 3-D Secure)
//   /3ds/{pi}              the 3-D Secure challenge ("Complete authentication" / "Fail authentication")
//   /portal/{bps}          the Billing Portal (cancel at period end, resume, cancel now)
//   /_dev/stripe           every event, newest first, with its webhook deliveries and a Resend button
//                          (also as JSON at /_dev/stripe.json; POST /_dev/stripe/events/{id}/resend)
// Every event is POSTed to the webhook URL signed exactly as Stripe signs (`Stripe-Signature: t=…,v1=…`, an
// HMAC-SHA256 of `${t}.${body}` keyed with the webhook secret), in creation order, and retried after a non-2xx
// answer or a network error.
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseForm } from './stripe-server/form.js';
import { CHECKOUT_CARDS, renderCheckoutPage, renderEventsPage, renderMessagePage, renderPortalPage, renderThreeDSecurePage } from './stripe-server/pages.js';
import { API_VERSION, PRO_PRICE, randomId, StripeApiError, StripeState, TEST_CARDS, type StripeEvent, type StripeObject } from './stripe-server/state.js';

export type { StripeEvent, StripeObject };

/** The stand-in's credentials and the Pro plan's price (it is local; these are not secrets). */
export const LOCAL_STRIPE = {
  secretKey: 'sk_test_local_switchboard',
  webhookSecret: 'whsec_local_switchboard',
  proPriceId: PRO_PRICE.id,
} as const satisfies { secretKey: string; webhookSecret: string; proPriceId: string };

export interface StripeServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The API key the SDK must send (Bearer); any other is answered 401 as Stripe does. */
  secretKey?: string;
  /** The `whsec_…` secret deliveries are signed with. */
  webhookSecret?: string;
  /** Where events are POSTed (e.g. http://127.0.0.1:3000/api/webhooks/stripe), null to only record them, or a
   * function asked at each event and attempt (for a target known only later, such as the app's origin). */
  webhookUrl?: string | null | (() => string | null);
  /** Waits between delivery attempts after a non-2xx answer or a network error; one attempt more than delays. */
  retryDelaysMs?: number[];
}

export interface DeliveryAttempt {
  /** ISO 8601. */
  at: string;
  url: string;
  /** The HTTP status answered, or `error` when there was none (refused, timed out, …). */
  status?: number;
  error?: string;
  durationMs: number;
  /** A Resend, not an automatic attempt. */
  manual: boolean;
}

export interface StripeEventRecord {
  id: string;
  type: string;
  /** The id of `data.object`. */
  objectId: string;
  created: number;
  event: StripeEvent;
  /** pending: queued; retrying: waiting for the next attempt; failed: every attempt failed; not_sent: no webhook URL. */
  state: 'pending' | 'retrying' | 'delivered' | 'failed' | 'not_sent';
  attempts: DeliveryAttempt[];
  /** ISO 8601, while retrying. */
  nextAttemptAt: string | null;
}

export interface StripeServer {
  /** `http://127.0.0.1:PORT`: the API origin (STRIPE_API_URL) and the pages' origin (DEV_STRIPE_URL). */
  url: string;
  host: string;
  port: number;
  setWebhookUrl(url: string | null): void;
  /** Where events go now, or null. */
  webhookUrl(): string | null;
  /** Every event created, oldest first, with its delivery attempts. */
  events(): StripeEventRecord[];
  /** The oldest event of the type (that matches) or the next one created; rejects after `timeoutMs` (5 s). */
  waitForEvent(type: string, predicate?: (event: StripeEvent) => boolean, timeoutMs?: number): Promise<StripeEvent>;
  close(): Promise<void>;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000];
const DELIVERY_TIMEOUT_MS = 10_000;
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_BODY_BYTES = 1024 * 1024;

/** The `Stripe-Signature` header Stripe sends with a webhook body. */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The API key of a request: `Authorization: Bearer sk_…`, or Basic with the key as user name (as Stripe accepts). */
function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] || null;
  return null;
}

const mask = (key: string) => (key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : '*'.repeat(key.length));

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `timed out after ${DELIVERY_TIMEOUT_MS / 1000} s`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

export async function startStripeServer(o: StripeServerOptions = {}): Promise<StripeServer> {
  const host = o.host ?? '127.0.0.1';
  const secretKey = o.secretKey ?? LOCAL_STRIPE.secretKey;
  const webhookSecret = o.webhookSecret ?? LOCAL_STRIPE.webhookSecret;
  const retryDelaysMs = o.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let target: string | null | (() => string | null) = o.webhookUrl ?? null;
  const webhookUrl = () => (typeof target === 'function' ? target() : target) || null;
  let origin = '';

  // ----- events and their deliveries ------------------------------------------------------------------------

  const records: StripeEventRecord[] = [];
  const byId = new Map<string, StripeEventRecord>();
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const queue: { record: StripeEventRecord; manual: boolean }[] = [];
  const retryTimers = new Map<string, NodeJS.Timeout>();
  const failures = new Map<string, number>();
  const stopping = new AbortController();
  let pumping = false;
  let closed = false;

  const onEvent = (event: StripeEvent) => {
    const url = webhookUrl();
    event.pending_webhooks = url ? 1 : 0;
    const record: StripeEventRecord = {
      id: event.id,
      type: event.type,
      objectId: event.data.object.id,
      created: event.created,
      event,
      state: url ? 'pending' : 'not_sent',
      attempts: [],
      nextAttemptAt: null,
    };
    records.push(record);
    byId.set(record.id, record);
    arrivals.emit('event', event);
    if (url) enqueue(record, false);
  };

  function enqueue(record: StripeEventRecord, manual: boolean) {
    if (closed) return;
    queue.push({ record, manual });
    void pump();
  }

  // One attempt at a time, in the order queued: first attempts go out in creation order, and a retry waits
  // for its delay without holding back the events behind it.
  async function pump() {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0 && !closed) {
        const { record, manual } = queue.shift()!;
        await attempt(record, manual);
      }
    } finally {
      pumping = false;
    }
  }

  async function attempt(record: StripeEventRecord, manual: boolean) {
    const url = webhookUrl();
    if (!url) {
      if (record.state === 'pending') record.state = 'not_sent';
      return;
    }
    const payload = JSON.stringify(record.event, null, 2);
    const started = Date.now();
    let status: number | undefined;
    let error: string | undefined;
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signatureHeader(payload, webhookSecret),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          accept: '*/*; q=0.5, application/xml',
          'cache-control': 'no-cache',
        },
        body: payload,
        redirect: 'manual', // Stripe counts a redirect as a failed delivery
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      status = answer.status;
      await answer.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = describeError(err);
    }
    if (closed) return;
    record.attempts.push({
      at: new Date(started).toISOString(),
      url,
      ...(status === undefined ? { error } : { status }),
      durationMs: Date.now() - started,
      manual,
    });
    if (status !== undefined && status >= 200 && status < 300) {
      record.state = 'delivered';
      record.nextAttemptAt = null;
      clearTimeout(retryTimers.get(record.id));
      retryTimers.delete(record.id);
      return;
    }
    if (manual) {
      if (record.state !== 'retrying') record.state = record.state === 'delivered' ? 'delivered' : 'failed';
      return;
    }
    const failed = (failures.get(record.id) ?? 0) + 1;
    failures.set(record.id, failed);
    const delay = retryDelaysMs[failed - 1];
    if (delay === undefined) {
      record.state = 'failed';
      record.nextAttemptAt = null;
      return;
    }
    record.state = 'retrying';
    record.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    const timer = setTimeout(() => {
      retryTimers.delete(record.id);
      enqueue(record, false);
    }, delay);
    timer.unref();
    retryTimers.set(record.id, timer);
  }

  function resend(id: string): 'queued' | 'unknown' | 'no_target' {
    const record = byId.get(id);
    if (!record) return 'unknown';
    if (!webhookUrl()) return 'no_target';
    enqueue(record, true);
    return 'queued';
  }

  const state = new StripeState({ origin: () => origin, onEvent });

  // ----- the API ---------------------------------------------------------------------------------------------

  const idempotent = new Map<string, { fingerprint: string; status: number; body: string; requestId: string; at: number }>();

  async function serveApi(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
    const requestId = `req_${randomId(14)}`;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'cache-control': 'no-cache, no-store',
        'request-id': requestId,
        'stripe-version': String(req.headers['stripe-version'] ?? API_VERSION),
        ...headers,
      });
      res.end(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    };
    let body: string;
    try {
      body = method === 'POST' ? await readBody(req) : (req.resume(), '');
    } catch (err) {
      if (err instanceof BodyTooLarge) return send(413, { error: { type: 'invalid_request_error', message: 'The request body is too large.' } });
      throw err;
    }
    const key = apiKeyOf(req);
    if (!key) {
      return send(401, {
        error: {
          type: 'invalid_request_error',
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        },
      });
    }
    if (key !== secretKey) {
      return send(401, { error: { type: 'invalid_request_error', code: 'api_key_invalid', message: `Invalid API Key provided: ${mask(key)}` } });
    }
    const params = { ...parseForm(url.search.slice(1)), ...(method === 'POST' ? parseForm(body) : {}) };

    const idempotencyKey = method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) || null : null;
    const storeKey = `${key}\u0000${idempotencyKey}`;
    const fingerprint = `${method} ${url.pathname}${url.search}\n${body}`;
    if (idempotencyKey) {
      if (idempotencyKey.length > 255) {
        return send(400, { error: { type: 'invalid_request_error', message: 'Invalid Idempotency-Key: it must be at most 255 characters.' } });
      }
      const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
      for (const [k, v] of idempotent) if (v.at < cutoff) idempotent.delete(k);
      const stored = idempotent.get(storeKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          return send(400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            },
          });
        }
        return send(stored.status, stored.body, { 'idempotency-key': idempotencyKey, 'idempotent-replayed': 'true', 'original-request': stored.requestId });
      }
    }

    let status: number;
    let answer: unknown;
    state.context = { requestId, idempotencyKey };
    try {
      ({ status, body: answer } = state.api(method, url.pathname, params));
    } catch (err) {
      if (!(err instanceof StripeApiError)) {
        console.error('[stripe] request failed:', err);
        return send(
          500,
          { error: { type: 'api_error', message: `The local Stripe stand-in failed: ${(err as Error).message}` } },
          { 'stripe-should-retry': 'false' },
        );
      }
      status = err.status;
      answer = { error: err.body };
    } finally {
      state.context = { requestId: null, idempotencyKey: null };
    }
    const text = JSON.stringify(answer, null, 2);
    // As Stripe: a request that ran (succeeded, or a card was declined) is saved; one refused by validation is not.
    if (idempotencyKey && (status < 400 || status === 402)) idempotent.set(storeKey, { fingerprint, status, body: text, requestId, at: Date.now() });
    send(status, text, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
  }

  // ----- pages -----------------------------------------------------------------------------------------------

  function html(res: ServerResponse, status: number, body: string, method: string) {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(method === 'HEAD' ? undefined : body);
  }
  function redirect(res: ServerResponse, location: string) {
    res.writeHead(303, { location, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`See ${location}\n`);
  }
  function text(res: ServerResponse, status: number, line: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(`${line}\n`);
  }

  /** Where a completed Checkout Session goes: its success_url, with {CHECKOUT_SESSION_ID} filled in. */
  const successUrl = (session: StripeObject) => (session.success_url ? String(session.success_url).replaceAll('{CHECKOUT_SESSION_ID}', session.id) : null);

  function finishedCheckout(res: ServerResponse, session: StripeObject, method: string) {
    if (session.status === 'complete') {
      const next = successUrl(session);
      if (next) return redirect(res, next);
      const done = session.mode === 'subscription' ? 'Your subscription has started.' : 'Your payment succeeded.';
      return html(res, 200, renderMessagePage('Thank you', done), method);
    }
    const cancel = session.cancel_url ? { href: String(session.cancel_url), text: 'Return' } : undefined;
    return html(res, 410, renderMessagePage('Checkout expired', 'This checkout session has expired.', cancel), method);
  }

  function checkoutError(intent: StripeObject | null): string | null {
    const error = intent?.last_payment_error as { code?: string; message?: string } | null | undefined;
    if (!error) return null;
    if (error.code === 'payment_intent_authentication_failure') return 'We could not authenticate your payment. Choose a card and try again.';
    return `${error.message ?? 'Your card was declined.'} Choose a card and try again.`;
  }

  function checkoutEmail(session: StripeObject): string {
    const customer = session.customer ? state.get(String(session.customer)) : undefined;
    return String(session.customer_email ?? customer?.email ?? '');
  }

  async function serveCheckout(req: IncomingMessage, res: ServerResponse, id: string, method: string) {
    const body = method === 'POST' ? await readBody(req) : (req.resume(), '');
    const found = state.session(id);
    if (!found) return html(res, 404, renderMessagePage('Checkout not found', 'This checkout session does not exist.'), method);
    const { session, lineItems, intent } = found;
    if (session.status !== 'open') return finishedCheckout(res, session, method);
    if (method !== 'POST') {
      return html(
        res,
        200,
        renderCheckoutPage({ session, lineItems, email: checkoutEmail(session), card: 'pm_card_visa', error: checkoutError(intent) }),
        method,
      );
    }
    const form = parseForm(body);
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const card = typeof form.payment_method === 'string' ? form.payment_method : '';
    const again = (status: number, error: string) =>
      html(res, status, renderCheckoutPage({ session, lineItems, email, card: card || 'pm_card_visa', error }), method);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return again(400, 'Enter your email address.');
    if (!TEST_CARDS[card]) return again(400, `Choose a test card: ${CHECKOUT_CARDS.map((c) => c.value).join(', ')}.`);
    let paid: StripeObject;
    try {
      paid = state.paySession(id, email, card);
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      if (err.status === 402) return again(402, `${err.body.message} Choose a card and try again.`);
      return again(400, err.body.message);
    }
    if (paid.status === 'requires_action') return redirect(res, (paid.next_action as { redirect_to_url: { url: string } }).redirect_to_url.url);
    return finishedCheckout(res, state.get(id)!, method);
  }

  async function serveThreeDSecure(req: IncomingMessage, res: ServerResponse, id: string, method: string) {
    const body = method === 'POST' ? await readBody(req) : (req.resume(), '');
    const intent = state.get(id);
    if (!intent || intent.object !== 'payment_intent') return html(res, 404, renderMessagePage('Not found', 'This payment does not exist.'), method);
    const returnUrl = state.returnUrlOf(id);
    if (intent.status !== 'requires_action') {
      const back = returnUrl ? { href: returnUrl, text: 'Return' } : undefined;
      return html(
        res,
        method === 'POST' ? 409 : 200,
        renderMessagePage('No authentication needed', `This payment needs no authentication (its status is ${String(intent.status)}).`, back),
        method,
      );
    }
    if (method !== 'POST') return html(res, 200, renderThreeDSecurePage(intent), method);
    const result = parseForm(body).result;
    if (result !== 'complete' && result !== 'fail') return text(res, 400, 'Send result=complete or result=fail');
    state.context = { requestId: null, idempotencyKey: null };
    const after = state.authenticate(id, result === 'complete');
    if (returnUrl) {
      // As Stripe does when it returns a customer after authentication.
      const next = new URL(returnUrl);
      next.searchParams.set('payment_intent', after.id);
      next.searchParams.set('payment_intent_client_secret', String(after.client_secret));
      next.searchParams.set('redirect_status', after.status === 'succeeded' ? 'succeeded' : 'failed');
      return redirect(res, next.toString());
    }
    return after.status === 'succeeded'
      ? html(res, 200, renderMessagePage('Authentication complete', 'Authentication complete: the payment succeeded.'), method)
      : html(res, 200, renderMessagePage('Authentication failed', 'Authentication failed: the payment was not made.'), method);
  }

  async function servePortal(req: IncomingMessage, res: ServerResponse, parts: string[], method: string) {
    if (method === 'POST') await readBody(req);
    else req.resume();
    const [id, section, subscriptionId, action] = parts as [string, string?, string?, string?];
    const portal = state.get(id);
    if (!portal || portal.object !== 'billing_portal.session')
      return html(res, 404, renderMessagePage('Not found', 'This billing portal session does not exist.'), method);
    const customerId = String(portal.customer);
    if (!section && method !== 'POST') {
      const productName = (productId: string) => String(state.get(productId)?.name ?? 'Subscription');
      return html(res, 200, renderPortalPage(portal, state.get(customerId), state.subscriptionsOf(customerId), productName), method);
    }
    if (method !== 'POST' || section !== 'subscriptions' || !subscriptionId || !action) return text(res, 404, 'Not found');
    const subscription = state.get(subscriptionId);
    if (!subscription || subscription.object !== 'subscription' || subscription.customer !== customerId) {
      return html(res, 404, renderMessagePage('Not found', 'This subscription does not belong to this customer.'), method);
    }
    state.context = { requestId: null, idempotencyKey: null };
    try {
      if (action === 'cancel-at-period-end') state.updateSubscription(subscriptionId, { cancel_at_period_end: 'true' });
      else if (action === 'resume') state.updateSubscription(subscriptionId, { cancel_at_period_end: 'false' });
      else if (action === 'cancel') state.cancelSubscription(subscriptionId);
      else return text(res, 404, 'Not found');
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      return html(res, 400, renderMessagePage('Not changed', err.body.message, { href: `/portal/${id}`, text: 'Back' }), method);
    }
    return redirect(res, `/portal/${id}`);
  }

  function serveDev(req: IncomingMessage, res: ServerResponse, pathname: string, method: string) {
    req.resume();
    const read = method === 'GET' || method === 'HEAD';
    const newestFirst = () => [...records].reverse();
    if (pathname === '/_dev/stripe' || pathname === '/_dev/stripe/') {
      if (!read) return text(res, 405, `Method ${method} is not allowed here`, { allow: 'GET, HEAD' });
      return html(res, 200, renderEventsPage(newestFirst(), webhookUrl()), method);
    }
    if (pathname === '/_dev/stripe.json') {
      if (!read) return text(res, 405, `Method ${method} is not allowed here`, { allow: 'GET, HEAD' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(method === 'HEAD' ? undefined : JSON.stringify({ webhookUrl: webhookUrl(), events: newestFirst() }));
    }
    const resendMatch = /^\/_dev\/stripe\/events\/([^/]+)\/resend$/.exec(pathname);
    if (resendMatch) {
      if (method !== 'POST') return text(res, 405, `Method ${method} is not allowed here`, { allow: 'POST' });
      const outcome = resend(decodeURIComponent(resendMatch[1]!));
      if (outcome === 'unknown') return text(res, 404, 'No such event');
      if (outcome === 'no_target') return text(res, 409, 'No webhook URL is set: there is nowhere to send the event');
      return redirect(res, '/_dev/stripe');
    }
    return text(res, 404, 'Not found: the events are at /_dev/stripe and /_dev/stripe.json');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const { pathname } = url;
    if (pathname.startsWith('/v1/')) return serveApi(req, res, url, method);
    if (!['GET', 'HEAD', 'POST'].includes(method)) {
      req.resume();
      return text(res, 405, `Method ${method} is not allowed here`, { allow: 'GET, HEAD, POST' });
    }
    if (pathname === '/_dev/stripe' || pathname.startsWith('/_dev/stripe/') || pathname === '/_dev/stripe.json') return serveDev(req, res, pathname, method);
    const [section, ...rest] = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (section === 'checkout' && rest.length === 1) return serveCheckout(req, res, rest[0]!, method);
    if (section === '3ds' && rest.length === 1) return serveThreeDSecure(req, res, rest[0]!, method);
    if (section === 'portal' && rest.length >= 1) return servePortal(req, res, rest, method);
    req.resume();
    if (pathname === '/') return redirect(res, '/_dev/stripe');
    return text(res, 404, 'Not found: the local Stripe stand-in serves /v1, /checkout, /3ds, /portal and /_dev/stripe');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BodyTooLarge) {
        if (!res.headersSent) text(res, 413, 'The request body is too large');
        return;
      }
      console.error('[stripe] page failed:', err);
      if (!res.headersSent) text(res, 500, 'The local Stripe stand-in failed');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: origin,
    host,
    port,
    setWebhookUrl(url) {
      target = url;
    },
    webhookUrl,
    events: () => [...records],
    waitForEvent(type, predicate = () => true, timeoutMs = 5_000) {
      const matches = (event: StripeEvent) => event.type === type && predicate(event);
      const found = records.find((r) => matches(r.event));
      if (found) return Promise.resolve(found.event);
      return new Promise<StripeEvent>((resolve, reject) => {
        const onArrival = (event: StripeEvent) => {
          let hit: boolean;
          try {
            hit = matches(event);
          } catch (err) {
            done();
            return reject(err as Error);
          }
          if (!hit) return;
          done();
          resolve(event);
        };
        const timer = setTimeout(() => {
          done();
          const seen = records.map((r) => `  ${r.type} ${r.objectId}`).join('\n') || '  (none)';
          reject(new Error(`no ${type} event matched within ${timeoutMs} ms; events, oldest first:\n${seen}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          arrivals.off('event', onArrival);
        };
        arrivals.on('event', onArrival);
      });
    },
    async close() {
      closed = true;
      for (const timer of retryTimers.values()) clearTimeout(timer);
      retryTimers.clear();
      queue.length = 0;
      stopping.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
