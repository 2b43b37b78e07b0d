// Payments of orders through Stripe. Stripe calls happen outside database transactions (a slow provider never
// holds row locks); each Stripe call carries an idempotency key derived from our own row (the order and its
// attempt number, the refund's id), so a retried request never charges or refunds twice. What Stripe answers
// is applied with `applyIntent`, the same forward-only update the webhook uses.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { z } from 'zod';
import type { Order, Payment, PaymentStatus } from '../../../contracts/orders.js';
import type { confirmPaymentBodySchema, Refund, refundBodySchema } from '../../../contracts/payments.js';
import { rowsOf, type Db, type Tx } from '../../../db/client.js';
import { recordActivity } from '../activity/record.js';
import { withEvents, workspaceEvent, type DomainEvent, type EventOrigin } from '../events/outbox.js';
import { ApiError, conflict, notFound } from '../http/errors.js';
import { Reply } from '../http/implement.js';
import type { MemberContext } from '../http/route.js';
import { appLink } from '../mail/templates.js';
import { PAYMENT_SELECT, toPayment, type PaymentRow } from '../orders/queries.js';
import { orderInTx, orderUpdated, syncOrderPayment } from '../orders/service.js';
import { intentStatus, nextActionUrl, rankSql } from './status.js';
import { stripe, stripeFailure } from './stripe.js';

const OPEN: PaymentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing'];

async function paymentInTx(tx: Db | Tx, workspaceId: string, id: string): Promise<(PaymentRow & { attempt: number; orderNumber: number }) | null> {
  const [row] = await rowsOf<PaymentRow & { attempt: number; orderNumber: number }>(
    tx,
    sql`select ${sql.raw(PAYMENT_SELECT)}, p.attempt, (select number from orders o where o.id = p.order_id) as "orderNumber"
        from payments p where p.id = ${id} and p.workspace_id = ${workspaceId}`,
  );
  return row ?? null;
}

export interface IntentState {
  status: PaymentStatus;
  nextActionUrl?: string | null;
  lastError?: string | null;
  /** Stripe's cumulative refunded amount (charge.refunded): only ever raises ours. */
  amountRefunded?: number;
  stripePaymentIntentId?: string;
  clientSecret?: string | null;
}

/**
 * Moves a payment forward to what Stripe says (never back: see status.ts) and recomputes its order. Returns
 * the events to emit when anything changed.
 */
export async function applyIntent(tx: Tx, paymentId: string, state: IntentState): Promise<{ payment: Payment; order: Order | null; events: DomainEvent[] }> {
  const [row] = await rowsOf<PaymentRow & { workspaceId: string; changed: boolean }>(
    tx,
    sql`with before as (select * from payments where id = ${paymentId} for update)
        update payments p set
          status = case when ${sql.raw(rankSql('before.status'))} < ${sql.raw(rankSql(`'${state.status}'`))} then ${state.status} else before.status end,
          next_action_url = case when ${state.status} = 'requires_action' and ${sql.raw(rankSql('before.status'))} < 1 then ${state.nextActionUrl ?? null}
                                 when ${sql.raw(rankSql(`'${state.status}'`))} > 1 then null else before.next_action_url end,
          last_error = case when ${state.status} = 'failed' and ${sql.raw(rankSql('before.status'))} <= 1 then ${state.lastError ?? null}
                            when ${state.status} = 'succeeded' then null else before.last_error end,
          amount_refunded = least(p.amount, greatest(before.amount_refunded, ${state.amountRefunded ?? 0})),
          stripe_payment_intent_id = coalesce(before.stripe_payment_intent_id, ${state.stripePaymentIntentId ?? null}),
          client_secret = coalesce(before.client_secret, ${state.clientSecret ?? null}),
          updated_at = now()
        from before where p.id = before.id
        returning ${sql.raw(PAYMENT_SELECT)}, p.workspace_id as "workspaceId",
          (p.status, p.amount_refunded, p.next_action_url, p.last_error, p.stripe_payment_intent_id) is distinct from
          (before.status, before.amount_refunded, before.next_action_url, before.last_error, before.stripe_payment_intent_id) as changed`,
  );
  if (!row) throw notFound('Payment');
  const { workspaceId, changed, ...rest } = row;
  const payment = toPayment(rest);
  const events: DomainEvent[] = [];
  const order = await syncOrderPayment(tx, payment.orderId, (...more) => events.push(...more));
  if (changed) events.push(workspaceEvent(workspaceId, 'payment.updated', { payment }));
  if (order) events.push(orderUpdated(workspaceId, order));
  return { payment, order, events };
}

