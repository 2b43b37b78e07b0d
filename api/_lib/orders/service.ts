// Writes to orders, each one transaction: prices copied from the products, tracked stock taken by a conditional
// UPDATE (the table's CHECK keeps it from going below zero whatever happens), a per-workspace number from 1001,
// status moves guarded by `WHERE status = any(allowed sources)`, and the payment status recomputed in SQL from
// the order's payments whenever one changes.
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { ORDER_TRANSITIONS, type createOrderBodySchema, type Order, type OrderStatus, type setOrderStatusBodySchema } from '../../../contracts/orders.js';
import { rowsOf, type Db, type Tx } from '../../../db/client.js';
import { recordActivity } from '../activity/record.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { ApiError, conflict, invalidField, notFound, validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { insertMessage } from '../inbox/service.js';
import { ORDER_SELECT, toOrder, type OrderRow } from './queries.js';

type CreateOrderBody = z.output<typeof createOrderBodySchema>;

/** The first order number of a workspace (API.md). */
export const FIRST_ORDER_NUMBER = 1001;

/** The order as the API shows it, read inside the caller's transaction. */
export async function orderInTx(tx: Db | Tx, workspaceId: string, id: string): Promise<Order | null> {
  const [row] = await rowsOf<OrderRow>(tx, sql`select ${sql.raw(ORDER_SELECT)} from orders where id = ${id} and workspace_id = ${workspaceId}`);
  return row ? toOrder(row) : null;
}

export const orderUpdated = (workspaceId: string, order: Order): DomainEvent => workspaceEvent(workspaceId, 'order.updated', { order });

/**
 * Creates an order inside the caller's transaction (an agent's POST, or a public form submission with no
 * actor). Returns the order and its events for the caller to emit.
 */
