// /api/workspaces/{wid}/payments: agents take payments, admins refund, viewers read.
import { paymentEndpoints } from '../../../contracts/payments.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readPayment } from '../orders/queries.js';
import { confirmPayment, createPaymentIntent, createPaymentLink, refreshPayment, refundPayment } from './service.js';

export const routes = implement(paymentEndpoints, {
  createPaymentIntent: (ctx, { body }) => createPaymentIntent(ctx, body.orderId),
  confirmPayment: (ctx, { body }) => confirmPayment(ctx, body),
  createPaymentLink: (ctx, { body }) => createPaymentLink(ctx, body.orderId, body.conversationId),
  async getPayment(ctx, { params }) {
    const found = await readPayment(ctx.scope, params.id);
    if (!found) throw notFound('Payment');
    return refreshPayment(ctx, found);
  },
  refundPayment: (ctx, { params, body }) => refundPayment(ctx, params.id, body),
});
