// Reads of a workspace's customers: one query each, always filtered by the workspace.
import { and, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Customer } from '../../../contracts/inbox.js';
import type { Db } from '../../../db/client.js';
import { customers } from '../../../db/schema/inbox.js';
import { afterCursor, cursorTimestamp, decodeCursor, page } from '../http/pagination.js';

export const customerColumns = {
  id: customers.id,
  name: customers.name,
  email: customers.email,
  phone: customers.phone,
  company: customers.company,
  tags: customers.tags,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

export type CustomerRow = { id: string; name: string; email: string | null; phone: string | null; company: string | null; tags: string[]; createdAt: Date; updatedAt: Date };

export const toCustomer = (c: CustomerRow): Customer => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  company: c.company,
  tags: c.tags,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** `%q%` for ILIKE with the pattern characters of q escaped. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

export interface CustomerFilters {
  q?: string;
  tag?: string;
  limit: number;
  cursor?: string;
}

export async function listCustomers(db: Db, workspaceId: string, filters: CustomerFilters) {
  const cursor = decodeCursor(filters.cursor);
  const where: (SQL | undefined)[] = [eq(customers.workspaceId, workspaceId), afterCursor(customers.createdAt, customers.id, cursor)];
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    where.push(or(ilike(customers.name, pattern), ilike(customers.email, pattern), ilike(customers.phone, pattern), ilike(customers.company, pattern)));
  }
  if (filters.tag) where.push(sql`${customers.tags} @> array[${filters.tag}]::text[]`);
  const rows = await db
    .select({ ...customerColumns, cursorAt: cursorTimestamp(customers.createdAt) })
    .from(customers)
    .where(and(...where))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(filters.limit + 1);
  return page(rows, filters.limit, toCustomer);
}

export async function getCustomer(db: Db, workspaceId: string, id: string): Promise<Customer | null> {
  const [row] = await db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.workspaceId, workspaceId)))
    .limit(1);
  return row ? toCustomer(row) : null;
}
