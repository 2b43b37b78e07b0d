// /api/workspaces/{wid}/payments (served by the commerce function): Stripe PaymentIntents for orders, their
// confirmation, refunds and Checkout payment links. Payment objects are declared with orders (contracts/orders.ts).
import { z } from 'zod';
import { amountSchema, hasNoNul, idSchema, itemParamsSchema, NUL_MESSAGE, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';
import { paymentSchema } from './orders.js';

export const createIntentBodySchema = z.strictObject({ orderId: idSchema });
export const confirmPaymentBodySchema = z.strictObject({
  paymentId: idSchema,
  /** A Stripe PaymentMethod id (`pm_…`; in test mode `pm_card_visa`, `pm_card_chargeDeclined`, …). */
  paymentMethod: z.string().regex(/^pm_[A-Za-z0-9_]{1,200}$/, 'Use a payment method id (pm_…)'),
  returnUrl: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .optional(),
});
export const refundBodySchema = z.strictObject({
  amount: amountSchema.min(1, 'At least 1').optional(),
  reason: z.enum(['requested_by_customer', 'duplicate', 'fraudulent']).optional(),
  note: z.string().trim().max(500).refine(hasNoNul, NUL_MESSAGE).optional(),
});
export const refundSchema = z.object({ id: idSchema, paymentId: idSchema, amount: z.number().int(), status: z.enum(['pending', 'succeeded', 'failed']) });
export type Refund = z.infer<typeof refundSchema>;
export const paymentLinkBodySchema = z.strictObject({ orderId: idSchema, conversationId: idSchema.optional() });
export const paymentLinkSchema = z.object({ url: z.string() });

export const paymentEndpoints = {
  createPaymentIntent: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/payments/intent',
    access: 'agent',
    summary: "A Stripe PaymentIntent for the order's unpaid amount (201); while one is open, 200 with that one",
    params: workspaceParamsSchema,
    body: createIntentBodySchema,
    response: paymentSchema,
    status: 201,
  }),
  confirmPayment: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/payments/confirm',
    access: 'agent',
    summary: 'Confirm a payment server-side with a payment method (a declined card answers the payment as failed)',
    params: workspaceParamsSchema,
    body: confirmPaymentBodySchema,
    response: paymentSchema,
  }),
  createPaymentLink: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/payments/link',
    access: 'agent',
    summary: 'A Stripe Checkout link for the unpaid amount; with a conversation, posted into it as an agent message',
    params: workspaceParamsSchema,
    body: paymentLinkBodySchema,
    response: paymentLinkSchema,
  }),
  getPayment: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/payments/:id',
    access: 'viewer',
    summary: 'One payment, refreshed from Stripe when not final',
    params: itemParamsSchema,
    response: paymentSchema,
  }),
  refundPayment: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/payments/:id/refund',
    access: 'admin',
    summary: 'Refund all or part of a payment (422 beyond what remains refundable)',
    params: itemParamsSchema,
    body: refundBodySchema,
    example: { amount: 100, reason: 'requested_by_customer' },
    response: refundSchema,
    status: 201,
    idempotent: true,
  }),
};