export async function createOrderInTx(
  tx: Tx,
  workspaceId: string,
  body: CreateOrderBody,
  actorId: string | null,
): Promise<{ order: Order; events: DomainEvent[] }> {
  const ids = [...new Set(body.items.map((i) => i.productId))];
  const found = await rowsOf<{ id: string; sku: string; name: string; price: number; currency: string; stock: number | null; active: boolean }>(
    tx,
    sql`select id, sku, name, price, currency, stock, active from products
        where workspace_id = ${workspaceId} and id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  const byId = new Map(found.map((p) => [p.id, p]));
  const details: { path: string; message: string }[] = [];
  body.items.forEach((item, i) => {
    const product = byId.get(item.productId);
    if (!product) details.push({ path: `items.${i}.productId`, message: 'No such product in this workspace' });
    else if (!product.active) details.push({ path: `items.${i}.productId`, message: `${product.name} is not for sale (inactive)` });
  });
  if (details.length > 0) throw validationFailed(details);
  const currencies = new Set(found.map((p) => p.currency));
  if (currencies.size > 1) throw invalidField('items', `One order takes one currency; these items are in ${[...currencies].join(', ').toUpperCase()}`);

  // The customer: the one given, else the conversation's (its name goes into the answer).
  let customer: { id: string; name: string } | null = null;
  if (body.conversationId) {
    const [conversation] = await rowsOf<{ customerId: string; customerName: string }>(
      tx,
      sql`select v.customer_id as "customerId", c.name as "customerName" from conversations v join customers c on c.id = v.customer_id
          where v.id = ${body.conversationId} and v.workspace_id = ${workspaceId} and v.deleted_at is null`,
    );
    if (!conversation) throw invalidField('conversationId', 'No such conversation in this workspace');
    customer = { id: conversation.customerId, name: conversation.customerName };
  }
  if (body.customerId && body.customerId !== customer?.id) {
    const [given] = await rowsOf<{ id: string; name: string }>(
      tx,
      sql`select id, name from customers where id = ${body.customerId} and workspace_id = ${workspaceId}`,
    );
    if (!given) throw invalidField('customerId', 'No such customer in this workspace');
    customer = given;
  }

  // Take tracked stock: one UPDATE for every product, each row only if it has enough. Rows locked by a
  // concurrent order are re-checked once it commits, so stock can never be oversold.
  const wanted = new Map<string, number>();
  for (const item of body.items) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.quantity);
  const tracked = [...wanted].filter(([id]) => byId.get(id)!.stock !== null);
  if (tracked.length > 0) {
    const taken = await rowsOf<{ id: string }>(
      tx,
      // The rows are locked in id order first (every order and cancellation does so), so two orders naming the
      // same products in another order wait for each other instead of deadlocking.
      sql`with w(id, quantity) as (values ${sql.join(
        tracked.map(([id, quantity]) => sql`(${id}::uuid, ${quantity}::int)`),
        sql`, `,
      )}), locked as materialized (
          select p.id from products p where p.id in (select id from w) and p.workspace_id = ${workspaceId} order by p.id for no key update
        )
        update products p set stock = p.stock - w.quantity, updated_at = now()
        from w, locked l
        where p.id = w.id and l.id = p.id and p.stock is not null and p.stock >= w.quantity
        returning p.id`,
    );
    if (taken.length < tracked.length) {
      const short = tracked.filter(([id]) => !taken.some((t) => t.id === id)).map(([id]) => byId.get(id)!);
      throw new ApiError(
        409,
        'out_of_stock',
        `Not enough stock for ${short.map((p) => p.name).join(', ')}`,
        short.map((p) => ({ path: `items.${body.items.findIndex((i) => i.productId === p.id)}.productId`, message: `${p.name} (${p.sku}) is out of stock` })),
      );
    }
  }

  const lines = body.items.map((item, position) => {
    const product = byId.get(item.productId)!;
    return {
      position,
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: item.quantity,
      unitPrice: product.price,
      total: product.price * item.quantity,
    };
  });
  const subtotal = lines.reduce((sum, l) => sum + l.total, 0);
  if (subtotal > 99_999_999) throw invalidField('items', 'The order total is too large');
  const currency = found[0]!.currency;
  // The number, the order and its items in one statement: the stock rows stay locked until COMMIT, so the fewer
  // round trips from here on, the sooner a concurrent order for the same products goes on.
  const [row] = await rowsOf<{ id: string; number: number; createdAt: Date | string; updatedAt: Date | string }>(
    tx,
    sql`with n as (
          insert into workspace_counters (workspace_id, name, value) values (${workspaceId}, 'order', ${FIRST_ORDER_NUMBER})
          on conflict (workspace_id, name) do update set value = workspace_counters.value + 1 returning value
        ), o as (
          insert into orders (workspace_id, number, customer_id, conversation_id, currency, subtotal, total, notes)
          select ${workspaceId}, n.value, ${customer?.id ?? null}::uuid, ${body.conversationId ?? null}::uuid, ${currency}, ${subtotal}, ${subtotal}, ${body.notes ?? null} from n
          returning id, number, created_at, updated_at
        ), i as (
          insert into order_items (workspace_id, order_id, position, product_id, sku, name, quantity, unit_price, total)
          select ${workspaceId}, o.id, l.position, l.product_id, l.sku, l.name, l.quantity, l.unit_price, l.total
          from o, (values ${sql.join(
            lines.map(
              (l) => sql`(${l.position}::int, ${l.productId}::uuid, ${l.sku}::text, ${l.name}::text, ${l.quantity}::int, ${l.unitPrice}::int, ${l.total}::int)`,
            ),
            sql`, `,
          )}) as l(position, product_id, sku, name, quantity, unit_price, total)
        )
        select id, number, created_at as "createdAt", updated_at as "updatedAt" from o`,
  );
  if (actorId) {
    await recordActivity(tx, {
      workspaceId,
      actorId,
      action: 'order.created',
      subjectId: row!.id,
      metadata: { number: row!.number, total: subtotal, currency, ...(customer ? { customerName: customer.name } : {}) },
    });
  }
  const created = toOrder({
    id: row!.id,
    number: row!.number,
    customerId: customer?.id ?? null,
    customerName: customer?.name ?? null,
    conversationId: body.conversationId ?? null,
    items: lines.map(({ productId, sku, name, quantity, unitPrice, total }) => ({ productId, sku, name, quantity, unitPrice, total })),
    subtotal,
    total: subtotal,
    currency,
    status: 'pending',
    paymentStatus: 'unpaid',
    amountPaid: 0,
    amountRefunded: 0,
    notes: body.notes ?? null,
    createdAt: row!.createdAt,
    updatedAt: row!.updatedAt,
  });
  const events: DomainEvent[] = [workspaceEvent(workspaceId, 'order.created', { order: created })];
  // Stock moved: product lists and pickers follow.
  for (const [id] of tracked) {
    const p = byId.get(id)!;
    events.push(workspaceEvent(workspaceId, 'product.stock_changed', { id, stock: p.stock! - wanted.get(id)! }));
  }
  return { order: created, events };
}

export async function createOrder(ctx: MemberContext, body: CreateOrderBody): Promise<Order> {
  return withEvents(ctx, async (tx, emit) => {
    const { order, events } = await createOrderInTx(tx, ctx.workspaceId, body, ctx.user.id);
    emit(...events);
    return order;
  });
}

/** PUT /orders/{id}/status: one conditional UPDATE; cancelling returns tracked stock in the same transaction. */
export async function setOrderStatus(ctx: MemberContext, id: string, body: z.output<typeof setOrderStatusBodySchema>): Promise<Order> {
  const to = body.status as OrderStatus;
  const from = (Object.keys(ORDER_TRANSITIONS) as OrderStatus[]).filter((s) => ORDER_TRANSITIONS[s].includes(to));
  return withEvents(ctx, async (tx, emit) => {
    const moved = await rowsOf<{ from: OrderStatus; number: number }>(
      tx,
      sql`update orders o set status = ${to}, updated_at = now()
          from (select id, status from orders where id = ${id} and workspace_id = ${ctx.workspaceId} for update) before
          where o.id = before.id and before.status = any(${sql.raw(`array[${from.map((s) => `'${s}'`).join(',') || "''"}]::text[]`)})
            ${to === 'cancelled' ? sql`and o.amount_paid <= o.amount_refunded and o.payment_status not in ('processing', 'requires_action')` : sql``}
          returning before.status as "from", o.number`,
    );
    if (moved.length === 0) {
      const [current] = await rowsOf<{ status: OrderStatus; amountPaid: number; amountRefunded: number; paymentStatus: string }>(
        tx,
        sql`select status, amount_paid as "amountPaid", amount_refunded as "amountRefunded", payment_status as "paymentStatus" from orders where id = ${id} and workspace_id = ${ctx.workspaceId}`,
      );
      if (!current) throw notFound('Order');
      if (from.includes(current.status) && to === 'cancelled') {
        throw conflict(
          current.amountPaid > current.amountRefunded
            ? 'This order is paid: refund the payment before cancelling it'
            : 'A payment of this order is in progress: wait for it to finish',
        );
      }
      const allowed = ORDER_TRANSITIONS[current.status];
      throw new ApiError(
        409,
        'invalid_transition',
        allowed.length === 0 ? `A ${current.status} order cannot change` : `A ${current.status} order can move to ${allowed.join(' or ')}, not ${to}`,
        allowed.map((s) => ({ path: 'status', message: s })),
      );
    }
    if (to === 'cancelled') {
      // Locked in id order, as orders lock them (see createOrderInTx).
      await tx.execute(sql`with i as (select product_id, sum(quantity)::int as quantity from order_items where order_id = ${id} group by product_id),
        locked as materialized (select p.id from products p where p.id in (select product_id from i) order by p.id for no key update)
        update products p set stock = p.stock + i.quantity, updated_at = now()
        from i, locked l
        where p.id = i.product_id and l.id = p.id and p.stock is not null`);
    }
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'order.status_changed',
      subjectId: id,
      metadata: { number: moved[0]!.number, from: moved[0]!.from, to, ...(body.reason ? { reason: body.reason } : {}) },
    });
    const order = (await orderInTx(tx, ctx.workspaceId, id))!;
    emit(orderUpdated(ctx.workspaceId, order));
    return order;
  });
}

/**
 * Recomputes an order's paid and refunded amounts and its payment status from its payments (inside the
 * transaction that changed one). Returns the order when something changed. An order that becomes paid (from
 * unpaid, processing, requiring action or failed) gets an "Order #1042 paid · $54.00" line in its customer's
 * most recent conversation, emitted through `emit` with the order's other events.
 */
export async function syncOrderPayment(tx: Tx, orderId: string, emit: (...events: DomainEvent[]) => void): Promise<Order | null> {
  const [row] = await rowsOf<{ id: string; workspaceId: string; before: string }>(
    tx,
    sql`with s as (
          select coalesce(sum(amount) filter (where status = 'succeeded'), 0)::int as paid,
                 coalesce(sum(amount_refunded) filter (where status = 'succeeded'), 0)::int as refunded,
                 coalesce(bool_or(status = 'processing'), false) as processing,
                 coalesce(bool_or(status = 'requires_action'), false) as action,
                 (array_agg(status order by attempt desc))[1] as latest
          from payments where order_id = ${orderId}
        ), n as (
          select s.paid, s.refunded, o.payment_status as before, case
            when s.paid > 0 and s.refunded >= s.paid then 'refunded'
            when s.refunded > 0 then 'partially_refunded'
            when s.paid > 0 and s.paid >= o.total then 'paid'
            when s.processing then 'processing'
            when s.action then 'requires_action'
            when s.latest = 'failed' then 'failed'
            else 'unpaid' end as status
          from s, orders o where o.id = ${orderId}
        )
        update orders o set amount_paid = n.paid, amount_refunded = n.refunded, payment_status = n.status, updated_at = now()
        from n where o.id = ${orderId} and (o.amount_paid, o.amount_refunded, o.payment_status) is distinct from (n.paid, n.refunded, n.status)
        returning o.id, o.workspace_id as "workspaceId", n.before`,
  );
  if (!row) return null;
  const order = await orderInTx(tx, row.workspaceId, row.id);
  if (order && order.paymentStatus === 'paid' && !PAID_BEFORE.has(row.before)) await postOrderPaid(tx, emit, row.workspaceId, order);
  return order;
}

/** Payment statuses after which `paid` is no news (a failed refund restoring it, say). */
const PAID_BEFORE = new Set(['paid', 'partially_refunded', 'refunded']);

/** "$54.00": the amount in minor units, in its currency (an unknown code as "54.00 XYZ"). */
export function formatOrderMoney(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${(amount / 100).toFixed(2)} ${code}`;
  }
}

/**
 * The `order.paid` system line, in the customer's most recent conversation (by last activity, whatever its
 * status; its status is left as it is). Nothing when the order has no customer or they have no conversation.
 */
async function postOrderPaid(tx: Tx, emit: (...events: DomainEvent[]) => void, workspaceId: string, order: Order): Promise<void> {
  if (!order.customer) return;
  const [latest] = await rowsOf<{ id: string }>(
    tx,
    sql`select id from conversations where customer_id = ${order.customer.id} and workspace_id = ${workspaceId} and deleted_at is null
        order by sort_at desc, id desc limit 1`,
  );
  if (!latest) return;
  await insertMessage(tx, emit, {
    workspaceId,
    conversationId: latest.id,
    senderType: 'system',
    senderId: null,
    content: `Order #${order.number} paid · ${formatOrderMoney(order.total, order.currency)}`,
    event: { type: 'order.paid', actorId: null, data: { orderId: order.id, number: order.number, total: order.total, currency: order.currency } },
  });
}