const stateOf = (intent: Stripe.PaymentIntent, lastError?: string | null): IntentState => ({
  status: intentStatus(intent),
  nextActionUrl: nextActionUrl(intent),
  lastError: lastError ?? intent.last_payment_error?.message ?? null,
  stripePaymentIntentId: intent.id,
  clientSecret: intent.client_secret,
});

/** POST /payments/intent: the order's open payment (200), or a new attempt for its unpaid amount (201). */
export async function createPaymentIntent(ctx: MemberContext, orderId: string): Promise<Payment | Reply<Payment>> {
  const attempt = await withEvents(ctx, async (tx) => {
    const [order] = await rowsOf<{ id: string; number: number; total: number; currency: string; status: string; amountPaid: number }>(
      tx,
      sql`select id, number, total, currency, status, amount_paid as "amountPaid" from orders where id = ${orderId} and workspace_id = ${ctx.workspaceId} for update`,
    );
    if (!order) throw new ApiError(422, 'validation_failed', 'No such order in this workspace', [{ path: 'orderId', message: 'No such order' }]);
    if (order.status === 'cancelled') throw conflict('This order is cancelled');
    const [open] = await rowsOf<PaymentRow & { attempt: number }>(
      tx,
      sql`select ${sql.raw(PAYMENT_SELECT)}, p.attempt from payments p where p.order_id = ${orderId}
          and p.status in (${sql.join(
            OPEN.map((s) => sql`${s}`),
            sql`, `,
          )}) order by p.attempt desc limit 1`,
    );
    if (open) return { existing: open, order };
    const unpaid = order.total - order.amountPaid;
    if (unpaid <= 0) throw conflict('This order is paid');
    const [row] = await rowsOf<PaymentRow & { attempt: number }>(
      tx,
      sql`insert into payments (workspace_id, order_id, attempt, amount, currency)
          values (${ctx.workspaceId}, ${orderId}, (select coalesce(max(attempt), 0) + 1 from payments where order_id = ${orderId}), ${unpaid}, ${order.currency})
          returning id, attempt, amount, currency`,
    );
    return { existing: null, created: row!, order };
  });
  if (attempt.existing?.stripePaymentIntentId) return new Reply(200, toPayment(attempt.existing));
  const target = attempt.existing ?? attempt.created!;
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe().paymentIntents.create(
      {
        amount: target.amount,
        currency: target.currency,
        description: `Order #${attempt.order.number}`,
        metadata: { workspaceId: ctx.workspaceId, orderId, paymentId: target.id },
      },
      // The same order and attempt always name the same PaymentIntent, however often this is retried.
      { idempotencyKey: `order-${orderId}-attempt-${target.attempt}` },
    );
  } catch (err) {
    throw stripeFailure(err);
  }
  const applied = await withEvents(ctx, async (tx, emit) => {
    const result = await applyIntent(tx, target.id, stateOf(intent));
    emit(...result.events);
    return result.payment;
  });
  return attempt.existing ? new Reply(200, applied) : applied;
}

