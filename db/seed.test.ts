import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../tests/support/app.js';
import type { Database } from './client.js';
import { DEMO_USERS, seedDemo } from './seed.js';

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await database.close();
  await drop();
});

const counts = async () => {
  const [row] = await database.db
    .select({
      users: sql<number>`(select count(*) from users)`.mapWith(Number),
      workspaces: sql<number>`(select count(*) from workspaces)`.mapWith(Number),
      memberships: sql<number>`(select count(*) from memberships)`.mapWith(Number),
      customers: sql<number>`(select count(*) from customers)`.mapWith(Number),
      conversations: sql<number>`(select count(*) from conversations)`.mapWith(Number),
      messages: sql<number>`(select count(*) from messages)`.mapWith(Number),
      products: sql<number>`(select count(*) from products)`.mapWith(Number),
      orders: sql<number>`(select count(*) from orders)`.mapWith(Number),
      orderStatuses: sql<number>`(select count(distinct status) from orders)`.mapWith(Number),
      paidOrders: sql<number>`(select count(*) from orders where amount_paid > 0)`.mapWith(Number),
      forms: sql<number>`(select count(*) from forms)`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  return row!;
};

it('seeds the demo workspace once; running it again changes nothing', async () => {
  expect(await seedDemo(database.db)).toEqual({ created: true });
  const first = await counts();
  expect(first).toMatchObject({ users: DEMO_USERS.length, workspaces: 1, memberships: DEMO_USERS.length });
  expect(first.customers).toBeGreaterThanOrEqual(10);
  expect(first.conversations).toBeGreaterThanOrEqual(15);
  expect(first.messages).toBeGreaterThan(first.conversations * 2);
  // The shop: a catalogue, orders in every status (some paid, with their timelines), a public form.
  expect(first).toMatchObject({ orderStatuses: 4, forms: 1 });
  expect(first.products).toBeGreaterThanOrEqual(5);
  expect(first.paidOrders).toBeGreaterThanOrEqual(2);
  expect(await seedDemo(database.db)).toEqual({ created: false });
  expect(await counts()).toEqual(first);
});
