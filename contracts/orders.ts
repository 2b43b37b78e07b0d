// /api/workspaces/{wid}/orders (served by the commerce function): orders with prices copied at order time,
// a status machine, and a payment status that follows the order's Stripe payments.
import { z } from 'zod';
import { action } from './activity-action.js';
import {
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  NUL_MESSAGE,
  sortSchema,
  timestampSchema,
  workspaceParamsSchema,
} from './common.js';
import { endpoint } from './endpoint.js';

export const ORDER_STATUSES = ['pending', 'processing', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const orderStatusSchema = z.enum(ORDER_STATUSES);

/** The order status machine (API.md): where each status may go; completed and cancelled are final. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['processing', 'cancelled'],
  processing: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const ORDER_PAYMENT_STATUSES = ['unpaid', 'processing', 'requires_action', 'paid', 'partially_refunded', 'refunded', 'failed'] as const;
export type OrderPaymentStatus = (typeof ORDER_PAYMENT_STATUSES)[number];
export const orderPaymentStatusSchema = z.enum(ORDER_PAYMENT_STATUSES);

export const orderItemSchema = z.object({
  productId: idSchema,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  total: z.number().int(),
});

export const orderSchema = z.object({
  id: idSchema,
  number: z.number().int(),
  customer: z.object({ id: idSchema, name: z.string() }).nullable(),
  conversationId: idSchema.nullable(),
  items: z.array(orderItemSchema),
  subtotal: z.number().int(),
  total: z.number().int(),
  currency: z.string(),
  status: orderStatusSchema,
  paymentStatus: orderPaymentStatusSchema,
  amountPaid: z.number().int(),
  amountRefunded: z.number().int(),
  notes: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Order = z.infer<typeof orderSchema>;
export const orderListSchema = listResponseSchema(orderSchema);

const notesSchema = z.string().max(5_000, 'Use at most 5000 characters').refine(hasNoNul, NUL_MESSAGE);
export const ORDER_MAX_ITEMS = 50;

export const createOrderBodySchema = z.strictObject({
  customerId: idSchema.nullish(),
  conversationId: idSchema.nullish(),
  items: z
    .array(z.strictObject({ productId: idSchema, quantity: z.number().int('Use a whole number').min(1, 'At least 1').max(10_000) }))
    .min(1, 'Add at least one item')
    .max(ORDER_MAX_ITEMS, `At most ${ORDER_MAX_ITEMS} items`),
  notes: notesSchema.nullish(),
});
export type CreateOrderBody = z.input<typeof createOrderBodySchema>;

export const setOrderStatusBodySchema = z.strictObject({
  status: orderStatusSchema,
  reason: z.string().trim().max(500).refine(hasNoNul, NUL_MESSAGE).optional(),
});

export const ORDER_SORTS = ['number', 'total', 'createdAt'] as const;
export const orderFilterSchema = z.object({
  status: orderStatusSchema.optional(),
  paymentStatus: orderPaymentStatusSchema.optional(),
  customerId: idSchema.optional(),
  conversationId: idSchema.optional(),
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  sort: sortSchema(ORDER_SORTS, '-createdAt'),
});
export const orderListQuerySchema = listQuerySchema.extend(orderFilterSchema.shape);
export type OrderListQuery = z.input<typeof orderListQuerySchema>;

export const PAYMENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'succeeded',
  'canceled',
  'failed',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const paymentSchema = z.object({
  id: idSchema,
  orderId: idSchema,
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amountRefunded: z.number().int(),
  stripePaymentIntentId: z.string().nullable(),
  clientSecret: z.string().nullable(),
  /** Where the customer completes a required authentication (3-D Secure), while `requires_action`. */
  nextActionUrl: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Payment = z.infer<typeof paymentSchema>;

/** One Stripe event about an order's payments, as its payment timeline shows it. */
export const paymentEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  paymentId: idSchema.nullable(),
  amount: z.number().int().nullable(),
  status: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: timestampSchema,
});
export type PaymentEvent = z.infer<typeof paymentEventSchema>;

export const orderPaymentsSchema = z.object({ payments: z.array(paymentSchema), events: z.array(paymentEventSchema) });
export type OrderPayments = z.infer<typeof orderPaymentsSchema>;

export const orderEndpoints = {
  listOrders: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/orders',
    access: 'viewer',
    summary:
      'Orders; filter by status, paymentStatus, customerId, conversationId; `q` matches the number or the customer; `sort` by number, total or createdAt',
    params: workspaceParamsSchema,
    query: orderListQuerySchema,
    response: orderListSchema,
  }),
  createOrder: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/orders',
    access: 'agent',
    summary: 'Create an order: prices copied from the products, tracked stock taken (409 out_of_stock naming the items)',
    params: workspaceParamsSchema,
    body: createOrderBodySchema,
    response: orderSchema,
    status: 201,
    idempotent: true,
  }),
  exportOrders: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/orders/export',
    access: 'viewer',
    summary: 'The filtered orders as CSV (text/csv)',
    params: workspaceParamsSchema,
    query: orderFilterSchema,
    raw: true,
  }),
  getOrder: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/orders/:id',
    access: 'viewer',
    summary: 'One order',
    params: itemParamsSchema,
    response: orderSchema,
  }),
  setOrderStatus: endpoint({
    method: 'PUT',
    path: '/api/workspaces/:wid/orders/:id/status',
    access: 'agent',
    summary: 'Move an order along its status machine (409 invalid_transition); cancelling returns tracked stock and needs a paid order refunded first',
    params: itemParamsSchema,
    body: setOrderStatusBodySchema,
    example: { status: 'processing' },
    response: orderSchema,
  }),
  getOrderPayments: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/orders/:id/payments',
    access: 'viewer',
    summary: "The order's payments and its payment timeline (every Stripe event about them, oldest first)",
    params: itemParamsSchema,
    response: orderPaymentsSchema,
  }),
};

/** Events on private-workspace-{wid} (registered in contracts/events.ts). */
export const orderEvents = {
  'order.created': z.object({ order: orderSchema }),
  'order.updated': z.object({ order: orderSchema }),
  'payment.updated': z.object({ payment: paymentSchema }),
};

const money = (amount: number | undefined, currency: string | undefined) =>
  amount === undefined ? '' : ` (${(amount / 100).toFixed(2)} ${(currency ?? '').toUpperCase()})`;

/** Activity actions (registered in contracts/activity.ts). */
export const orderActivity = {
  'order.created': action(
    'order',
    z.object({ number: z.number(), total: z.number().optional(), currency: z.string().optional(), customerName: z.string().optional() }),
    (m, w) => `${w.actor} created order #${m.number ?? ''}${m.customerName ? ` for ${m.customerName}` : ''}${money(m.total, m.currency)}`,
  ),
  'order.status_changed': action(
    'order',
    z.object({ number: z.number(), from: z.string(), to: z.string(), reason: z.string().optional() }),
    (m, w) => `${w.actor} moved order #${m.number ?? ''} from ${m.from ?? '?'} to ${m.to ?? '?'}${m.reason ? `: ${m.reason}` : ''}`,
  ),
  'payment.refunded': action(
    'order',
    z.object({ number: z.number(), amount: z.number(), currency: z.string() }),
    (m, w) =>
      `${w.actor} refunded ${m.amount === undefined ? 'a payment' : `${(m.amount / 100).toFixed(2)} ${(m.currency ?? '').toUpperCase()}`.trim()} on order #${m.number ?? ''}`,
  ),
};
