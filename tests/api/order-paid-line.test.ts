// "Order #1042 paid · $10.00": when an order's payment status becomes paid (Stripe's webhook), a system line in
// its customer's most recent conversation, in the same transaction, published as message.created; the
// conversation's status and list summary stay as they were.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STRIPE, signatureHeader } from '../../dev/stripe-server.js';
import { messageSchema, type Message } from '../../contracts/conversations.js';
import { outbox } from '../../db/schema/platform.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let w: string;
let productId: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
  productId = (await api.post(`${w}/products`, { sku: 'PAID-1', name: 'Paid mug', price: 1000 }, { token: team.admin.token })).body.id;
});
afterAll(() => app.close());

let counter = 0;
function deliver(type: string, object: Record<string, unknown>) {
  const body = {
    id: `evt_paid_${Date.now()}_${++counter}`,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    data: { object },
  };
  const payload = JSON.stringify(body);
  return api.request('POST', '/api/webhooks/stripe', {
    raw: payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(payload, LOCAL_STRIPE.webhookSecret) },
  });
}
const intent = (id: string, status: string) => ({
  id,
  object: 'payment_intent',
  amount: 1000,
  currency: 'usd',
  status,
  metadata: {},
  last_payment_error: null,
  next_action: null,
});
const charge = (intentId: string, refunded: number) => ({
  id: `ch_${intentId}`,
  object: 'charge',
  amount: 1000,
  currency: 'usd',
  payment_intent: intentId,
  amount_refunded: refunded,
  refunded: refunded >= 1000,
  metadata: {},
});

const A = () => ({ token: team.agent.token });

async function customer(name: string): Promise<string> {
  return (await api.post(`${w}/customers`, { name }, A())).body.id;
}
async function conversation(customerId: string): Promise<string> {
  const res = await api.post(`${w}/conversations`, { customerId, channel: 'api' }, A());
  expect(res.status).toBe(201);
  return res.body.id;
}
async function orderFor(customerId: string | undefined) {
  const order = await api.post(`${w}/orders`, { items: [{ productId, quantity: 1 }], ...(customerId ? { customerId } : {}) }, A());
  expect(order.status).toBe(201);
  const payment = await api.post(`${w}/payments/intent`, { orderId: order.body.id }, A());
  expect(payment.status).toBe(201);
  return { id: order.body.id as string, number: order.body.number as number, intentId: payment.body.stripePaymentIntentId as string };
}
async function systemLines(conversationId: string): Promise<Message[]> {
  const list = (await api.get(`${w}/conversations/${conversationId}/messages?limit=100`, A())).body.data as Message[];
  return list.filter((m) => m.senderType === 'system');
}

describe('order paid in the thread', () => {
  it('posts one line to the customer’s most recent conversation, once, without reopening or moving it', async () => {
    const tom = await customer('Tom Paid');
    const older = await conversation(tom);
    const latest = await conversation(tom);
    expect((await api.patch(`${w}/conversations/${latest}`, { status: 'closed' }, A())).status).toBe(200);
    const before = (await api.get(`${w}/conversations/${latest}`, A())).body;
    const order = await orderFor(tom);

    const paid = intent(order.intentId, 'succeeded');
    expect((await deliver('payment_intent.succeeded', paid)).status).toBe(200);
    // The same news again (a retried delivery) and a partial refund add nothing.
    expect((await deliver('payment_intent.succeeded', paid)).status).toBe(200);
    expect((await deliver('charge.refunded', charge(order.intentId, 300))).status).toBe(200);

    const lines = (await systemLines(latest)).filter((m) => m.event?.type === 'order.paid');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(messageSchema.strict().parse(line)).toEqual(line);
    expect(line).toMatchObject({
      content: `Order #${order.number} paid · $10.00`,
      senderId: null,
      private: false,
      event: { type: 'order.paid', actorId: null, data: { orderId: order.id, number: order.number, total: 1000, currency: 'usd' } },
    });
    expect((await systemLines(older)).some((m) => m.event?.type === 'order.paid')).toBe(false);

    const after = (await api.get(`${w}/conversations/${latest}`, A())).body;
    expect(after.status).toBe('closed');
    expect(after.lastMessageAt).toBe(before.lastMessageAt);

    // Published like any other message.
    const published = await app.database.db
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(sql`${outbox.name} = 'message.created' and ${outbox.payload} -> 'message' ->> 'id' = ${line.id}`);
    expect(published).toHaveLength(1);
    expect(published[0]!.payload).toMatchObject({ message: { id: line.id, conversationId: latest, event: { type: 'order.paid' } } });
  });

  it('writes nothing for an order without a customer, or a customer without a conversation', async () => {
    const alone = await customer('No Threads');
    const withCustomer = await orderFor(alone);
    const anonymous = await orderFor(undefined);
    const lines = async () =>
      Number(
        (
          (await app.database.db.execute(
            sql`select count(*)::int as n from messages where event ->> 'type' = 'order.paid' and workspace_id = ${team.workspace.id}`,
          )) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]!.n,
      );
    const count = await lines();
    expect((await deliver('payment_intent.succeeded', intent(withCustomer.intentId, 'succeeded'))).status).toBe(200);
    expect((await deliver('payment_intent.succeeded', intent(anonymous.intentId, 'succeeded'))).status).toBe(200);
    expect((await api.get(`${w}/orders/${withCustomer.id}`, A())).body.paymentStatus).toBe('paid');
    expect((await api.get(`${w}/orders/${anonymous.id}`, A())).body.paymentStatus).toBe('paid');
    expect(await lines()).toBe(count);
  });
});
