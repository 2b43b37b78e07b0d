// Stripe's webhook: the signature is checked over the raw bytes with the SDK's own constructEvent (400 for a
// bad or stale one), then each event takes effect once: its id is inserted into stripe_events in the same
// transaction as its effect, so a redelivery (or a concurrent duplicate, which waits on that row) changes
// nothing. Effects are order-independent: payments only move forward (payments/status.ts), refunded amounts
// only grow, and a subscription event older than the last one applied is recorded but not applied.
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { PLAN_SEATS } from '../../../contracts/billing.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import { withEvents, workspaceEvent, type DomainEvent, type EventOrigin } from '../events/outbox.js';
import { serverEnv } from '../env.js';
import { ApiError } from '../http/errors.js';
import { applyIntent, type IntentState } from '../payments/service.js';
import { intentStatus, nextActionUrl } from '../payments/status.js';
import { stripe } from '../payments/stripe.js';

/** Verifies the delivery and returns the event; 400 when the signature is missing, wrong or too old. */
export function verifiedEvent(raw: Buffer, signature: string | undefined): Stripe.Event {
  const secret = serverEnv().stripe.webhookSecret;
  if (!secret) throw new ApiError(503, 'unavailable', 'The Stripe webhook is not set up on this deployment (STRIPE_WEBHOOK_SECRET)');
  if (!signature) throw new ApiError(400, 'invalid_json', 'Missing Stripe-Signature header');
  try {
    return stripe().webhooks.constructEvent(raw, signature, secret);
  } catch (err) {
    throw new ApiError(400, 'invalid_json', `Stripe signature check failed: ${(err as Error).message.split('\n')[0]}`);
  }
}

interface Effect {
  workspaceId: string | null;
  orderId: string | null;
  paymentId: string | null;
  amount: number | null;
  status: string | null;
  message: string | null;
  events: DomainEvent[];
}

const none = (): Effect => ({ workspaceId: null, orderId: null, paymentId: null, amount: null, status: null, message: null, events: [] });

/** The payment a PaymentIntent belongs to: ours by its id, or (Checkout) a new attempt from its metadata. */
async function paymentFor(tx: Tx, intentId: string, metadata: Record<string, string> | null | undefined, amount: number, currency: string) {
  const [known] = await rowsOf<{ id: string; workspaceId: string; orderId: string }>(
    tx,
    sql`select id, workspace_id as "workspaceId", order_id as "orderId" from payments where stripe_payment_intent_id = ${intentId}`,
  );
  if (known) return known;
  const orderId = metadata?.orderId;
  const workspaceId = metadata?.workspaceId;
  if (!orderId || !workspaceId) return null;
  const [created] = await rowsOf<{ id: string; workspaceId: string; orderId: string }>(
    tx,
    sql`insert into payments (workspace_id, order_id, attempt, amount, currency, stripe_payment_intent_id)
        select o.workspace_id, o.id, (select coalesce(max(attempt), 0) + 1 from payments where order_id = o.id), ${amount}, ${currency}, ${intentId}
        from orders o where o.id = ${orderId} and o.workspace_id = ${workspaceId}
        on conflict (stripe_payment_intent_id) do nothing
        returning id, workspace_id as "workspaceId", order_id as "orderId"`,
  );
  if (created) return created;
  // Inserted by a concurrent delivery about the same intent since the first lookup.
  const [again] = await rowsOf<{ id: string; workspaceId: string; orderId: string }>(
    tx,
    sql`select id, workspace_id as "workspaceId", order_id as "orderId" from payments where stripe_payment_intent_id = ${intentId}`,
  );
  return again ?? null;
}

async function applyToPayment(
  tx: Tx,
  intentId: string,
  metadata: Record<string, string> | null | undefined,
  amount: number,
  currency: string,
  state: IntentState,
  effect: Effect,
) {
  const payment = await paymentFor(tx, intentId, metadata, amount, currency);
  if (!payment) return { ...effect, message: effect.message ?? 'No Switchboard payment or order for this PaymentIntent' };
  const result = await applyIntent(tx, payment.id, { ...state, stripePaymentIntentId: intentId });
  return { ...effect, workspaceId: payment.workspaceId, orderId: payment.orderId, paymentId: payment.id, events: result.events };
}

const planOf = (status: string, deleted: boolean) => (!deleted && ['active', 'trialing', 'past_due'].includes(status) ? 'pro' : 'free');

