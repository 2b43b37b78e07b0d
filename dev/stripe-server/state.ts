// The objects of the local Stripe stand-in and what the API does to them: PaymentIntents with Stripe's test
// cards, Charges, Refunds, Customers, Prices and Products, Checkout Sessions, Subscriptions with their
// Invoices, and Billing Portal sessions. Objects have Stripe's JSON shapes (ids with Stripe's prefixes,
// `object`, `created` in unix seconds, `livemode: false`), and every change Stripe announces becomes an event.
// Everything here is synchronous, so one request's effects never interleave with another's.
import { randomBytes } from 'node:crypto';
import type { FormObject, FormValue } from './form.js';

export const API_VERSION = '2026-10-28.endive';

export type Metadata = Record<string, string>;

/** A Stripe object as the API answers it. */
export interface StripeObject {
  id: string;
  object: string;
  [key: string]: unknown;
}

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  charge?: string;
  payment_intent?: StripeObject;
  payment_method?: StripeObject;
  doc_url?: string;
  request_log_url?: string;
}

/** An error the API answers in Stripe's shape `{ error: body }` with Stripe's status. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

const invalid = (message: string, extra: Partial<StripeErrorBody> = {}) => new StripeApiError(400, { type: 'invalid_request_error', message, ...extra });
const missing = (kind: string, id: string, param = 'id') =>
  new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param });

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export function randomId(length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}
const newId = (prefix: string) => `${prefix}_${randomId()}`;
const now = () => Math.floor(Date.now() / 1000);
const clone = <T>(value: T): T => structuredClone(value);
const DAY = 24 * 60 * 60;

// ---------------------------------------------------------------------------------------------------------
// Parameters: every value arrives as a string.

type Params = FormObject;

function str(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid string: ${name} must be a string`, { param: name });
  return value;
}

function required(params: Params, name: string): string {
  const value = str(params, name);
  if (value === undefined || value === '') throw invalid(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
  return value;
}

function int(value: FormValue | undefined, param: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${String(value)}`, { code: 'parameter_invalid_integer', param });
  return Number(value);
}

function bool(value: FormValue | undefined, param: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(`Invalid boolean: ${String(value)}`, { code: 'parameter_invalid_boolean', param });
}

function obj(params: Params, name: string): Params | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`Invalid object: ${name}`, { param: name });
  return value;
}

function list(params: Params, name: string): Params[] {
  const value = params[name];
  if (value === undefined || value === '') return [];
  if (!Array.isArray(value)) throw invalid(`Invalid array: ${name}`, { param: name });
  return value.map((item, i) => {
    if (typeof item !== 'object' || Array.isArray(item)) throw invalid(`Invalid object: ${name}[${i}]`, { param: `${name}[${i}]` });
    return item;
  });
}

function expandPaths(params: Params): string[] {
  const value = params.expand;
  if (value === undefined || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === 'string');
}

/** Stripe's metadata rules: `metadata=` clears it, `metadata[key]=` removes a key; 50 keys, 40/500 characters. */
function applyMetadata(current: Metadata, value: FormValue | undefined, param = 'metadata'): Metadata {
  if (value === undefined) return current;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`Invalid hash: ${param}`, { param });
  const next = { ...current };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw invalid(`Invalid string: ${param}[${key}]`, { param: `${param}[${key}]` });
    if (key.length > 40) throw invalid(`Metadata keys can have up to 40 characters; ${key} is too long.`, { param: `${param}[${key}]` });
    if (v.length > 500)
      throw invalid(`Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`, { param: `${param}[${key}]` });
    if (v === '') delete next[key];
    else next[key] = v;
  }
  if (Object.keys(next).length > 50) throw invalid('You can have up to 50 metadata keys.', { param });
  return next;
}

function currencyOf(params: Params, name = 'currency'): string {
  const value = required(params, name).toLowerCase();
  if (!/^[a-z]{3}$/.test(value)) throw invalid(`Invalid currency: ${value}. Stripe currently supports these currencies: usd, eur, gbp, …`, { param: name });
  return value;
}

export const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** An amount in the smallest unit, as people read it: 1900 usd → $19.00. */
export function formatAmount(amount: number, currency: string): string {
  const major = ZERO_DECIMAL.has(currency) ? amount : amount / 100;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(major);
  } catch {
    return `${major.toFixed(ZERO_DECIMAL.has(currency) ? 0 : 2)} ${currency.toUpperCase()}`;
  }
}

/** The top-level fields that changed, with their old values (an event's `previous_attributes`). */
function previousAttributes(before: StripeObject, after: StripeObject): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key] ?? null;
  }
  return previous;
}

// ---------------------------------------------------------------------------------------------------------
// Test cards (https://docs.stripe.com/testing): the PaymentMethod tokens that stand for them.

type Outcome = 'succeed' | 'decline' | 'authenticate';
interface TestCard {
  brand: string;
  last4: string;
  outcome: Outcome;
  declineCode?: string;
  message?: string;
}

export const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: { brand: 'visa', last4: '4242', outcome: 'succeed' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', outcome: 'succeed' },
  pm_card_amex: { brand: 'amex', last4: '8431', outcome: 'succeed' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', outcome: 'decline', declineCode: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    outcome: 'decline',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', outcome: 'authenticate' },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', outcome: 'authenticate' },
};

// ---------------------------------------------------------------------------------------------------------

export interface StateOptions {
  /** The stand-in's own origin (for hosted pages' URLs). */
  origin(): string;
  /** Called with every event as it is created. */
  onEvent(event: StripeEvent): void;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

interface SessionInternals {
  lineItems: StripeObject[];
  paymentIntentId: string | null;
  paymentIntentData: { metadata: Metadata; description: string | null };
  subscriptionData: { metadata: Metadata; description: string | null };
  email: string | null;
}

export const PRO_PRICE = { id: 'price_pro_local', unitAmount: 1900, currency: 'usd', productName: 'Switchboard Pro' } as const;

export class StripeState {
  /** Who caused what happens now: the API request (id and Idempotency-Key), or nobody (a hosted page). */
  context: { requestId: string | null; idempotencyKey: string | null } = { requestId: null, idempotencyKey: null };

  private readonly objects = new Map<string, StripeObject>();
  private readonly cards = new Map<string, TestCard>(); // PaymentMethod id → its test card
  private readonly returnUrls = new Map<string, string | null>(); // PaymentIntent id → return_url of its confirmation
  private readonly sessions = new Map<string, SessionInternals>();
  private readonly intentSession = new Map<string, string>(); // PaymentIntent id → the Checkout Session it pays
  private readonly events: StripeEvent[] = [];
  private invoiceNumber = 0;

