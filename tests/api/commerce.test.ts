// Products, orders and payments over HTTP, with the Stripe stand-in behind the real SDK and its webhooks
// delivered to the app (tests/support/app.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPaymentsSchema, orderSchema, paymentSchema } from '../../contracts/orders.js';
import { productSchema } from '../../contracts/products.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let w: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
});
afterAll(() => app.close());

let skuCounter = 0;
async function product(body: Record<string, unknown> = {}) {
  const res = await api.post(
    `${w}/products`,
    { sku: `SKU-${++skuCounter}`, name: `Product ${skuCounter}`, price: 1500, stock: null, ...body },
    { token: team.admin.token },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return productSchema.parse(res.body);
}

async function order(items: { productId: string; quantity: number }[], extra: Record<string, unknown> = {}) {
  const res = await api.post(`${w}/orders`, { items, ...extra }, { token: team.agent.token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return orderSchema.parse(res.body);
}

const getOrder = async (id: string) => orderSchema.parse((await api.get(`${w}/orders/${id}`, { token: team.viewer.token })).body);

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('products', () => {
  it('creates, lists with filters and sorts, and refuses a taken SKU', async () => {
    const a = await product({ name: 'Zebra mug', price: 900, category: 'Mugs', stock: 3 });
    const b = await product({ name: 'Apple mug', price: 2900, category: 'Mugs', stock: null });
    await product({ name: 'Tote', price: 100, category: 'Bags', active: false });
    expect((await api.post(`${w}/products`, { sku: a.sku, name: 'Dup', price: 1 }, { token: team.admin.token })).status).toBe(409);
    const mugs = await api.get(`${w}/products?category=Mugs&sort=name`, { token: team.viewer.token });
    expect(mugs.body.data.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    const byPrice = await api.get(`${w}/products?category=Mugs&sort=-price&limit=1`, { token: team.viewer.token });
    expect(byPrice.body.data[0].id).toBe(b.id);
    const next = await api.get(`${w}/products?category=Mugs&sort=-price&limit=1&cursor=${byPrice.body.nextCursor}`, { token: team.viewer.token });
    expect(next.body.data[0].id).toBe(a.id);
    // A cursor of another sort is refused, not misread.
    expect((await api.get(`${w}/products?sort=name&cursor=${byPrice.body.nextCursor}`, { token: team.viewer.token })).status).toBe(422);
    const inactive = await api.get(`${w}/products?active=false`, { token: team.viewer.token });
    expect(inactive.body.data.every((p: { active: boolean }) => !p.active)).toBe(true);
    expect((await api.get(`${w}/products?q=zebra`, { token: team.viewer.token })).body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
  });

  it('lets only admins write, and refuses deleting a product that is on an order', async () => {
    expect((await api.post(`${w}/products`, { sku: 'AG-1', name: 'x', price: 1 }, { token: team.agent.token })).status).toBe(403);
    const p = await product();
    await order([{ productId: p.id, quantity: 1 }]);
    const del = await api.delete(`${w}/products/${p.id}`, { token: team.admin.token });
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('in_use');
    const free = await product();
    expect((await api.delete(`${w}/products/${free.id}`, { token: team.admin.token })).status).toBe(204);
  });

  it('exports CSV with formula cells neutralised and imports by SKU all-or-nothing', async () => {
    await product({ sku: 'CSV-1', name: '=HYPERLINK("x")', category: 'Csv' });
    const csv = await api.request('GET', `${w}/products/export?category=Csv`, { token: team.viewer.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.body).toContain(`CSV-1,"'=HYPERLINK(""x"")"`);
    const bad = 'sku,name,price,stock\r\nCSV-1,Renamed,100,\r\nCSV-2,New,abc,5\r\n';
    const refused = await api.request('POST', `${w}/products/import`, { token: team.admin.token, raw: bad, headers: { 'content-type': 'text/csv' } });
    expect(refused.status).toBe(200);
    expect(refused.body.errors).toEqual([expect.objectContaining({ row: 3, path: 'price' })]);
    expect((await api.get(`${w}/products?category=Csv`, { token: team.viewer.token })).body.data[0].name).toBe('=HYPERLINK("x")');
    const good = 'sku,name,price,stock,category\r\nCSV-1,Renamed,100,,Csv\r\nCSV-2,"New, with comma",250,5,Csv\r\n';
    const dry = await api.request('POST', `${w}/products/import?dryRun=true`, { token: team.admin.token, raw: good, headers: { 'content-type': 'text/csv' } });
    expect(dry.body).toEqual({ created: 1, updated: 1, errors: [] });
    expect((await api.get(`${w}/products?category=Csv`, { token: team.viewer.token })).body.data).toHaveLength(1);
    const done = await api.request('POST', `${w}/products/import`, { token: team.admin.token, raw: good, headers: { 'content-type': 'text/csv' } });
    expect(done.body).toEqual({ created: 1, updated: 1, errors: [] });
    const names = (await api.get(`${w}/products?category=Csv&sort=name`, { token: team.viewer.token })).body.data.map((p: { name: string }) => p.name);
    expect(names).toEqual(['New, with comma', 'Renamed']);
  });

  it('imports the most rows one import takes (10,000), and again as updates', async () => {
    const csv = [
      'sku,name,price,currency,stock,category,active',
      ...Array.from({ length: 10_000 }, (_, i) => `BULK-${i},Bulk ${i},${100 + i},usd,5,Bulk,true`),
    ].join('\r\n');
    const send = () => api.request('POST', `${w}/products/import`, { token: team.admin.token, raw: csv, headers: { 'content-type': 'text/csv' } });
    const first = await send();
    expect(first.status, JSON.stringify(first.body).slice(0, 300)).toBe(200);
    expect(first.body).toEqual({ created: 10_000, updated: 0, errors: [] });
    expect((await send()).body).toEqual({ created: 0, updated: 10_000, errors: [] });
    const last = await api.get(`${w}/products?category=Bulk&sort=-price&limit=1`, { token: team.viewer.token });
    expect(last.body.data[0]).toMatchObject({ sku: 'BULK-9999', price: 10_099, stock: 5 });
  });
});

describe('orders', () => {
  it('numbers orders from 1001, copies prices, and keeps them when the product changes', async () => {
    const p = await product({ price: 1250 });
    const first = await order([{ productId: p.id, quantity: 2 }]);
    expect(first.number).toBeGreaterThanOrEqual(1001);
    expect(first.items[0]).toMatchObject({ unitPrice: 1250, quantity: 2, total: 2500, sku: p.sku });
    expect(first.total).toBe(2500);
    await api.patch(`${w}/products/${p.id}`, { price: 9999 }, { token: team.admin.token });
    expect((await getOrder(first.id)).total).toBe(2500);
    const second = await order([{ productId: p.id, quantity: 1 }]);
    expect(second.number).toBe(first.number + 1);
  });

  it('of 50 concurrent orders for stock 10, exactly 10 succeed and stock ends at 0', async () => {
    const p = await product({ stock: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => api.post(`${w}/orders`, { items: [{ productId: p.id, quantity: 1 }] }, { token: team.agent.token })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('out_of_stock');
    expect((await api.get(`${w}/products/${p.id}`, { token: team.viewer.token })).body.stock).toBe(0);
    const numbers = results.filter((r) => r.status === 201).map((r) => r.body.number as number);
    expect(new Set(numbers).size).toBe(10);
  });

  it('takes stock of several products from many concurrent orders, naming them in any order, without a deadlock', async () => {
    const products = await Promise.all([product({ stock: 1000 }), product({ stock: 1000 }), product({ stock: 1000 }), product({ stock: 1000 })]);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        // Each order names the four products in another rotation (and so locks them in another order, unless sorted).
        const items = products.map((_, k) => ({ productId: products[(i + k) % products.length]!.id, quantity: 1 }));
        return api.post(`${w}/orders`, { items: i % 2 ? items.reverse() : items }, { token: team.agent.token });
      }),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    for (const p of products) expect((await api.get(`${w}/products/${p.id}`, { token: team.viewer.token })).body.stock).toBe(940);
    // Cancelling them all at once returns every unit, again without a deadlock.
    const cancels = await Promise.all(results.map((r) => api.put(`${w}/orders/${r.body.id}/status`, { status: 'cancelled' }, { token: team.agent.token })));
    expect(cancels.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    for (const p of products) expect((await api.get(`${w}/products/${p.id}`, { token: team.viewer.token })).body.stock).toBe(1000);
  });

  it('refuses inactive products, mixed currencies and another workspace’s products', async () => {
    const inactive = await product({ active: false });
    expect((await api.post(`${w}/orders`, { items: [{ productId: inactive.id, quantity: 1 }] }, { token: team.agent.token })).status).toBe(422);
    const usd = await product();
    const eur = await product({ currency: 'eur' });
    const mixed = await api.post(
      `${w}/orders`,
      {
        items: [
          { productId: usd.id, quantity: 1 },
          { productId: eur.id, quantity: 1 },
        ],
      },
      { token: team.agent.token },
    );
    expect(mixed.status).toBe(422);
    const foreign = await api.post(`/api/workspaces/${team.otherWorkspace.id}/products`, { sku: 'F-1', name: 'F', price: 1 }, { token: team.outsider.token });
    const res = await api.post(`${w}/orders`, { items: [{ productId: foreign.body.id, quantity: 1 }] }, { token: team.agent.token });
    expect(res.status).toBe(422);
    expect((await api.get(`${w}/orders/${(await order([{ productId: usd.id, quantity: 1 }])).id}`, { token: team.outsider.token })).status).toBe(404);
  });

  it('is idempotent: the same key twice makes one order; the same key with another body is 409', async () => {
    const p = await product({ stock: 5 });
    const headers = { 'idempotency-key': `order-${Date.now()}` };
    const a = await api.post(`${w}/orders`, { items: [{ productId: p.id, quantity: 1 }] }, { token: team.agent.token, headers });
    const b = await api.post(`${w}/orders`, { items: [{ productId: p.id, quantity: 1 }] }, { token: team.agent.token, headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    expect((await api.get(`${w}/products/${p.id}`, { token: team.viewer.token })).body.stock).toBe(4);
    const c = await api.post(`${w}/orders`, { items: [{ productId: p.id, quantity: 2 }] }, { token: team.agent.token, headers });
    expect(c.status).toBe(409);
    expect(c.body.error.code).toBe('idempotency_key_reused');
  });

  it('follows the status machine; cancelling restocks; 50 concurrent moves of one order: one wins, no 500', async () => {
    const p = await product({ stock: 4 });
    const o = await order([{ productId: p.id, quantity: 3 }]);
    const bad = await api.put(`${w}/orders/${o.id}/status`, { status: 'completed' }, { token: team.agent.token });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('invalid_transition');
    expect(bad.body.error.details.map((d: { message: string }) => d.message).sort()).toEqual(['cancelled', 'processing']);
    expect((await api.put(`${w}/orders/${o.id}/status`, { status: 'processing' }, { token: team.agent.token })).status).toBe(200);
    const moves = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.put(`${w}/orders/${o.id}/status`, { status: i % 2 ? 'cancelled' : 'completed' }, { token: team.agent.token })),
    );
    expect(moves.filter((m) => m.status === 200)).toHaveLength(1);
    expect(moves.filter((m) => m.status === 409)).toHaveLength(49);
    const final = await getOrder(o.id);
    const stock = (await api.get(`${w}/products/${p.id}`, { token: team.viewer.token })).body.stock;
    expect(stock).toBe(final.status === 'cancelled' ? 4 : 1);
    expect((await api.put(`${w}/orders/${o.id}/status`, { status: 'pending' }, { token: team.agent.token })).status).toBe(409);
  });
});

describe('payments', () => {
  it('takes a card payment: intent, confirm, the order turns paid, and the timeline shows the events', async () => {
    const p = await product({ price: 4200 });
    const o = await order([{ productId: p.id, quantity: 1 }]);
    const intent = await api.post(`${w}/payments/intent`, { orderId: o.id }, { token: team.agent.token });
    expect(intent.status).toBe(201);
    const payment = paymentSchema.parse(intent.body);
    expect(payment.amount).toBe(4200);
    expect(payment.stripePaymentIntentId).toMatch(/^pi_/);
    const again = await api.post(`${w}/payments/intent`, { orderId: o.id }, { token: team.agent.token });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(payment.id);
    const confirmed = await api.post(`${w}/payments/confirm`, { paymentId: payment.id, paymentMethod: 'pm_card_visa' }, { token: team.agent.token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('succeeded');
    expect(await getOrder(o.id)).toMatchObject({ paymentStatus: 'paid', amountPaid: 4200 });
    const timeline = await until(
      async () => orderPaymentsSchema.parse((await api.get(`${w}/orders/${o.id}/payments`, { token: team.viewer.token })).body),
      (t) => t.events.some((e) => e.type === 'payment_intent.succeeded'),
    );
    expect(timeline.events.map((e) => e.type)).toContain('payment_intent.succeeded');
    // A paid order cannot be cancelled before a refund.
    const cancel = await api.put(`${w}/orders/${o.id}/status`, { status: 'cancelled' }, { token: team.agent.token });
    expect(cancel.status).toBe(409);
  });

  it('a declined card leaves the payment failed with the reason', async () => {
    const o = await order([{ productId: (await product()).id, quantity: 1 }]);
    const payment = (await api.post(`${w}/payments/intent`, { orderId: o.id }, { token: team.agent.token })).body;
    const res = await api.post(`${w}/payments/confirm`, { paymentId: payment.id, paymentMethod: 'pm_card_chargeDeclined' }, { token: team.agent.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('failed');
    expect(res.body.lastError).toMatch(/declined/i);
    expect((await getOrder(o.id)).paymentStatus).toBe('failed');
  });

  it('refunds partially and fully, never beyond the remainder, and two concurrent refunds that exceed it: one 422', async () => {
    const o = await order([{ productId: (await product({ price: 1000 })).id, quantity: 1 }]);
    const payment = (await api.post(`${w}/payments/intent`, { orderId: o.id }, { token: team.agent.token })).body;
    await api.post(`${w}/payments/confirm`, { paymentId: payment.id, paymentMethod: 'pm_card_visa' }, { token: team.agent.token });
    expect((await api.post(`${w}/payments/${payment.id}/refund`, { amount: 100 }, { token: team.agent.token })).status).toBe(403);
    const over = await api.post(`${w}/payments/${payment.id}/refund`, { amount: 1001 }, { token: team.admin.token });
    expect(over.status).toBe(422);
    const partial = await api.post(`${w}/payments/${payment.id}/refund`, { amount: 300 }, { token: team.admin.token });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ amount: 300, status: 'succeeded' });
    expect((await getOrder(o.id)).paymentStatus).toBe('partially_refunded');
    const both = await Promise.all([
      api.post(`${w}/payments/${payment.id}/refund`, { amount: 400 }, { token: team.admin.token }),
      api.post(`${w}/payments/${payment.id}/refund`, { amount: 400 }, { token: team.admin.token }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
    const rest = await api.post(`${w}/payments/${payment.id}/refund`, {}, { token: team.admin.token });
    expect(rest.body.amount).toBe(300);
    const final = await until(
      () => getOrder(o.id),
      (x) => x.paymentStatus === 'refunded',
    );
    expect(final).toMatchObject({ paymentStatus: 'refunded', amountRefunded: 1000 });
    // Refunded: now it may be cancelled.
    expect((await api.put(`${w}/orders/${o.id}/status`, { status: 'cancelled' }, { token: team.agent.token })).status).toBe(200);
  });

  it('a payment link is a Checkout Session; paying it on the hosted page turns the order paid through the webhook', async () => {
    const o = await order([{ productId: (await product({ price: 777 })).id, quantity: 1 }]);
    const link = await api.post(`${w}/payments/link`, { orderId: o.id }, { token: team.agent.token });
    expect(link.status).toBe(200);
    expect(link.body.url).toContain('/checkout/');
    const pay = await fetch(link.body.url, {
      method: 'POST',
      body: new URLSearchParams({ payment_method: 'pm_card_visa', email: 'buyer@example.com' }),
      redirect: 'manual',
    });
    expect([302, 303]).toContain(pay.status);
    const paid = await until(
      () => getOrder(o.id),
      (x) => x.paymentStatus === 'paid',
    );
    expect(paid.amountPaid).toBe(777);
  });
});