/** POST /payments/confirm: confirms server-side; a declined card answers the payment as failed (200). */
export async function confirmPayment(ctx: MemberContext, body: z.output<typeof confirmPaymentBodySchema>): Promise<Payment> {
  const payment = await paymentInTx(ctx.db, ctx.workspaceId, body.paymentId);
  if (!payment) throw new ApiError(422, 'validation_failed', 'No such payment in this workspace', [{ path: 'paymentId', message: 'No such payment' }]);
  if (!payment.stripePaymentIntentId) throw conflict('This payment has no PaymentIntent yet: create the intent again');
  if (!OPEN.includes(payment.status) && payment.status !== 'failed') throw conflict(`This payment is ${payment.status}`);
  let intent: Stripe.PaymentIntent;
  let declined: string | null = null;
  try {
    intent = await stripe().paymentIntents.confirm(payment.stripePaymentIntentId, {
      payment_method: body.paymentMethod,
      return_url: body.returnUrl ?? appLink(`/w/${ctx.workspaceId}/orders/${payment.orderId}`),
    });
  } catch (err) {
    const card = err as { type?: string; message?: string; payment_intent?: Stripe.PaymentIntent; raw?: { payment_intent?: Stripe.PaymentIntent } };
    const failed = card.payment_intent ?? card.raw?.payment_intent;
    if (card.type !== 'StripeCardError' || !failed) throw stripeFailure(err);
    intent = failed;
    declined = card.message ?? 'The card was declined';
  }
  return withEvents(ctx, async (tx, emit) => {
    const result = await applyIntent(tx, payment.id, stateOf(intent, declined));
    emit(...result.events);
    return result.payment;
  });
}

/** GET /payments/{id}: the stored payment, refreshed from Stripe while it is not final. */
export async function refreshPayment(origin: EventOrigin, payment: Payment): Promise<Payment> {
  if (!payment.stripePaymentIntentId || !OPEN.includes(payment.status)) return payment;
  let intent: Stripe.PaymentIntent;
  try {
    intent = await stripe().paymentIntents.retrieve(payment.stripePaymentIntentId);
  } catch (err) {
    console.warn('[stripe] refreshing a payment failed:', (err as Error).message);
    return payment; // the stored state is still true, only maybe behind
  }
  if (intentStatus(intent) === payment.status) return payment;
  return withEvents(origin, async (tx, emit) => {
    const result = await applyIntent(tx, payment.id, stateOf(intent));
    emit(...result.events);
    return result.payment;
  });
}

/**
 * POST /payments/{id}/refund: reserves the amount on the payment with one conditional UPDATE (two concurrent
 * refunds can never exceed what was paid), asks Stripe with the refund's own id as idempotency key, and
 * releases the reservation if Stripe refuses.
 */
