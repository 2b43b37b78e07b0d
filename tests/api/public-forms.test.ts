// A form's public page and its submissions: what the page is told (and not told), JSON and form-encoded
// answers, per-field refusals that write nothing, the customer found by email, the web conversation the inbox
// shows live, the pending order for picked products, and the per-address rate limit.
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceEventSchemas } from '../../contracts/events.js';
import { publicFormSchema, submitFormResultSchema } from '../../contracts/forms.js';
import { formSubmissions } from '../../db/schema/forms.js';
import { conversations, customers, messages } from '../../db/schema/inbox.js';
import { orderItems, orders } from '../../db/schema/orders.js';
import { products } from '../../db/schema/products.js';
import { outbox } from '../../db/schema/platform.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let wid: string;
let formsUrl: string;
const ids = { tee: '', mug: '', poster: '', cap: '' };
let form: { id: string; publicKey: string };

async function addProduct(sku: string, values: Partial<typeof products.$inferInsert> = {}) {
  const [row] = await app.database.db
    .insert(products)
    .values({ workspaceId: wid, sku, name: `Product ${sku}`, price: 1000, currency: 'usd', ...values })
    .returning({ id: products.id });
  return row!.id;
}

async function createForm(body: Record<string, unknown>) {
  const res = await api.post(formsUrl, body, { token: team.admin.token });
  if (res.status !== 201) throw new Error(`create form: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; publicKey: string };
}

const submitUrl = (publicKey: string) => `/api/public/forms/${publicKey}/submissions`;
const submit = (answers: Record<string, unknown>, key = form.publicKey, headers?: Record<string, string>) =>
  api.request('POST', submitUrl(key), { json: answers, headers });
const submitEncoded = (body: string, key = form.publicKey) =>
  api.request('POST', submitUrl(key), { raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

/** Rows the workspace has in every table a submission writes to. */
async function footprint() {
  const db = app.database.db;
  const n = async (table: typeof customers | typeof conversations | typeof messages | typeof formSubmissions | typeof orders) =>
    (await db.select({ n: count() }).from(table).where(eq(table.workspaceId, wid)))[0]!.n;
  return {
    customers: await n(customers),
    conversations: await n(conversations),
    messages: await n(messages),
    submissions: await n(formSubmissions),
    orders: await n(orders),
  };
}

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  wid = team.workspace.id;
  formsUrl = `/api/workspaces/${wid}/forms`;
  ids.tee = await addProduct('TEE-M', { name: 'Tee, M', price: 2500, stock: 5 });
  ids.mug = await addProduct('MUG', { name: 'Mug', price: 1200, stock: 0 });
  ids.poster = await addProduct('POSTER', { name: 'Poster', active: false });
  ids.cap = await addProduct('CAP', { name: 'Cap', price: 1800 });
  form = await createForm({
    name: 'Order request',
    fields: [
      { key: 'name', label: 'Your name', type: 'text', required: true },
      { key: 'email', label: 'Email', type: 'email', required: true },
      { key: 'phone', label: 'Phone', type: 'phone' },
      { key: 'qty', label: 'How many people', type: 'number' },
      { key: 'size', label: 'Size', type: 'select', options: ['S', 'M', 'L'] },
      { key: 'gift', label: 'Gift wrap', type: 'checkbox' },
      { key: 'message', label: 'Message', type: 'textarea' },
      { key: 'items', label: 'Items', type: 'product', productIds: [ids.tee, ids.mug, ids.poster] },
    ],
  });
});
afterAll(() => app?.close());

describe('GET /api/public/forms/{publicKey}', () => {
  it('answers the definition and the offered products, nothing about the workspace', async () => {
    const res = await api.get(`/api/public/forms/${form.publicKey}`);
    expect(res.status).toBe(200);
    expect(publicFormSchema.strict().parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ name: 'Order request', workspaceName: 'Acme' });
    expect(res.body.fields.map((f: { key: string }) => f.key)).toEqual(['name', 'email', 'phone', 'qty', 'size', 'gift', 'message', 'items']);
    expect(res.body.products).toEqual([
      { id: ids.mug, name: 'Mug', price: 1200, currency: 'usd', available: false },
      { id: ids.poster, name: 'Poster', price: 1000, currency: 'usd', available: false },
      { id: ids.tee, name: 'Tee, M', price: 2500, currency: 'usd', available: true },
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(wid);
    expect(text).not.toContain(form.id);
  });

  it('offers every active product when a product field lists none', async () => {
    const open = await createForm({
      name: 'Open shop',
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true },
        { key: 'items', label: 'Items', type: 'product', productIds: [] },
      ],
    });
    const res = await api.get(`/api/public/forms/${open.publicKey}`);
    expect(res.body.products.map((p: { name: string; available: boolean }) => [p.name, p.available])).toEqual([
      ['Cap', true],
      ['Mug', false],
      ['Tee, M', true],
    ]);
    const contact = await createForm({ name: 'Contact', fields: [{ key: 'email', label: 'Email', type: 'email', required: true }] });
    expect((await api.get(`/api/public/forms/${contact.publicKey}`)).body.products).toEqual([]);
  });

  it('is 404 for a form that is turned off, unknown or malformed', async () => {
    const off = await createForm({ name: 'Closed', active: false, fields: [{ key: 'email', label: 'Email', type: 'email' }] });
    expect((await api.get(`/api/public/forms/${off.publicKey}`)).status).toBe(404);
    expect((await submit({ email: 'a@example.test' }, off.publicKey)).status).toBe(404);
    expect((await api.get('/api/public/forms/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await api.get('/api/public/forms/short')).status).toBe(404);
    expect((await api.get(`/api/public/forms/${off.id}`)).status).toBe(404);
    await api.put(`${formsUrl}/${off.id}`, { name: 'Open again', fields: [{ key: 'email', label: 'Email', type: 'email' }] }, { token: team.admin.token });
    expect((await api.get(`/api/public/forms/${off.publicKey}`)).body.name).toBe('Open again');
  });
});

describe('POST /api/public/forms/{publicKey}/submissions', () => {
  it('takes JSON: creates the customer, opens a web conversation with the answers, and shows it in the inbox', async () => {
    const res = await submit({ name: ' Maya Chen ', email: 'Maya@Example.test', phone: '+1 555 0100', qty: 2, size: 'M', gift: true, message: 'Hello\nthere' });
    expect(res.status).toBe(201);
    expect(submitFormResultSchema.strict().parse(res.body)).toEqual({ id: expect.any(String), message: 'Thanks! We got your answers.' });

    const db = app.database.db;
    const [submission] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, res.body.id));
    expect(submission!.answers).toEqual({
      name: 'Maya Chen',
      email: 'maya@example.test',
      phone: '+1 555 0100',
      qty: 2,
      size: 'M',
      gift: true,
      message: 'Hello\nthere',
    });
    expect(submission!.orderId).toBeNull();
    const [customer] = await db.select().from(customers).where(eq(customers.id, submission!.customerId!));
    expect(customer).toMatchObject({ workspaceId: wid, name: 'Maya Chen', email: 'maya@example.test', phone: '+1 555 0100' });

    const list = await api.get(`/api/workspaces/${wid}/conversations`, { token: team.agent.token });
    const listed = list.body.data.find((c: { id: string }) => c.id === submission!.conversationId);
    expect(listed).toMatchObject({
      channel: 'web',
      status: 'open',
      subject: 'Order request',
      customer: { id: customer!.id, name: 'Maya Chen' },
      unreadCount: 1,
      lastMessage: { senderType: 'customer' },
    });
    const thread = await api.get(`/api/workspaces/${wid}/conversations/${listed.id}/messages`, { token: team.agent.token });
    expect(thread.body.data).toHaveLength(1);
    expect(thread.body.data[0]).toMatchObject({ senderType: 'customer', private: false });
    expect(thread.body.data[0].content).toBe(
      [
        'Your name: Maya Chen',
        'Email: maya@example.test',
        'Phone: +1 555 0100',
        'How many people: 2',
        'Size: M',
        'Gift wrap: Yes',
        'Message: Hello\nthere',
      ].join('\n'),
    );

    // Published as the inbox publishes its own: the conversation, its message, the customer, and the submission.
    const events = await db
      .select({ name: outbox.name, payload: outbox.payload, channels: outbox.channels })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, wid), inArray(outbox.name, ['customer.created', 'conversation.created', 'message.created', 'form.submitted'])));
    const mine = events.filter((e) => JSON.stringify(e.payload).includes(listed.id) || JSON.stringify(e.payload).includes(customer!.id));
    expect(mine.map((e) => e.name).sort()).toEqual(['conversation.created', 'customer.created', 'form.submitted', 'message.created']);
    for (const e of mine) {
      expect(e.channels).toEqual([`private-workspace-${wid}`]);
      expect(workspaceEventSchemas[e.name as keyof typeof workspaceEventSchemas].parse(e.payload)).toBeTruthy();
    }
    expect(mine.find((e) => e.name === 'form.submitted')!.payload).toMatchObject({
      formName: 'Order request',
      submission: { id: res.body.id, formId: form.id },
    });
  });

  it('takes form-encoded answers, coerced by field type, and opens a pending order for picked products', async () => {
    const body = new URLSearchParams([
      ['name', 'Fiona'],
      ['email', 'fiona@example.test'],
      ['qty', ' 3 '],
      ['gift', 'on'],
      ['size', ''],
      ['items', `${ids.tee}:2`],
      ['items', ids.tee],
    ]).toString();
    const res = await submitEncoded(body);
    expect(res.status).toBe(201);
    const db = app.database.db;
    const [submission] = await db.select().from(formSubmissions).where(eq(formSubmissions.id, res.body.id));
    expect(submission!.answers).toEqual({ name: 'Fiona', email: 'fiona@example.test', qty: 3, gift: true, items: [{ productId: ids.tee, quantity: 3 }] });
    const [order] = await db.select().from(orders).where(eq(orders.id, submission!.orderId!));
    expect(order).toMatchObject({
      status: 'pending',
      paymentStatus: 'unpaid',
      customerId: submission!.customerId,
      conversationId: submission!.conversationId,
      total: 7500,
      currency: 'usd',
    });
    expect(await db.select({ sku: orderItems.sku, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, order!.id))).toEqual([
      { sku: 'TEE-M', quantity: 3 },
    ]);
    const [tee] = await db.select({ stock: products.stock }).from(products).where(eq(products.id, ids.tee));
    expect(tee!.stock).toBe(2);
    const [message] = await db.select({ content: messages.content }).from(messages).where(eq(messages.conversationId, submission!.conversationId!));
    expect(message!.content).toContain('Items: 3 × Tee, M (TEE-M)');
    expect(message!.content).toContain('Gift wrap: Yes');
    // Unticked: an absent checkbox is false.
    const plain = await submitEncoded(new URLSearchParams({ name: 'Gus', email: 'gus@example.test' }).toString());
    expect(plain.status).toBe(201);
    const [stored] = await db.select({ answers: formSubmissions.answers }).from(formSubmissions).where(eq(formSubmissions.id, plain.body.id));
    expect(stored!.answers).toEqual({ name: 'Gus', email: 'gus@example.test', gift: false });
  });

  describe('refuses a bad answer per field and writes nothing', () => {
    const good = { name: 'Rita', email: 'rita@example.test' };
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['a missing required field', () => ({ email: 'rita@example.test' }), 'name'],
      ['a blank required field', () => ({ ...good, name: '   ' }), 'name'],
      ['a bad email', () => ({ ...good, email: 'rita-at-example' }), 'email'],
      ['a phone too short', () => ({ ...good, phone: '12' }), 'phone'],
      ['a phone too long', () => ({ ...good, phone: '1'.repeat(51) }), 'phone'],
      ['a number that is not one', () => ({ ...good, qty: 'many' }), 'qty'],
      ['a select value not among the options', () => ({ ...good, size: 'XL' }), 'size'],
      ['a checkbox that is not a yes or no', () => ({ ...good, gift: 'maybe' }), 'gift'],
      ['a textarea over 5000 characters', () => ({ ...good, message: 'x'.repeat(5001) }), 'message'],
      ['a text over 500 characters', () => ({ ...good, name: 'x'.repeat(501) }), 'name'],
      ['a NUL character', () => ({ ...good, name: 'Ri\u0000ta' }), 'name'],
      ['a field the form does not have', () => ({ ...good, admin: true }), 'admin'],
      ['a product the field does not offer', () => ({ ...good, items: [{ productId: ids.cap, quantity: 1 }] }), 'items'],
      ['a product that is not for sale', () => ({ ...good, items: [{ productId: ids.poster, quantity: 1 }] }), 'items'],
      ['a quantity below 1', () => ({ ...good, items: [{ productId: ids.tee, quantity: 0 }] }), 'items'],
      ['a fractional quantity', () => ({ ...good, items: [{ productId: ids.tee, quantity: 1.5 }] }), 'items'],
      ['a pick with extra properties', () => ({ ...good, items: [{ productId: ids.tee, quantity: 1, price: 0 }] }), 'items'],
      ['a text field sent as an object', () => ({ ...good, name: { first: 'Rita' } }), 'name'],
    ];
    it.each(cases)('%s', async (_, answers, path) => {
      const before = await footprint();
      const res = await submit(answers());
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
      expect(await footprint()).toEqual(before);
    });

    it('names every refused field at once, form-encoded too', async () => {
      const before = await footprint();
      const res = await submitEncoded(`name=&email=nope&qty=abc&items=${ids.tee}:x&gift=perhaps`);
      expect(res.status).toBe(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'gift', 'items', 'name', 'qty']);
      expect(await footprint()).toEqual(before);
    });

    it('an order the stock cannot fill: 409 out_of_stock on the product field', async () => {
      const before = await footprint();
      const res = await submit({ ...good, items: [{ productId: ids.mug, quantity: 1 }] });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('out_of_stock');
      expect(res.body.error.details).toEqual([{ path: 'items', message: expect.stringContaining('MUG') }]);
      expect(await footprint()).toEqual(before);
    });
  });

  it('finds the customer by email whatever its case: one customer, two conversations', async () => {
    const first = await submit({ name: 'Sam Lee', email: 'sam@example.test' });
    const second = await submit({ name: 'Samuel', email: 'SAM@Example.TEST' });
    expect([first.status, second.status]).toEqual([201, 201]);
    const db = app.database.db;
    const found = await db
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, wid), eq(customers.email, 'sam@example.test')));
    expect(found).toHaveLength(1);
    expect(found[0]!.name).toBe('Sam Lee');
    const opened = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.customerId, found[0]!.id));
    expect(opened).toHaveLength(2);
    const rows = await db
      .select({ customerId: formSubmissions.customerId })
      .from(formSubmissions)
      .where(inArray(formSubmissions.id, [first.body.id, second.body.id]));
    expect(rows.map((r) => r.customerId)).toEqual([found[0]!.id, found[0]!.id]);
  });

  it('makes one customer of concurrent first submissions with the same email', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => submit({ name: 'Concurrent', email: 'same-time@example.test' })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const db = app.database.db;
    const found = await db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.workspaceId, wid), eq(customers.email, 'same-time@example.test')));
    expect(found).toHaveLength(1);
    expect(await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.customerId, found[0]!.id))).toHaveLength(6);
  });

  it("names a new customer after the email's local part when the form asks no name", async () => {
    const contact = await createForm({ name: 'Newsletter', fields: [{ key: 'address', label: 'Email', type: 'email', required: true }] });
    expect((await submit({ address: 'nina.k@example.test' }, contact.publicKey)).status).toBe(201);
    const [customer] = await app.database.db
      .select()
      .from(customers)
      .where(and(eq(customers.workspaceId, wid), eq(customers.email, 'nina.k@example.test')));
    expect(customer!.name).toBe('nina.k');
  });

  it('limits submissions per address: the 11th in the window is 429', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await submit({ name: 'Rate', email: `rate${i}@example.test` }, form.publicKey, headers)).status);
    expect(statuses).toEqual(Array(10).fill(201));
    const refused = await submit({ name: 'Rate', email: 'rate10@example.test' }, form.publicKey, headers);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await submit({ name: 'Rate', email: 'rate11@example.test' }, form.publicKey, { 'x-forwarded-for': '203.0.113.78' })).status).toBe(201);
  });
});