  constructor(private readonly options: StateOptions) {
    const product = this.createProduct(PRO_PRICE.productName);
    this.createPrice({
      id: PRO_PRICE.id,
      product: product.id,
      currency: PRO_PRICE.currency,
      unitAmount: PRO_PRICE.unitAmount,
      interval: 'month',
      active: true,
    });
  }

  // ----- storage --------------------------------------------------------------------------------------------

  private put(object: StripeObject): StripeObject {
    this.objects.set(object.id, object);
    return object;
  }

  private find(kind: string, object: string, id: string, param = 'id'): StripeObject {
    const found = this.objects.get(id);
    if (!found || found.object !== object) throw missing(kind, id, param);
    return found;
  }

  /** An object by id (whatever its kind), for pages. */
  get(id: string): StripeObject | undefined {
    return this.objects.get(id);
  }

  private all(object: string): StripeObject[] {
    return [...this.objects.values()].filter((o) => o.object === object);
  }

  private emit(type: string, object: StripeObject, previous?: Record<string, unknown>): void {
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: now(),
      data: previous ? { object: clone(object), previous_attributes: clone(previous) } : { object: clone(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: this.context.requestId, idempotency_key: this.context.idempotencyKey },
      type,
    };
    this.events.push(event);
    this.put(event as unknown as StripeObject);
    this.options.onEvent(event);
  }

  // ----- responses: expansion and lists ---------------------------------------------------------------------

  private respond(object: StripeObject, params: Params): StripeObject {
    const out = clone(object);
    const paths = expandPaths(params);
    if (out.object === 'checkout.session' && paths.some((p) => p === 'line_items' || p.startsWith('line_items.'))) {
      out.line_items = this.lineItemsList(out.id);
    }
    for (const path of paths) this.expand(out, path.split('.'));
    return out;
  }

  private expand(value: unknown, parts: string[]): unknown {
    if (parts.length === 0 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => this.expand(item, parts));
    const record = value as Record<string, unknown>;
    const [head, ...rest] = parts as [string, ...string[]];
    let child = record[head];
    if (typeof child === 'string' && this.objects.has(child)) child = clone(this.objects.get(child));
    if (child !== undefined) record[head] = this.expand(child, rest);
    return record;
  }

  private list(url: string, items: StripeObject[], params: Params, filters: Record<string, (o: StripeObject) => unknown> = {}): StripeObject {
    let data = [...items].sort((a, b) => Number(b.created) - Number(a.created));
    for (const [name, read] of Object.entries(filters)) {
      const wanted = params[name];
      if (typeof wanted === 'string' && wanted !== '') data = data.filter((o) => read(o) === wanted);
    }
    const limit = Math.min(Math.max(int(params.limit, 'limit') ?? 10, 1), 100);
    const after = str(params, 'starting_after');
    const before = str(params, 'ending_before');
    if (after) {
      const at = data.findIndex((o) => o.id === after);
      if (at === -1) throw missing('object', after, 'starting_after');
      data = data.slice(at + 1);
    } else if (before) {
      const at = data.findIndex((o) => o.id === before);
      if (at === -1) throw missing('object', before, 'ending_before');
      data = data.slice(Math.max(0, at - limit), at);
    }
    const page = data.slice(0, limit);
    const listed = { object: 'list', data: page.map((o) => clone(o)), has_more: data.length > page.length, url } as unknown as StripeObject;
    for (const path of expandPaths(params)) this.expand(listed, path.split('.'));
    return listed;
  }

  // ----- the API ------------------------------------------------------------------------------------------

