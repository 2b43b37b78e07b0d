// Demo commerce for the demo workspace: a small coffee catalogue (tracked and untracked stock, one inactive),
// orders in each status with their payments and payment timelines, and a public order form. Written with
// plain inserts in the seed's transaction; amounts are minor units.
import { sql } from 'drizzle-orm';
import type { FormField } from '../contracts/forms.js';
import type { Tx } from './client.js';
import { forms } from './schema/forms.js';
import { workspaceCounters } from './schema/inbox.js';
import { orderItems, orders, payments, stripeEvents } from './schema/orders.js';
import { products } from './schema/products.js';

const PRODUCTS = [
  {
    sku: 'BEAN-ETH-250',
    name: 'Ethiopia Yirgacheffe, 250 g',
    price: 1450,
    stock: 42,
    category: 'Beans',
    description: 'Floral and bright, with bergamot and peach.',
  },
  { sku: 'BEAN-COL-250', name: 'Colombia Huila, 250 g', price: 1250, stock: 8, category: 'Beans', description: 'Caramel, red apple, a round body.' },
  { sku: 'BEAN-DEC-250', name: 'Swiss Water decaf, 250 g', price: 1350, stock: 0, category: 'Beans', description: 'All the taste, none of the jitters.' },
  { sku: 'GEAR-V60', name: 'V60 dripper', price: 2900, stock: 15, category: 'Gear', description: 'Ceramic, size 02.' },
  { sku: 'GEAR-FILTERS', name: 'Paper filters (100)', price: 650, stock: null, category: 'Gear', description: null },
  {
    sku: 'SUB-MONTHLY',
    name: 'Monthly bean subscription',
    price: 3900,
    stock: null,
    category: 'Subscriptions',
    description: 'Two bags a month, roaster’s choice.',
  },
  { sku: 'MUG-2019', name: '2019 enamel mug', price: 1800, stock: 3, category: 'Merch', description: 'Retired design.', active: false },
] as const;

const FORM_FIELDS: FormField[] = [
  { key: 'name', label: 'Your name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone', label: 'Phone', type: 'phone', required: false },
  { key: 'grind', label: 'Grind', type: 'select', required: true, options: ['Whole bean', 'Filter', 'Espresso'] },
  { key: 'beans', label: 'What would you like?', type: 'product', required: true },
  { key: 'notes', label: 'Anything else?', type: 'textarea', required: false },
];

export async function seedCommerce(
  tx: Tx,
  { workspaceId, customerIds, conversations }: { workspaceId: string; customerIds: string[]; conversations: { id: string; customerId: string }[] },
) {
  const now = Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
  const created = await tx
    .insert(products)
    .values(PRODUCTS.map((p, i) => ({ workspaceId, currency: 'usd', active: true, ...p, createdAt: at(24 * 40 - i), updatedAt: at(24 * 40 - i) })))
    .returning({ id: products.id, sku: products.sku, name: products.name, price: products.price });
  const bySku = new Map(created.map((p) => [p.sku, p]));

  // status, payment, items (sku × quantity), hours ago, refunded amount
  const ORDERS: { status: string; paid: boolean; items: [string, number][]; hoursAgo: number; refunded?: number; customer: number }[] = [
    {
      status: 'pending',
      paid: false,
      items: [
        ['BEAN-ETH-250', 2],
        ['GEAR-FILTERS', 1],
      ],
      hoursAgo: 3,
      customer: 0,
    },
    {
      status: 'processing',
      paid: true,
      items: [
        ['GEAR-V60', 1],
        ['BEAN-COL-250', 1],
      ],
      hoursAgo: 20,
      customer: 1,
    },
    { status: 'completed', paid: true, items: [['SUB-MONTHLY', 1]], hoursAgo: 24 * 6, customer: 2 },
    { status: 'completed', paid: true, items: [['BEAN-ETH-250', 1]], hoursAgo: 24 * 9, refunded: 500, customer: 3 },
    { status: 'cancelled', paid: false, items: [['BEAN-DEC-250', 2]], hoursAgo: 24 * 12, customer: 0 },
  ];
  let number = 1000;
  for (const [i, o] of ORDERS.entries()) {
    number++;
    const lines = o.items.map(([sku, quantity], position) => {
      const p = bySku.get(sku)!;
      return { position, productId: p.id, sku, name: p.name, quantity, unitPrice: p.price, total: p.price * quantity };
    });
    const total = lines.reduce((s, l) => s + l.total, 0);
    const refunded = o.refunded ?? 0;
    const [order] = await tx
      .insert(orders)
      .values({
        workspaceId,
        number,
        // The first two orders were made from a conversation, for that conversation's customer.
        customerId: i < 2 && conversations[i] ? conversations[i].customerId : (customerIds[o.customer % customerIds.length] ?? null),
        conversationId: i < 2 ? (conversations[i]?.id ?? null) : null,
        currency: 'usd',
        subtotal: total,
        total,
        status: o.status,
        paymentStatus: o.paid ? (refunded > 0 ? 'partially_refunded' : 'paid') : 'unpaid',
        amountPaid: o.paid ? total : 0,
        amountRefunded: refunded,
        createdAt: at(o.hoursAgo),
        updatedAt: at(o.hoursAgo - 1),
      })
      .returning({ id: orders.id });
    await tx.insert(orderItems).values(lines.map((l) => ({ ...l, workspaceId, orderId: order!.id })));
    if (!o.paid) continue;
    const intentId = `pi_demo_${number}`;
    const [payment] = await tx
      .insert(payments)
      .values({
        workspaceId,
        orderId: order!.id,
        attempt: 1,
        amount: total,
        currency: 'usd',
        status: 'succeeded',
        amountRefunded: refunded,
        stripePaymentIntentId: intentId,
        createdAt: at(o.hoursAgo - 0.1),
        updatedAt: at(o.hoursAgo - 0.2),
      })
      .returning({ id: payments.id });
    const timeline = [
      { type: 'payment_intent.created', status: 'requires_payment_method', amount: total, hoursAgo: o.hoursAgo - 0.1 },
      { type: 'payment_intent.succeeded', status: 'succeeded', amount: total, hoursAgo: o.hoursAgo - 0.2 },
      ...(refunded > 0 ? [{ type: 'charge.refunded', status: 'partially_refunded', amount: refunded, hoursAgo: o.hoursAgo - 30 }] : []),
    ];
    await tx.insert(stripeEvents).values(
      timeline.map((e, k) => ({
        id: `evt_demo_${number}_${k}`,
        type: e.type,
        workspaceId,
        orderId: order!.id,
        paymentId: payment!.id,
        amount: e.amount,
        status: e.status,
        message: null,
        occurredAt: at(e.hoursAgo),
      })),
    );
  }
  await tx
    .insert(workspaceCounters)
    .values({ workspaceId, name: 'order', value: number })
    .onConflictDoUpdate({ target: [workspaceCounters.workspaceId, workspaceCounters.name], set: { value: sql`${number}` } });
  await tx.insert(forms).values({
    workspaceId,
    name: 'Order beans',
    // A fixed key, so the demo's public form has a stable address: /f/demo-order-beans-0001
    publicKey: 'demo-order-beans-0001',
    fields: FORM_FIELDS.map((f) =>
      f.type === 'product' ? { ...f, productIds: ['BEAN-ETH-250', 'BEAN-COL-250', 'BEAN-DEC-250'].map((s) => bySku.get(s)!.id) } : f,
    ),
    createdAt: at(24 * 20),
    updatedAt: at(24 * 20),
  });
}
