// /api/workspaces/{wid}/orders: viewers read and export, agents create and move orders.
import { orderEndpoints } from '../../../contracts/orders.js';
import { streamCsv } from '../http/csv.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readOrder, readOrderPage, readOrderPayments, readOrders, toOrder, type OrderRow } from './queries.js';
import { createOrder, setOrderStatus } from './service.js';

const money = (amount: number) => (amount / 100).toFixed(2);

export const routes = implement(orderEndpoints, {
  listOrders: (ctx, { query }) => readOrders(ctx.scope, query),
  createOrder: (ctx, { body }) => createOrder(ctx, body),
  async exportOrders(ctx, { query }) {
    await streamCsv(
      ctx.res,
      'orders.csv',
      ['number', 'createdAt', 'customer', 'items', 'currency', 'subtotal', 'total', 'status', 'paymentStatus', 'amountPaid', 'amountRefunded', 'notes'],
      (row: OrderRow & { sortValue: string }) => {
        const o = toOrder(row);
        return [
          o.number,
          o.createdAt,
          o.customer?.name,
          o.items.map((i) => `${i.sku} x${i.quantity}`).join('; '),
          o.currency,
          money(o.subtotal),
          money(o.total),
          o.status,
          o.paymentStatus,
          money(o.amountPaid),
          money(o.amountRefunded),
          o.notes,
        ];
      },
      (after: (OrderRow & { sortValue: string }) | null, limit) => readOrderPage(ctx.scope, query, after, limit),
    );
    return undefined;
  },
  async getOrder(ctx, { params }) {
    const found = await readOrder(ctx.scope, params.id);
    if (!found) throw notFound('Order');
    return found;
  },
  setOrderStatus: (ctx, { params, body }) => setOrderStatus(ctx, params.id, body),
  async getOrderPayments(ctx, { params }) {
    const found = await readOrderPayments(ctx.scope, params.id);
    if (!found) throw notFound('Order');
    return found;
  },
});