async function applySubscription(tx: Tx, event: Stripe.Event, subscription: Stripe.Subscription, deleted: boolean): Promise<Effect> {
  const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
  const item = subscription.items?.data?.[0] as (Stripe.SubscriptionItem & { current_period_end?: number }) | undefined;
  const periodEnd = (subscription as Stripe.Subscription & { current_period_end?: number }).current_period_end ?? item?.current_period_end ?? null;
  const plan = planOf(subscription.status, deleted);
  const [row] = await rowsOf<{ id: string; plan: string }>(
    tx,
    sql`update workspaces set plan = ${plan}, billing_status = ${deleted ? 'canceled' : subscription.status},
          stripe_customer_id = ${customerId}, stripe_subscription_id = ${deleted ? null : subscription.id},
          current_period_end = ${periodEnd ? new Date(periodEnd * 1000) : null}, cancel_at_period_end = ${deleted ? false : subscription.cancel_at_period_end},
          billing_event_at = to_timestamp(${event.created}), updated_at = now()
        where (id::text = ${subscription.metadata?.workspaceId ?? ''} or stripe_customer_id = ${customerId})
          and (billing_event_at is null or billing_event_at <= to_timestamp(${event.created}))
        returning id, plan`,
  );
  if (!row) return { ...none(), message: 'Older than the subscription state already applied, or no workspace for this customer' };
  return {
    ...none(),
    workspaceId: row.id,
    status: subscription.status,
    message: `Plan ${row.plan}${PLAN_SEATS[row.plan as 'free' | 'pro'] ? ` (${PLAN_SEATS[row.plan as 'free' | 'pro']} seats)` : ''}`,
    events: [workspaceEvent(row.id, 'workspace.billing_updated', { plan: row.plan })],
  };
}

async function effectOf(tx: Tx, event: Stripe.Event): Promise<Effect> {
  const effect = none();
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
    case 'payment_intent.processing':
    case 'payment_intent.requires_action':
    case 'payment_intent.canceled': {
      const intent = event.data.object;
      const status = event.type === 'payment_intent.payment_failed' ? 'failed' : intentStatus(intent);
      const message = intent.last_payment_error?.message ?? null;
      return applyToPayment(
        tx,
        intent.id,
        intent.metadata,
        intent.amount,
        intent.currency,
        { status, nextActionUrl: nextActionUrl(intent), lastError: message },
        { ...effect, amount: intent.amount, status, message },
      );
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
      if (!intentId) return { ...effect, message: 'A refund of a charge without a PaymentIntent' };
      // A refunded charge was paid: the payment has succeeded, whether or not that event arrived yet.
      return applyToPayment(
        tx,
        intentId,
        charge.metadata,
        charge.amount,
        charge.currency,
        { status: 'succeeded', amountRefunded: charge.amount_refunded },
        { ...effect, amount: charge.amount_refunded, status: charge.refunded ? 'refunded' : 'partially_refunded', message: null },
      );
    }
    case 'checkout.session.completed': {
      const session = event.data.object;
      if (session.mode === 'payment') {
        const intentId = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
        if (!intentId) return { ...effect, message: 'A completed Checkout Session without a PaymentIntent' };
        const paid = session.payment_status === 'paid';
        return applyToPayment(
          tx,
          intentId,
          session.metadata,
          session.amount_total ?? 0,
          session.currency ?? 'usd',
          { status: paid ? 'succeeded' : 'processing' },
          { ...effect, amount: session.amount_total ?? null, status: session.payment_status, message: 'Paid through the payment link' },
        );
      }
      const workspaceId = session.metadata?.workspaceId ?? session.client_reference_id;
      const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id;
      if (workspaceId && customerId) {
        await tx.execute(sql`update workspaces set stripe_customer_id = ${customerId} where id::text = ${workspaceId} and stripe_customer_id is null`);
      }
      return { ...effect, workspaceId: workspaceId ?? null, status: session.status, message: 'Subscription checkout completed' };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
      return applySubscription(tx, event, event.data.object, false);
    case 'customer.subscription.deleted':
      return applySubscription(tx, event, event.data.object, true);
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id;
      const [workspace] = customerId ? await rowsOf<{ id: string }>(tx, sql`select id from workspaces where stripe_customer_id = ${customerId}`) : [];
      return { ...effect, workspaceId: workspace?.id ?? null, amount: invoice.amount_paid ?? invoice.amount_due, status: invoice.status ?? null };
    }
    default:
      return { ...effect, message: 'Not handled' };
  }
}

/** Applies one verified event once. Returns whether it had been received before. */
export async function handleStripeEvent(origin: EventOrigin, event: Stripe.Event): Promise<{ duplicate: boolean }> {
  return withEvents(origin, async (tx, emit) => {
    const [fresh] = await rowsOf<{ id: string }>(
      tx,
      sql`insert into stripe_events (id, type, occurred_at, data) values (${event.id}, ${event.type}, to_timestamp(${event.created}),
          ${JSON.stringify({ object: (event.data.object as { id?: string }).id ?? null })}::jsonb)
          on conflict (id) do nothing returning id`,
    );
    if (!fresh) return { duplicate: true };
    const effect = await effectOf(tx, event);
    await tx.execute(sql`update stripe_events set workspace_id = ${effect.workspaceId}, order_id = ${effect.orderId}, payment_id = ${effect.paymentId},
      amount = ${effect.amount}, status = ${effect.status}, message = ${effect.message} where id = ${event.id}`);
    emit(...effect.events);
    return { duplicate: false };
  });
}
