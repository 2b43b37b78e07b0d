import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase } from '../tests/support/app.js';
import type { Database } from './client.js';
import { describeActivity } from '../contracts/activity.js';
import { activities } from './schema/activity.js';
import { users } from './schema/identity.js';
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
      employees: sql<number>`(select count(*) from employees)`.mapWith(Number),
      linkedEmployees: sql<number>`(select count(*) from employees e join memberships m on m.user_id = e.user_id and m.workspace_id = e.workspace_id)`.mapWith(
        Number,
      ),
      suppliers: sql<number>`(select count(*) from suppliers)`.mapWith(Number),
      professionals: sql<number>`(select count(*) from professionals)`.mapWith(Number),
      projects: sql<number>`(select count(*) from projects)`.mapWith(Number),
      tasks: sql<number>`(select count(*) from tasks)`.mapWith(Number),
      plants: sql<number>`(select count(*) from plants)`.mapWith(Number),
      materials: sql<number>`(select count(*) from materials)`.mapWith(Number),
      batchStatuses: sql<number>`(select count(distinct status) from batches)`.mapWith(Number),
      signedBatches: sql<number>`(select count(*) from batch_history h join batches b on b.id = h.batch_id
        where h.signature is not null and h.actor_id <> (select s.actor_id from batch_history s where s.batch_id = b.id and s.to_status = 'in_progress'))`.mapWith(
        Number,
      ),
      badCodes: sql<number>`(select count(*) from (select code from employees union all select code from tasks union all select code from batches) c
        where code !~ '^(EMP|TSK)-[0-9]{4}$' and code !~ '^B-[0-9]{4}-[0-9]{4}$')`.mapWith(Number),
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
  // The CRM and operations: people, two projects with tasks, two plants, materials, a batch in every status
  // (release and rejection signed by someone other than the starter), every record with its code.
  expect(first).toMatchObject({ projects: 2, plants: 2, batchStatuses: 7, signedBatches: 2, linkedEmployees: 1, badCodes: 0 });
  expect(first.employees).toBeGreaterThanOrEqual(3);
  expect(first.suppliers).toBeGreaterThanOrEqual(3);
  expect(first.professionals).toBeGreaterThanOrEqual(3);
  expect(first.tasks).toBeGreaterThanOrEqual(6);
  expect(first.materials).toBeGreaterThanOrEqual(3);
  expect(await seedDemo(database.db)).toEqual({ created: false });
  expect(await counts()).toEqual(first);
});

it('gives the demo workspace an activity log that reads as sentences: created, customers added, conversations assigned and closed', async () => {
  const rows = await database.db
    .select({
      action: activities.action,
      actorId: activities.actorId,
      actorName: users.name,
      subjectType: activities.subjectType,
      subjectId: activities.subjectId,
      metadata: activities.metadata,
    })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorId))
    .orderBy(asc(activities.createdAt));
  const lines = rows.map((r) => describeActivity({ ...r, actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null }));
  expect(lines[0]).toBe('Olivia Owner created the workspace “Acme Coffee Roasters”');
  expect(new Set(rows.map((r) => r.action))).toEqual(
    new Set(['workspace.created', 'customer.created', 'conversation.assigned', 'conversation.status_changed']),
  );
  expect(lines.filter((l) => /^Olivia Owner assigned #\d+ [A-Z][a-z]+ [A-Z][a-z]+ to (Adam Admin|Ava Agent)$/.test(l)).length).toBeGreaterThanOrEqual(3);
  expect(lines.filter((l) => / closed #\d+ [A-Z]/.test(l)).length).toBeGreaterThanOrEqual(1);
  expect(lines.every((l) => !l.startsWith('Someone'))).toBe(true);
});
