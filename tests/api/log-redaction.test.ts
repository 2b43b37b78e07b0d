// What reaches the error log of a failed query: the driver's reason and code, never the statement or the values
// a request put in it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withoutQuery } from '../../db/client.js';
import { openTestDatabase } from '../support/app.js';

let opened: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  opened = await openTestDatabase();
});
afterAll(async () => {
  await opened.database.close();
  await opened.drop();
});

it('keeps the reason and SQLSTATE of a failed query and drops its SQL and parameters', async () => {
  const secret = 'value-from-a-request-7f3a';
  const err = await opened.database.db.execute(sql`select * from no_such_table where name = ${secret}`).then(
    () => null,
    (e: unknown) => e,
  );
  expect(String((err as Error).message)).toContain('no_such_table'); // drizzle's own message carries the SQL
  const clean = withoutQuery(err) as Error;
  const logged = `${clean.message}\n${clean.stack}`;
  expect(logged).toMatch(/SQLSTATE 42P01/);
  expect(logged).not.toMatch(/select \*/i);
  expect(logged).not.toContain(secret);
  const plain = new Error('not a query');
  expect(withoutQuery(plain)).toBe(plain);
});