  /** Answers one `/v1/…` request; throws StripeApiError for Stripe's error answers. */
  api(method: string, pathname: string, params: Params): ApiResult {
    const { route, id } = matchRoute(method, pathname);
    const ok = (body: unknown) => ({ status: 200, body });
    switch (route) {
      case 'POST /customers':
        return ok(this.respond(this.createCustomer(params), params));
      case 'GET /customers':
        return ok(this.list('/v1/customers', this.all('customer'), params, { email: (o) => o.email }));
      case 'GET /customers/:id':
        return ok(this.respond(this.find('customer', 'customer', id), params));
      case 'POST /customers/:id':
        return ok(this.respond(this.updateCustomer(id, params), params));
      case 'DELETE /customers/:id':
        return ok(this.deleteCustomer(id));

      case 'POST /payment_intents':
        return ok(this.respond(this.createIntent(params), params));
      case 'GET /payment_intents':
        return ok(this.list('/v1/payment_intents', this.all('payment_intent'), params, { customer: (o) => o.customer }));
      case 'GET /payment_intents/:id':
        return ok(this.respond(this.find('payment_intent', 'payment_intent', id, 'intent'), params));
      case 'POST /payment_intents/:id':
        return ok(this.respond(this.updateIntent(id, params), params));
      case 'POST /payment_intents/:id/confirm':
        return ok(this.respond(this.confirmIntent(this.find('payment_intent', 'payment_intent', id, 'intent'), params), params));
      case 'POST /payment_intents/:id/cancel':
        return ok(this.respond(this.cancelIntent(id, str(params, 'cancellation_reason') ?? null), params));

      case 'GET /payment_methods/:id':
        return ok(this.respond(this.find('payment_method', 'payment_method', id, 'payment_method'), params));

      case 'GET /charges':
        return ok(this.list('/v1/charges', this.all('charge'), params, { payment_intent: (o) => o.payment_intent, customer: (o) => o.customer }));
      case 'GET /charges/:id':
        return ok(this.respond(this.find('charge', 'charge', id, 'charge'), params));

      case 'POST /refunds':
        return ok(this.respond(this.createRefund(params), params));
      case 'GET /refunds':
        return ok(this.list('/v1/refunds', this.all('refund'), params, { payment_intent: (o) => o.payment_intent, charge: (o) => o.charge }));
      case 'GET /refunds/:id':
        return ok(this.respond(this.find('refund', 'refund', id), params));
      case 'POST /refunds/:id': {
        const refund = this.find('refund', 'refund', id);
        refund.metadata = applyMetadata(refund.metadata as Metadata, params.metadata);
        return ok(this.respond(refund, params));
      }

      case 'GET /prices/:id':
        return ok(this.respond(this.price(id, 'id'), params));
      case 'GET /products/:id':
        return ok(this.respond(this.find('product', 'product', id), params));

      case 'POST /checkout/sessions':
        return ok(this.respond(this.createSession(params), params));
      case 'GET /checkout/sessions':
        return ok(
          this.list('/v1/checkout/sessions', this.all('checkout.session'), params, {
            payment_intent: (o) => o.payment_intent,
            customer: (o) => o.customer,
            subscription: (o) => o.subscription,
            status: (o) => o.status,
          }),
        );
      case 'GET /checkout/sessions/:id':
        return ok(this.respond(this.find('checkout.session', 'checkout.session', id, 'session'), params));
      case 'POST /checkout/sessions/:id/expire':
        return ok(this.respond(this.expireSession(id), params));
      case 'GET /checkout/sessions/:id/line_items':
        this.find('checkout.session', 'checkout.session', id, 'session');
        return ok(this.list(`/v1/checkout/sessions/${id}/line_items`, this.sessions.get(id)!.lineItems, params));

      case 'POST /subscriptions':
        return ok(this.respond(this.createSubscriptionByApi(params), params));
      case 'GET /subscriptions': {
        const status = str(params, 'status');
        const items = this.all('subscription').filter((s) => (status === 'all' ? true : status ? s.status === status : s.status !== 'canceled'));
        return ok(this.list('/v1/subscriptions', items, { ...params, status: '' }, { customer: (o) => o.customer }));
      }
      case 'GET /subscriptions/:id':
        return ok(this.respond(this.find('subscription', 'subscription', id), params));
      case 'POST /subscriptions/:id':
        return ok(this.respond(this.updateSubscription(id, params), params));
      case 'DELETE /subscriptions/:id':
        return ok(this.respond(this.cancelSubscription(id), params));

      case 'GET /invoices':
        return ok(this.list('/v1/invoices', this.all('invoice'), params, { customer: (o) => o.customer, subscription: (o) => o.subscription }));
      case 'GET /invoices/:id':
        return ok(this.respond(this.find('invoice', 'invoice', id, 'invoice'), params));

      case 'POST /billing_portal/sessions':
        return ok(this.respond(this.createPortalSession(params), params));

      case 'GET /events':
        return ok(this.list('/v1/events', this.events as unknown as StripeObject[], params, { type: (o) => o.type }));
      case 'GET /events/:id':
        return ok(this.respond(this.find('event', 'event', id), params));
    }
    throw new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${pathname}). The local Stripe stand-in serves PaymentIntents, Refunds, Customers, Checkout Sessions, Subscriptions, Invoices, Billing Portal sessions and Events.`,
    });
  }

  // ----- customers ------------------------------------------------------------------------------------------

  createCustomer(params: Params): StripeObject {
    const customer = this.put({
      id: newId('cus'),
      object: 'customer',
      address: null,
      balance: 0,
      created: now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: str(params, 'description') || null,
      email: str(params, 'email') || null,
      invoice_prefix: randomId(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: applyMetadata({}, params.metadata),
      name: str(params, 'name') || null,
      phone: str(params, 'phone') || null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    });
    this.emit('customer.created', customer);
    return customer;
  }

  private updateCustomer(id: string, params: Params): StripeObject {
    const customer = this.find('customer', 'customer', id);
    const before = clone(customer);
    for (const field of ['email', 'name', 'phone', 'description']) {
      const value = str(params, field);
      if (value !== undefined) customer[field] = value || null;
    }
    customer.metadata = applyMetadata(customer.metadata as Metadata, params.metadata);
    const previous = previousAttributes(before, customer);
    if (Object.keys(previous).length > 0) this.emit('customer.updated', customer, previous);
    return customer;
  }

  private deleteCustomer(id: string): unknown {
    const customer = this.find('customer', 'customer', id);
    this.objects.delete(id);
    this.emit('customer.deleted', customer);
    return { id, object: 'customer', deleted: true };
  }

  private customerParam(params: Params): string | null {
    const id = str(params, 'customer');
    if (!id) return null;
    return this.find('customer', 'customer', id, 'customer').id;
  }

  // ----- payment methods, payment intents and charges --------------------------------------------------------

  /** A test-card token (pm_card_visa, …) becomes a new PaymentMethod; an existing PaymentMethod is itself. */
  private paymentMethod(value: string, param = 'payment_method'): StripeObject {
    const card = TEST_CARDS[value];
    if (!card) {
      const existing = this.objects.get(value);
      if (existing?.object === 'payment_method') return existing;
      throw new StripeApiError(400, { type: 'invalid_request_error', code: 'resource_missing', message: `No such PaymentMethod: '${value}'`, param });
    }
    const method = this.put({
      id: newId('pm'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: null,
        phone: null,
      },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        display_brand: card.brand,
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        fingerprint: randomId(16),
        funding: 'credit',
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    });
    this.cards.set(method.id, card);
    return method;
  }

  private createIntent(params: Params): StripeObject {
    const amount = int(params.amount, 'amount');
    if (amount === undefined) throw invalid('Missing required param: amount.', { code: 'parameter_missing', param: 'amount' });
    const currency = currencyOf(params);
    if (amount < 50) {
      throw invalid(`Amount must be at least ${formatAmount(50, currency)} ${currency}`, { code: 'amount_too_small', param: 'amount' });
    }
    if (amount > 99_999_999) throw invalid(`Amount must be no more than ${formatAmount(99_999_999, currency)}`, { code: 'amount_too_large', param: 'amount' });
    const customer = this.customerParam(params);
    const methodParam = str(params, 'payment_method');
    const method = methodParam ? this.paymentMethod(methodParam) : null;
    const confirm = bool(params.confirm, 'confirm') ?? false;
    if (confirm && !method) {
      throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method. Pass payment_method along with confirm=true.", {
        code: 'parameter_missing',
        param: 'payment_method',
      });
    }
    const automatic = obj(params, 'automatic_payment_methods');
    const types = params.payment_method_types;
    const id = newId('pi');
    const intent = this.put({
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods:
        automatic && bool(automatic.enabled, 'automatic_payment_methods[enabled]') ? { allow_redirects: 'always', enabled: true } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic_async',
      client_secret: `${id}_secret_${randomId(25)}`,
      confirmation_method: 'automatic',
      created: now(),
      currency,
      customer,
      description: str(params, 'description') || null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: applyMetadata({}, params.metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: method?.id ?? null,
      payment_method_configuration_details: null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: Array.isArray(types) ? types.filter((t) => typeof t === 'string') : ['card'],
      processing: null,
      receipt_email: str(params, 'receipt_email') || null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: method ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: null,
      transfer_group: null,
    });
    this.emit('payment_intent.created', intent);
    if (confirm) this.confirmIntent(intent, params.return_url === undefined ? {} : { return_url: params.return_url });
    return intent;
  }

  /** A PaymentIntent for a hosted Checkout page (no API request behind it). */
  createIntentFor(
    amount: number,
    currency: string,
    customer: string | null,
    metadata: Metadata,
    description: string | null,
    email: string | null,
  ): StripeObject {
    const params: Params = { amount: String(amount), currency, metadata: metadata as Params };
    if (customer) params.customer = customer;
    if (description) params.description = description;
    if (email) params.receipt_email = email;
    return this.createIntent(params);
  }

  private updateIntent(id: string, params: Params): StripeObject {
    const intent = this.find('payment_intent', 'payment_intent', id, 'intent');
    const final = intent.status === 'succeeded' || intent.status === 'canceled';
    const amount = int(params.amount, 'amount');
    if (final && (amount !== undefined || params.currency !== undefined || params.payment_method !== undefined)) {
      throw invalid(`This PaymentIntent's amount, currency and payment_method could not be updated because it has a status of ${intent.status}.`, {
        code: 'payment_intent_unexpected_state',
        payment_intent: clone(intent),
      });
    }
    if (amount !== undefined) intent.amount = amount;
    if (params.currency !== undefined) intent.currency = currencyOf(params);
    if (params.customer !== undefined) intent.customer = this.customerParam(params);
    const method = str(params, 'payment_method');
    if (method) {
      intent.payment_method = this.paymentMethod(method).id;
      if (intent.status === 'requires_payment_method') intent.status = 'requires_confirmation';
    }
    for (const field of ['description', 'receipt_email']) {
      const value = str(params, field);
      if (value !== undefined) intent[field] = value || null;
    }
    intent.metadata = applyMetadata(intent.metadata as Metadata, params.metadata);
    return intent;
  }

  /** Confirms with the test card's outcome; a declined card is answered as Stripe does (402 card_error). */
  confirmIntent(intent: StripeObject, params: Params): StripeObject {
    const confirmable = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
    if (!confirmable.includes(intent.status as string)) {
      throw invalid(
        `You cannot confirm this PaymentIntent because it has a status of ${String(intent.status)}. Only a PaymentIntent with one of the following statuses may be confirmed: ${confirmable.join(', ')}.`,
        { code: 'payment_intent_unexpected_state', payment_intent: clone(intent) },
      );
    }
    const methodParam = str(params, 'payment_method');
    const method = methodParam ? this.paymentMethod(methodParam) : intent.payment_method ? this.objects.get(intent.payment_method as string) : undefined;
    if (!method) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. Update the payment_method parameter, or pass payment_method when confirming.",
        { code: 'payment_intent_unexpected_state', param: 'payment_method', payment_intent: clone(intent) },
      );
    }
    const returnUrl = str(params, 'return_url');
    if (returnUrl !== undefined) this.returnUrls.set(intent.id, returnUrl || null);
    intent.payment_method = method.id;
    intent.last_payment_error = null;
    const card = this.cards.get(method.id)!;
    if (card.outcome === 'authenticate') {
      intent.status = 'requires_action';
      intent.next_action = {
        type: 'redirect_to_url',
        redirect_to_url: { url: `${this.options.origin()}/3ds/${intent.id}`, return_url: this.returnUrls.get(intent.id) ?? null },
      };
      this.emit('payment_intent.requires_action', intent);
      return intent;
    }
    if (card.outcome === 'decline') {
      const charge = this.createCharge(intent, method, card, false);
      const error: StripeErrorBody = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: card.declineCode!,
        message: card.message!,
        charge: charge.id,
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      };
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.next_action = null;
      intent.last_payment_error = { ...error, payment_method: clone(method) };
      this.emit('payment_intent.payment_failed', intent);
      throw new StripeApiError(402, { ...error, payment_intent: clone(intent), payment_method: clone(method) });
    }
    this.succeed(intent, method, card);
    return intent;
  }

  private succeed(intent: StripeObject, method: StripeObject, card: TestCard): void {
    const charge = this.createCharge(intent, method, card, true);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.next_action = null;
    intent.last_payment_error = null;
    intent.latest_charge = charge.id;
    this.emit('payment_intent.succeeded', intent);
    const session = this.intentSession.get(intent.id);
    if (session) this.completeSession(session, intent);
  }

  private createCharge(intent: StripeObject, method: StripeObject, card: TestCard, succeeded: boolean): StripeObject {
    const id = newId('ch');
    const methodCard = method.card as Record<string, unknown>;
    const charge = this.put({
      id,
      object: 'charge',
      amount: intent.amount,
      amount_captured: succeeded ? intent.amount : 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: null,
      billing_details: method.billing_details,
      calculated_statement_descriptor: 'SWITCHBOARD',
      captured: succeeded,
      created: now(),
      currency: intent.currency,
      customer: intent.customer,
      description: intent.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: succeeded ? null : 'card_declined',
      failure_message: succeeded ? null : card.message,
      fraud_details: {},
      livemode: false,
      metadata: clone(intent.metadata),
      on_behalf_of: null,
      outcome: succeeded
        ? { network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' }
        : {
            network_status: 'declined_by_network',
            reason: card.declineCode,
            risk_level: 'normal',
            risk_score: 20,
            seller_message: 'The bank did not return any further details with this decline.',
            type: 'issuer_declined',
          },
      paid: succeeded,
      payment_intent: intent.id,
      payment_method: method.id,
      payment_method_details: {
        card: {
          brand: card.brand,
          checks: methodCard.checks,
          country: 'US',
          exp_month: methodCard.exp_month,
          exp_year: methodCard.exp_year,
          fingerprint: methodCard.fingerprint,
          funding: 'credit',
          last4: card.last4,
          network: card.brand,
          three_d_secure: card.outcome === 'authenticate' ? { authentication_flow: 'challenge', result: 'authenticated', version: '2.2.0' } : null,
          wallet: null,
        },
        type: 'card',
      },
      receipt_email: intent.receipt_email,
      receipt_number: null,
      receipt_url: null,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/charges/${id}/refunds` },
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      status: succeeded ? 'succeeded' : 'failed',
      transfer_data: null,
      transfer_group: null,
    });
    intent.latest_charge = id;
    this.emit(succeeded ? 'charge.succeeded' : 'charge.failed', charge);
    return charge;
  }

  private cancelIntent(id: string, reason: string | null): StripeObject {
    const intent = this.find('payment_intent', 'payment_intent', id, 'intent');
    const cancelable = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
    if (!cancelable.includes(intent.status as string)) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(', ')}.`,
        { code: 'payment_intent_unexpected_state', payment_intent: clone(intent) },
      );
    }
    const reasons = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'];
    if (reason && !reasons.includes(reason))
      throw invalid(`Invalid cancellation_reason: must be one of ${reasons.join(', ')}`, { param: 'cancellation_reason' });
    intent.status = 'canceled';
    intent.canceled_at = now();
    intent.cancellation_reason = reason;
    intent.next_action = null;
    this.emit('payment_intent.canceled', intent);
    return intent;
  }

  /** The local 3-D Secure page's answer: the payment succeeds, or fails authentication. */
  authenticate(id: string, passed: boolean): StripeObject {
    const intent = this.find('payment_intent', 'payment_intent', id, 'intent');
    if (intent.status !== 'requires_action') throw invalid(`This PaymentIntent has a status of ${String(intent.status)} and needs no authentication.`);
    const method = this.objects.get(intent.payment_method as string)!;
    if (passed) {
      this.succeed(intent, method, this.cards.get(method.id)!);
    } else {
      intent.status = 'requires_payment_method';
      intent.next_action = null;
      intent.payment_method = null;
      intent.last_payment_error = {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        payment_method: clone(method),
      };
      this.emit('payment_intent.payment_failed', intent);
    }
    return intent;
  }

  returnUrlOf(intentId: string): string | null {
    return this.returnUrls.get(intentId) ?? null;
  }

  // ----- refunds --------------------------------------------------------------------------------------------

  private createRefund(params: Params): StripeObject {
    const intentId = str(params, 'payment_intent');
    const chargeId = str(params, 'charge');
    if (!intentId && !chargeId)
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
    let charge: StripeObject;
    if (intentId) {
      const intent = this.find('payment_intent', 'payment_intent', intentId, 'payment_intent');
      if (intent.status !== 'succeeded' || !intent.latest_charge) {
        throw invalid(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        });
      }
      charge = this.objects.get(intent.latest_charge as string)!;
      if (chargeId && chargeId !== charge.id) throw invalid(`Charge ${chargeId} does not belong to PaymentIntent ${intentId}.`, { param: 'charge' });
    } else {
      charge = this.find('charge', 'charge', chargeId!, 'charge');
    }
    if (charge.status !== 'succeeded')
      throw invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable', param: 'charge' });
    const amount = charge.amount as number;
    const remaining = amount - (charge.amount_refunded as number);
    if (remaining <= 0) throw invalid(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', charge: charge.id });
    const wanted = int(params.amount, 'amount') ?? remaining;
    if (wanted <= 0) throw invalid('Refund amount must be a positive integer.', { param: 'amount' });
    const currency = charge.currency as string;
    if (wanted > remaining) {
      throw invalid(`Refund amount (${formatAmount(wanted, currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, currency)})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    }
    const reason = str(params, 'reason') || null;
    const reasons = ['duplicate', 'fraudulent', 'requested_by_customer'];
    if (reason && !reasons.includes(reason)) throw invalid(`Invalid reason: must be one of ${reasons.join(', ')}`, { param: 'reason' });
    const refund = this.put({
      id: newId('re'),
      object: 'refund',
      amount: wanted,
      balance_transaction: null,
      charge: charge.id,
      created: now(),
      currency,
      destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata: applyMetadata({}, params.metadata),
      payment_intent: charge.payment_intent,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    });
    const before = clone(charge);
    charge.amount_refunded = (charge.amount_refunded as number) + wanted;
    charge.refunded = charge.amount_refunded === amount;
    const refunds = charge.refunds as { data: StripeObject[]; total_count: number };
    refunds.data = [clone(refund), ...refunds.data];
    refunds.total_count = refunds.data.length;
    this.emit('charge.refunded', charge, previousAttributes(before, charge));
    this.emit('refund.created', refund);
    return refund;
  }

  // ----- prices and products --------------------------------------------------------------------------------

  private createProduct(name: string, extra: Params = {}): StripeObject {
    return this.put({
      id: newId('prod'),
      object: 'product',
      active: true,
      created: now(),
      default_price: null,
      description: str(extra, 'description') || null,
      images: Array.isArray(extra.images) ? extra.images : [],
      livemode: false,
      marketing_features: [],
      metadata: applyMetadata({}, extra.metadata, 'product_data[metadata]'),
      name,
      package_dimensions: null,
      shippable: null,
      statement_descriptor: null,
      tax_code: null,
      type: 'service',
      unit_label: null,
      updated: now(),
      url: null,
    });
  }

  private createPrice(p: {
    id?: string;
    product: string;
    currency: string;
    unitAmount: number;
    interval: string | null;
    intervalCount?: number;
    active: boolean;
  }): StripeObject {
    const price = this.put({
      id: p.id ?? newId('price'),
      object: 'price',
      active: p.active,
      billing_scheme: 'per_unit',
      created: now(),
      currency: p.currency,
      custom_unit_amount: null,
      livemode: false,
      lookup_key: null,
      metadata: {},
      nickname: null,
      product: p.product,
      recurring: p.interval ? { interval: p.interval, interval_count: p.intervalCount ?? 1, meter: null, usage_type: 'licensed' } : null,
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
      type: p.interval ? 'recurring' : 'one_time',
      unit_amount: p.unitAmount,
      unit_amount_decimal: String(p.unitAmount),
    });
    if (p.active) {
      const product = this.objects.get(p.product);
      if (product && !product.default_price) product.default_price = price.id;
    }
    return price;
  }

  /** A price by id; any other `price_…` id stands for a monthly 10.00 USD price, created on first use. */
  private price(id: string, param: string): StripeObject {
    const found = this.objects.get(id);
    if (found?.object === 'price') return found;
    if (!/^price_[A-Za-z0-9_]+$/.test(id)) throw missing('price', id, param);
    const product = this.createProduct(`Local test product (${id})`);
    return this.createPrice({ id, product: product.id, currency: 'usd', unitAmount: 1000, interval: 'month', active: true });
  }

  // ----- checkout sessions ------------------------------------------------------------------------------------

  private lineItem(params: Params, index: number): StripeObject {
    const param = `line_items[${index}]`;
    const quantity = int(params.quantity, `${param}[quantity]`) ?? 1;
    if (quantity < 1) throw invalid('Quantity must be at least 1.', { param: `${param}[quantity]` });
    let price: StripeObject;
    const priceId = str(params, 'price');
    const data = obj(params, 'price_data');
    if (priceId) {
      price = this.price(priceId, `${param}[price]`);
    } else if (data) {
      const currency = currencyOf(data);
      const unitAmount =
        int(data.unit_amount, `${param}[price_data][unit_amount]`) ?? int(data.unit_amount_decimal, `${param}[price_data][unit_amount_decimal]`);
      if (unitAmount === undefined || unitAmount < 0)
        throw invalid('Missing required param: unit_amount.', { code: 'parameter_missing', param: `${param}[price_data][unit_amount]` });
      const productData = obj(data, 'product_data');
      const productId = str(data, 'product');
      let product: StripeObject;
      if (productId) product = this.find('product', 'product', productId, `${param}[price_data][product]`);
      else if (productData) product = this.createProduct(required(productData, 'name'), productData);
      else throw invalid('You must specify either `product` or `product_data` when creating a price.', { param: `${param}[price_data]` });
      const recurring = obj(data, 'recurring');
      price = this.createPrice({
        product: product.id,
        currency,
        unitAmount,
        interval: recurring ? required(recurring, 'interval') : null,
        intervalCount: recurring ? int(recurring.interval_count, `${param}[price_data][recurring][interval_count]`) : undefined,
        active: false,
      });
    } else {
      throw invalid('You must specify either `price` or `price_data` in each line item.', { code: 'parameter_missing', param });
    }
    const product = this.objects.get(price.product as string);
    const total = (price.unit_amount as number) * quantity;
    return {
      id: newId('li'),
      object: 'item',
      amount_discount: 0,
      amount_subtotal: total,
      amount_tax: 0,
      amount_total: total,
      currency: price.currency,
      description: (product?.name as string | undefined) ?? null,
      price: clone(price),
      quantity,
    };
  }

  private createSession(params: Params): StripeObject {
    const mode = str(params, 'mode') || 'payment';
    if (mode !== 'payment' && mode !== 'subscription') {
      throw invalid(`The local Stripe stand-in supports Checkout in payment and subscription mode, not ${mode}.`, { param: 'mode' });
    }
    const items = list(params, 'line_items');
    if (items.length === 0) throw invalid('Missing required param: line_items.', { code: 'parameter_missing', param: 'line_items' });
    const lineItems = items.map((item, i) => this.lineItem(item, i));
    const currencies = new Set(lineItems.map((li) => li.currency));
    if (currencies.size > 1) throw invalid('All line items must have the same currency.', { param: 'line_items' });
    const recurring = lineItems.some((li) => (li.price as StripeObject).type === 'recurring');
    if (mode === 'payment' && recurring) {
      throw invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', {
        param: 'line_items',
      });
    }
    if (mode === 'subscription' && !recurring) {
      throw invalid('You must provide at least one recurring price in `subscription` mode when using prices.', { param: 'line_items' });
    }
    if (params.customer && params.customer_email)
      throw invalid('You may only specify one of these parameters: customer, customer_email.', { param: 'customer_email' });
    const customer = this.customerParam(params);
    const intentData = obj(params, 'payment_intent_data') ?? {};
    const subscriptionData = obj(params, 'subscription_data') ?? {};
    if (mode === 'subscription' && params.payment_intent_data)
      throw invalid('You can not pass `payment_intent_data` in `subscription` mode.', { param: 'payment_intent_data' });
    const total = lineItems.reduce((sum, li) => sum + (li.amount_total as number), 0);
    const id = `cs_test_${randomId(58)}`;
    const created = now();
    const session = this.put({
      id,
      object: 'checkout.session',
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: total,
      amount_total: total,
      automatic_tax: { enabled: false, liability: null, provider: null, status: null },
      billing_address_collection: null,
      cancel_url: str(params, 'cancel_url') || null,
      client_reference_id: str(params, 'client_reference_id') || null,
      client_secret: null,
      created,
      currency: [...currencies][0],
      customer,
      customer_creation: customer ? null : mode === 'payment' ? 'if_required' : 'always',
      customer_details: null,
      customer_email: str(params, 'customer_email') || null,
      expires_at: int(params.expires_at, 'expires_at') ?? created + DAY,
      invoice: null,
      livemode: false,
      locale: str(params, 'locale') || null,
      metadata: applyMetadata({}, params.metadata),
      mode,
      payment_intent: null,
      payment_link: null,
      payment_method_collection: mode === 'subscription' ? 'always' : null,
      payment_method_types: ['card'],
      payment_status: 'unpaid',
      status: 'open',
      submit_type: null,
      subscription: null,
      success_url: str(params, 'success_url') || null,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: 'hosted',
      url: `${this.options.origin()}/checkout/${id}`,
    });
    this.sessions.set(id, {
      lineItems,
      paymentIntentId: null,
      paymentIntentData: {
        metadata: applyMetadata({}, intentData.metadata, 'payment_intent_data[metadata]'),
        description: str(intentData, 'description') || null,
      },
      subscriptionData: {
        metadata: applyMetadata({}, subscriptionData.metadata, 'subscription_data[metadata]'),
        description: str(subscriptionData, 'description') || null,
      },
      email: null,
    });
    return session;
  }

  private lineItemsList(id: string): StripeObject {
    const items = this.sessions.get(id)?.lineItems ?? [];
    return { object: 'list', data: clone(items), has_more: false, url: `/v1/checkout/sessions/${id}/line_items` } as unknown as StripeObject;
  }

  session(id: string): { session: StripeObject; lineItems: StripeObject[]; intent: StripeObject | null } | null {
    const session = this.objects.get(id);
    if (!session || session.object !== 'checkout.session') return null;
    const internals = this.sessions.get(id)!;
    if (session.status === 'open' && (session.expires_at as number) <= now()) this.expireSession(id);
    return { session, lineItems: internals.lineItems, intent: internals.paymentIntentId ? this.objects.get(internals.paymentIntentId)! : null };
  }

  private expireSession(id: string): StripeObject {
    const session = this.find('checkout.session', 'checkout.session', id, 'session');
    if (session.status !== 'open') throw invalid('Only Checkout Sessions with a status in ["open"] can be expired.', { param: 'session' });
    session.status = 'expired';
    session.url = null;
    const intentId = this.sessions.get(id)!.paymentIntentId;
    const intent = intentId ? this.objects.get(intentId) : undefined;
    if (intent && intent.status !== 'succeeded' && intent.status !== 'canceled') this.cancelIntent(intent.id, 'abandoned');
    this.emit('checkout.session.expired', session);
    return session;
  }

  /**
   * The hosted Checkout page's Pay: the session's PaymentIntent (one per session, kept across attempts) is
   * confirmed with the chosen test card. Subscription mode first finds or creates the customer; its
   * PaymentIntent pays the first invoice.
   */
  paySession(id: string, email: string, paymentMethod: string): StripeObject {
    const session = this.find('checkout.session', 'checkout.session', id, 'session');
    const internals = this.sessions.get(id)!;
    internals.email = email;
    if (session.mode === 'subscription' && !session.customer) {
      session.customer = this.createCustomer({ email }).id;
    }
    let intent = internals.paymentIntentId ? this.objects.get(internals.paymentIntentId)! : null;
    if (!intent) {
      const data = session.mode === 'payment' ? internals.paymentIntentData : { metadata: {}, description: 'Subscription creation' };
      intent = this.createIntentFor(
        session.amount_total as number,
        session.currency as string,
        session.customer as string | null,
        data.metadata,
        data.description,
        email,
      );
      internals.paymentIntentId = intent.id;
      this.intentSession.set(intent.id, id);
    }
    return this.confirmIntent(intent, { payment_method: paymentMethod, return_url: `${this.options.origin()}/checkout/${id}` });
  }

  private completeSession(id: string, intent: StripeObject): void {
    const session = this.objects.get(id)!;
    const internals = this.sessions.get(id)!;
    if (session.status !== 'open') return;
    const customer = session.customer ? this.objects.get(session.customer as string) : undefined;
    const email = internals.email ?? (session.customer_email as string | null) ?? (customer?.email as string | null) ?? null;
    session.customer_details = { address: null, email, name: (customer?.name as string | null) ?? null, phone: null, tax_exempt: 'none', tax_ids: [] };
    if (session.mode === 'subscription') {
      const subscription = this.createSubscription(
        session.customer as string,
        internals.lineItems.map((li) => ({ price: li.price as StripeObject, quantity: li.quantity as number })),
        internals.subscriptionData.metadata,
        intent.payment_method as string | null,
        internals.subscriptionData.description,
      );
      session.subscription = subscription.id;
      session.invoice = subscription.latest_invoice;
    } else {
      session.payment_intent = intent.id;
    }
    session.status = 'complete';
    session.payment_status = 'paid';
    session.url = null;
    this.emit('checkout.session.completed', session);
  }

  // ----- subscriptions and invoices ---------------------------------------------------------------------------

  private createSubscription(
    customerId: string,
    items: { price: StripeObject; quantity: number }[],
    metadata: Metadata,
    paymentMethod: string | null,
    description: string | null,
  ): StripeObject {
    const start = now();
    const end = start + 30 * DAY;
    const id = newId('sub');
    const subscription = this.put({
      id,
      object: 'subscription',
      application: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: start,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, reason: null },
      collection_method: 'charge_automatically',
      created: start,
      currency: items[0]!.price.currency,
      current_period_end: end,
      current_period_start: start,
      customer: customerId,
      days_until_due: null,
      default_payment_method: paymentMethod,
      description,
      discounts: [],
      ended_at: null,
      items: {
        object: 'list',
        data: items.map(({ price, quantity }) => ({
          id: newId('si'),
          object: 'subscription_item',
          created: start,
          current_period_end: end,
          current_period_start: start,
          discounts: [],
          metadata: {},
          price: clone(price),
          quantity,
          subscription: id,
          tax_rates: [],
        })),
        has_more: false,
        total_count: items.length,
        url: `/v1/subscription_items?subscription=${id}`,
      },
      latest_invoice: null,
      livemode: false,
      metadata,
      pending_update: null,
      schedule: null,
      start_date: start,
      status: 'active',
      test_clock: null,
      trial_end: null,
      trial_start: null,
    });
    const invoice = this.createInvoice(subscription);
    subscription.latest_invoice = invoice.id;
    this.emit('customer.subscription.created', subscription);
    this.emit('invoice.paid', invoice);
    return subscription;
  }

  private createInvoice(subscription: StripeObject): StripeObject {
    const customer = this.objects.get(subscription.customer as string);
    const items = (subscription.items as { data: StripeObject[] }).data;
    const id = newId('in');
    const lines = items.map((item) => {
      const price = item.price as StripeObject;
      const amount = (price.unit_amount as number) * (item.quantity as number);
      const product = this.objects.get(price.product as string);
      const interval = (price.recurring as { interval: string } | null)?.interval;
      return {
        id: newId('il'),
        object: 'line_item',
        amount,
        currency: price.currency,
        description: `${String(item.quantity)} × ${String(product?.name ?? 'Subscription')} (at ${formatAmount(price.unit_amount as number, price.currency as string)}${interval ? ` / ${interval}` : ''})`,
        discount_amounts: [],
        discountable: true,
        discounts: [],
        invoice: id,
        livemode: false,
        metadata: {},
        parent: {
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: false,
            proration_details: { credited_items: null },
            subscription: subscription.id,
            subscription_item: item.id,
          },
          type: 'subscription_item_details',
        },
        period: { end: subscription.current_period_end, start: subscription.current_period_start },
        pricing: { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal: price.unit_amount_decimal },
        quantity: item.quantity,
        taxes: [],
      };
    });
    const total = lines.reduce((sum, line) => sum + line.amount, 0);
    const created = now();
    return this.put({
      id,
      object: 'invoice',
      account_country: 'US',
      account_name: 'Switchboard (local)',
      amount_due: total,
      amount_overpaid: 0,
      amount_paid: total,
      amount_remaining: 0,
      amount_shipping: 0,
      attempt_count: 1,
      attempted: true,
      auto_advance: false,
      billing_reason: 'subscription_create',
      collection_method: 'charge_automatically',
      created,
      currency: subscription.currency,
      customer: subscription.customer,
      customer_email: customer?.email ?? null,
      customer_name: customer?.name ?? null,
      description: null,
      due_date: null,
      ending_balance: 0,
      hosted_invoice_url: null,
      invoice_pdf: null,
      lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
      livemode: false,
      metadata: {},
      number: `LOCAL-${String(++this.invoiceNumber).padStart(4, '0')}`,
      parent: {
        quote_details: null,
        subscription_details: { metadata: clone(subscription.metadata), subscription: subscription.id },
        type: 'subscription_details',
      },
      period_end: created,
      period_start: created,
      status: 'paid',
      status_transitions: { finalized_at: created, marked_uncollectible_at: null, paid_at: created, voided_at: null },
      subscription: subscription.id,
      subtotal: total,
      total,
    });
  }

  /** `POST /v1/subscriptions`: the customer pays with a card on file, so the subscription starts active. */
  private createSubscriptionByApi(params: Params): StripeObject {
    const customer = this.find('customer', 'customer', required(params, 'customer'), 'customer');
    const items = list(params, 'items');
    if (items.length === 0) throw invalid('Missing required param: items.', { code: 'parameter_missing', param: 'items' });
    return this.createSubscription(
      customer.id,
      items.map((item, i) => ({
        price: this.price(required(item, 'price'), `items[${i}][price]`),
        quantity: int(item.quantity, `items[${i}][quantity]`) ?? 1,
      })),
      applyMetadata({}, params.metadata),
      str(params, 'default_payment_method') || null,
      str(params, 'description') || null,
    );
  }

  /** Subscription changes (API or portal): cancel_at_period_end, cancel_at, items, metadata, description. */
  updateSubscription(id: string, params: Params): StripeObject {
    const subscription = this.find('subscription', 'subscription', id);
    if (subscription.status === 'canceled' && Object.keys(params).some((k) => k !== 'metadata' && k !== 'expand' && k !== 'cancellation_details')) {
      throw invalid('A canceled subscription can only update its cancellation_details and metadata.');
    }
    const before = clone(subscription);
    const atPeriodEnd = bool(params.cancel_at_period_end, 'cancel_at_period_end');
    if (atPeriodEnd !== undefined) {
      subscription.cancel_at_period_end = atPeriodEnd;
      subscription.cancel_at = atPeriodEnd ? subscription.current_period_end : null;
      subscription.canceled_at = atPeriodEnd ? now() : null;
      subscription.cancellation_details = { comment: null, feedback: null, reason: atPeriodEnd ? 'cancellation_requested' : null };
    }
    if (params.cancel_at !== undefined) {
      const at = int(params.cancel_at, 'cancel_at') ?? null;
      subscription.cancel_at = at;
      subscription.cancel_at_period_end = at !== null && at === subscription.current_period_end;
    }
    const items = list(params, 'items');
    if (items.length > 0) {
      const current = subscription.items as { data: StripeObject[]; total_count: number };
      items.forEach((change, i) => {
        const itemId = str(change, 'id');
        const existing = itemId ? current.data.find((item) => item.id === itemId) : undefined;
        if (itemId && !existing) throw missing('subscription_item', itemId, `items[${i}][id]`);
        if (existing && bool(change.deleted, `items[${i}][deleted]`)) {
          current.data = current.data.filter((item) => item !== existing);
          return;
        }
        const priceId = str(change, 'price');
        const quantity = int(change.quantity, `items[${i}][quantity]`);
        if (existing) {
          if (priceId) existing.price = clone(this.price(priceId, `items[${i}][price]`));
          if (quantity !== undefined) existing.quantity = quantity;
        } else {
          if (!priceId) throw invalid('Missing required param: items[][price].', { code: 'parameter_missing', param: `items[${i}][price]` });
          current.data.push({
            id: newId('si'),
            object: 'subscription_item',
            created: now(),
            current_period_end: subscription.current_period_end,
            current_period_start: subscription.current_period_start,
            discounts: [],
            metadata: {},
            price: clone(this.price(priceId, `items[${i}][price]`)),
            quantity: quantity ?? 1,
            subscription: id,
            tax_rates: [],
          });
        }
      });
      if (current.data.length === 0) throw invalid('A subscription must have at least one item.', { param: 'items' });
      current.total_count = current.data.length;
    }
    subscription.metadata = applyMetadata(subscription.metadata as Metadata, params.metadata);
    const description = str(params, 'description');
    if (description !== undefined) subscription.description = description || null;
    const method = str(params, 'default_payment_method');
    if (method !== undefined) subscription.default_payment_method = method || null;
    const previous = previousAttributes(before, subscription);
    if (Object.keys(previous).length > 0) this.emit('customer.subscription.updated', subscription, previous);
    return subscription;
  }

  /** Cancels at once (API DELETE, or the portal's Cancel now). */
  cancelSubscription(id: string): StripeObject {
    const subscription = this.find('subscription', 'subscription', id);
    if (subscription.status === 'canceled') throw invalid(`This subscription (${id}) has already been canceled.`, { code: 'resource_missing' });
    const at = now();
    subscription.status = 'canceled';
    subscription.canceled_at = at;
    subscription.ended_at = at;
    subscription.cancel_at = null;
    subscription.cancel_at_period_end = false;
    subscription.cancellation_details = { comment: null, feedback: null, reason: 'cancellation_requested' };
    this.emit('customer.subscription.deleted', subscription);
    return subscription;
  }

  subscriptionsOf(customer: string): StripeObject[] {
    return this.all('subscription')
      .filter((s) => s.customer === customer)
      .sort((a, b) => Number(b.created) - Number(a.created));
  }

  // ----- billing portal ---------------------------------------------------------------------------------------

  private createPortalSession(params: Params): StripeObject {
    const customer = this.find('customer', 'customer', required(params, 'customer'), 'customer');
    const id = newId('bps');
    return this.put({
      id,
      object: 'billing_portal.session',
      configuration: 'bpc_local',
      created: now(),
      customer: customer.id,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: null,
      on_behalf_of: null,
      return_url: str(params, 'return_url') || null,
      url: `${this.options.origin()}/portal/${id}`,
    });
  }
}

const ROUTES = [
  'POST /customers',
  'GET /customers',
  'GET /customers/:id',
  'POST /customers/:id',
  'DELETE /customers/:id',
  'POST /payment_intents',
  'GET /payment_intents',
  'GET /payment_intents/:id',
  'POST /payment_intents/:id',
  'POST /payment_intents/:id/confirm',
  'POST /payment_intents/:id/cancel',
  'GET /payment_methods/:id',
  'GET /charges',
  'GET /charges/:id',
  'POST /refunds',
  'GET /refunds',
  'GET /refunds/:id',
  'POST /refunds/:id',
  'GET /prices/:id',
  'GET /products/:id',
  'POST /checkout/sessions',
  'GET /checkout/sessions',
  'GET /checkout/sessions/:id',
  'POST /checkout/sessions/:id/expire',
  'GET /checkout/sessions/:id/line_items',
  'POST /subscriptions',
  'GET /subscriptions',
  'GET /subscriptions/:id',
  'POST /subscriptions/:id',
  'DELETE /subscriptions/:id',
  'GET /invoices',
  'GET /invoices/:id',
  'POST /billing_portal/sessions',
  'GET /events',
  'GET /events/:id',
].map((route) => {
  const [method, path] = route.split(' ') as [string, string];
  return { route, method, parts: path.split('/').filter(Boolean) };
});

/** The route pattern of a `/v1/…` path (e.g. 'POST /payment_intents/:id/confirm') and the id in it. */
function matchRoute(method: string, pathname: string): { route: string; id: string } {
  let parts: string[];
  try {
    parts = pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent); // without 'v1'
  } catch {
    return { route: '', id: '' };
  }
  for (const candidate of ROUTES) {
    if (candidate.method !== method || candidate.parts.length !== parts.length) continue;
    let id = '';
    const matches = candidate.parts.every((segment, i) => {
      if (segment === ':id') return Boolean((id = parts[i]!));
      return segment === parts[i];
    });
    if (matches) return { route: candidate.route, id };
  }
  return { route: '', id: '' };
}
