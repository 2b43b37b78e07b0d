// Reads of orders: one round trip each, the caller check folded into the statement. An order row carries its
// customer's name and its items (as JSON), so a list is one statement however many orders it shows.
import type { Order, OrderPayments, Payment, PaymentEvent } from '../../../contracts/orders.js';
import { decodeSortedCursor, sortedKeyset, sortedPage, sortKey } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement, type Row } from '../http/read-scope.js';

export type OrderRow = {
  id: string;
  number: number;
  customerId: string | null;
  customerName: string | null;
  conversationId: string | null;
  items: Order['items'];
  subtotal: number;
  total: number;
  currency: string;
  status: Order['status'];
  paymentStatus: Order['paymentStatus'];
  amountPaid: number;
  amountRefunded: number;
  notes: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

export const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  number: r.number,
  customer: r.customerId ? { id: r.customerId, name: r.customerName ?? '' } : null,
  conversationId: r.conversationId,
  items: r.items,
  subtotal: r.subtotal,
  total: r.total,
  currency: r.currency,
  status: r.status,
  paymentStatus: r.paymentStatus,
  amountPaid: r.amountPaid,
  amountRefunded: r.amountRefunded,
  notes: r.notes,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** The columns of an order row, over `orders` unaliased (used by reads and by the writes' RETURNING). */
export const ORDER_SELECT = `id, number, customer_id as "customerId",
  (select c.name from customers c where c.id = orders.customer_id) as "customerName",
  conversation_id as "conversationId",
  (select coalesce(json_agg(json_build_object('productId', i.product_id, 'sku', i.sku, 'name', i.name, 'quantity', i.quantity,
     'unitPrice', i.unit_price, 'total', i.total) order by i.position), '[]'::json) from order_items i where i.order_id = orders.id) as items,
  subtotal, total, currency, status, payment_status as "paymentStatus", amount_paid as "amountPaid",
  amount_refunded as "amountRefunded", notes, created_at as "createdAt", updated_at as "updatedAt"`;

export const ORDER_SORT_FIELDS = {
  number: { expr: 'number', type: 'integer' },
  total: { expr: 'total', type: 'integer' },
  createdAt: { expr: 'created_at', type: 'timestamptz' },
} as const;

export interface OrderFilters {
  status?: string;
  paymentStatus?: string;
  customerId?: string;
  conversationId?: string;
  q?: string;
  sort: string;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;
const statements = new Map<string, ReadStatement>();

function listStatement(f: OrderFilters, paged: boolean): ReadStatement {
  const key = [f.sort, f.status && 's', f.paymentStatus && 'p', f.customerId && 'c', f.conversationId && 'v', f.q && 'q', paged && 'k'].join('|');
  const cached = statements.get(key);
  if (cached) return cached;
  const keyset = sortedKeyset(sortKey(f.sort, ORDER_SORT_FIELDS));
  const where = ['caller.ok', 'workspace_id = :wid'];
  if (f.status) where.push('status = :status');
  if (f.paymentStatus) where.push('payment_status = :paymentStatus');
  if (f.customerId) where.push('customer_id = :customerId');
  if (f.conversationId) where.push('conversation_id = :conversationId');
  if (f.q)
    where.push(
      `(number::text = :q or customer_id in (select c.id from customers c where c.workspace_id = :wid and (c.name ilike :pattern or c.email ilike :pattern)))`,
    );
  if (paged) where.push(keyset.after);
  const statement = readStatement(
    'workspace',
    `orders_list_${statements.size}`,
    `select ${ORDER_SELECT}, ${keyset.columns} from orders where ${where.join(' and ')} order by ${keyset.orderBy} limit :limit`,
    keyset.outerOrderBy,
  );
  statements.set(key, statement);
  return statement;
}

function listValues(f: OrderFilters, after: { value: string; id: string } | null, limit: number) {
  return {
    status: f.status,
    paymentStatus: f.paymentStatus,
    customerId: f.customerId,
    conversationId: f.conversationId,
    q: f.q?.replace(/^#/, ''),
    pattern: f.q ? likePattern(f.q) : undefined,
    sortValue: after?.value,
    cursorId: after?.id,
    limit,
  };
}

export async function readOrders(scope: ReadScope, query: OrderFilters & { limit: number; cursor?: string }) {
  const cursor = decodeSortedCursor(query.cursor, query.sort);
  const rows = await scope.read<OrderRow & Row & { sortValue: string }>(listStatement(query, cursor !== null), listValues(query, cursor, query.limit + 1));
  return sortedPage(rows, query.limit, query.sort, toOrder);
}

/** One page of the export, after the previous page's last row. */
export function readOrderPage(scope: ReadScope, filters: OrderFilters, after: { sortValue: string; id: string } | null, limit: number) {
  return scope.read<OrderRow & Row & { sortValue: string }>(
    listStatement(filters, after !== null),
    listValues(filters, after ? { value: after.sortValue, id: after.id } : null, limit),
  );
}

const ONE = readStatement('workspace', 'orders_one', `select ${ORDER_SELECT} from orders where caller.ok and id = :id and workspace_id = :wid`);

export async function readOrder(scope: ReadScope, id: string): Promise<Order | null> {
  const [row] = await scope.read<OrderRow & Row>(ONE, { id });
  return row ? toOrder(row) : null;
}

export type PaymentRow = {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  status: Payment['status'];
  amountRefunded: number;
  stripePaymentIntentId: string | null;
  clientSecret: string | null;
  nextActionUrl: string | null;
  lastError: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

export const toPayment = (r: PaymentRow): Payment => ({ ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

export const PAYMENT_SELECT = `p.id, p.order_id as "orderId", p.amount, p.currency, p.status, p.amount_refunded as "amountRefunded",
  p.stripe_payment_intent_id as "stripePaymentIntentId", p.client_secret as "clientSecret", p.next_action_url as "nextActionUrl",
  p.last_error as "lastError", p.created_at as "createdAt", p.updated_at as "updatedAt"`;

// The order's payments and its timeline in one statement: the order must be in the workspace (else 404).
const PAYMENTS = readStatement(
  'workspace',
  'orders_payments',
  `select o.id as "orderId",
     (select coalesce(json_agg(x order by x."createdAt"), '[]'::json) from (select ${PAYMENT_SELECT} from payments p where p.order_id = o.id) x) as payments,
     (select coalesce(json_agg(json_build_object('id', e.id, 'type', e.type, 'paymentId', e.payment_id, 'amount', e.amount, 'status', e.status,
        'message', e.message, 'createdAt', e.occurred_at) order by e.occurred_at, e.received_at), '[]'::json)
      from stripe_events e where e.order_id = o.id) as events
   from orders o where caller.ok and o.id = :id and o.workspace_id = :wid`,
);

export async function readOrderPayments(scope: ReadScope, id: string): Promise<OrderPayments | null> {
  const [row] = await scope.read<Row & { payments: PaymentRow[]; events: (Omit<PaymentEvent, 'createdAt'> & { createdAt: string })[] }>(PAYMENTS, { id });
  if (!row) return null;
  return { payments: row.payments.map(toPayment), events: row.events.map((e) => ({ ...e, createdAt: iso(e.createdAt) })) };
}

const PAYMENT_ONE = readStatement(
  'workspace',
  'payments_one',
  `select ${PAYMENT_SELECT} from payments p where caller.ok and p.id = :id and p.workspace_id = :wid`,
);

export async function readPayment(scope: ReadScope, id: string): Promise<Payment | null> {
  const [row] = await scope.read<PaymentRow & Row>(PAYMENT_ONE, { id });
  return row ? toPayment(row) : null;
}