export async function refundPayment(ctx: MemberContext, paymentId: string, body: z.output<typeof refundBodySchema>): Promise<Refund> {
  const refundId = randomUUID();
  const reserved = await withEvents(ctx, async (tx, emit) => {
    const payment = await paymentInTx(tx, ctx.workspaceId, paymentId);
    if (!payment) throw notFound('Payment');
    if (payment.status !== 'succeeded') throw conflict(`Only a succeeded payment can be refunded; this one is ${payment.status}`);
    const remaining = payment.amount - payment.amountRefunded;
    const amount = body.amount ?? remaining;
    const [row] = await rowsOf<{ id: string }>(
      tx,
      sql`update payments set amount_refunded = amount_refunded + ${amount}, updated_at = now()
          where id = ${paymentId} and status = 'succeeded' and ${amount} > 0 and amount_refunded + ${amount} <= amount returning id`,
    );
    if (!row) {
      const [now] = await rowsOf<{ left: number }>(tx, sql`select amount - amount_refunded as left from payments where id = ${paymentId}`);
      throw new ApiError(422, 'validation_failed', `At most ${now?.left ?? remaining} can still be refunded`, [
        { path: 'amount', message: `At most ${now?.left ?? remaining} (minor units) remains refundable` },
      ]);
    }
    await tx.execute(
      sql`insert into refunds (id, workspace_id, payment_id, amount, reason, created_by) values (${refundId}, ${ctx.workspaceId}, ${paymentId}, ${amount}, ${body.reason ?? null}, ${ctx.user.id})`,
    );
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'payment.refunded',
      subjectId: payment.orderId,
      metadata: { number: payment.orderNumber, amount, currency: payment.currency },
    });
    const order = await syncOrderPayment(tx, payment.orderId, emit);
    const updated = (await paymentInTx(tx, ctx.workspaceId, paymentId))!;
    emit(workspaceEvent(ctx.workspaceId, 'payment.updated', { payment: toPayment(updated) }));
    if (order) emit(orderUpdated(ctx.workspaceId, order));
    return { amount, intent: payment.stripePaymentIntentId! };
  });
  let stripeRefund: Stripe.Refund;
  try {
    stripeRefund = await stripe().refunds.create(
      {
        payment_intent: reserved.intent,
        amount: reserved.amount,
        ...(body.reason ? { reason: body.reason } : {}),
        metadata: { refundId, workspaceId: ctx.workspaceId },
      },
      { idempotencyKey: `refund-${refundId}` },
    );
  } catch (err) {
    await withEvents(ctx, async (tx, emit) => {
      await tx.execute(sql`update refunds set status = 'failed' where id = ${refundId}`);
      await tx.execute(sql`update payments set amount_refunded = amount_refunded - ${reserved.amount}, updated_at = now() where id = ${paymentId}`);
      const updated = (await paymentInTx(tx, ctx.workspaceId, paymentId))!;
      const order = await syncOrderPayment(tx, updated.orderId, emit);
      emit(workspaceEvent(ctx.workspaceId, 'payment.updated', { payment: toPayment(updated) }));
      if (order) emit(orderUpdated(ctx.workspaceId, order));
    });
    throw stripeFailure(err);
  }
  const status =
    stripeRefund.status === 'failed' || stripeRefund.status === 'canceled' ? 'failed' : stripeRefund.status === 'succeeded' ? 'succeeded' : 'pending';
  await ctx.db.execute(sql`update refunds set status = ${status}, stripe_refund_id = ${stripeRefund.id} where id = ${refundId}`);
  return { id: refundId, paymentId, amount: reserved.amount, status };
}

const formatMoney = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);

/** POST /payments/link: a Checkout Session for the unpaid amount; with a conversation, posted into it. */
export async function createPaymentLink(ctx: MemberContext, orderId: string, conversationId: string | undefined): Promise<{ url: string }> {
  const order = await orderInTx(ctx.db, ctx.workspaceId, orderId);
  if (!order) throw new ApiError(422, 'validation_failed', 'No such order in this workspace', [{ path: 'orderId', message: 'No such order' }]);
  if (order.status === 'cancelled') throw conflict('This order is cancelled');
  const unpaid = order.total - order.amountPaid;
  if (unpaid <= 0) throw conflict('This order is paid');
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe().checkout.sessions.create({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: order.currency, unit_amount: unpaid, product_data: { name: `Order #${order.number}` } } }],
      metadata: { workspaceId: ctx.workspaceId, orderId },
      payment_intent_data: { metadata: { workspaceId: ctx.workspaceId, orderId } },
      success_url: appLink(`/payment-complete?order=${order.number}`),
      cancel_url: appLink(`/payment-complete?order=${order.number}&cancelled=1`),
    });
  } catch (err) {
    throw stripeFailure(err);
  }
  if (!session.url) throw new ApiError(503, 'unavailable', 'The payment provider returned no link');
  if (conversationId) {
    const { postMessage } = await import('../inbox/service.js');
    await postMessage(ctx, conversationId, {
      content: `Here is the payment link for order #${order.number} (${formatMoney(unpaid, order.currency)}): ${session.url}`,
      senderType: 'agent',
    });
  }
  return { url: session.url };
}
