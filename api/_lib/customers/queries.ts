// Reads of a workspace's customers: one query each, always filtered by the workspace.
import type { Customer } from '../../../contracts/customers.js';
import { customers } from '../../../db/schema/inbox.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';

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

export type CustomerRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
};

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

// Reads through a ReadScope: the caller check and the read in one statement, prepared by name (search stays
// dynamic). Columns are selected under the names CustomerRow uses, so toCustomer maps them as it maps the
// rows the writes return.

const CUSTOMER_SELECT = 'id, name, email, phone, company, tags, created_at as "createdAt", updated_at as "updatedAt"';
const listStatements = new Map<string, ReadStatement>();

function customerListStatement(filters: CustomerFilters, hasCursor: boolean): ReadStatement {
  const key = (filters.tag ? 't' : '') + (hasCursor ? 'p' : '');
  const cached = filters.q ? undefined : listStatements.get(key);
  if (cached) return cached;
  const where = ['caller.ok', 'workspace_id = :wid'];
  if (filters.q) where.push('(name ilike :pattern or email ilike :pattern or phone ilike :pattern or company ilike :pattern)');
  if (filters.tag) where.push('tags @> array[:tag::text]');
  if (hasCursor) where.push('(created_at, id) < (:cursorAt::timestamptz, :cursorId::uuid)');
  const statement = readStatement(
    'workspace',
    filters.q ? undefined : `customers_list_${key || 'all'}`,
    `select ${CUSTOMER_SELECT}, ${cursorAtColumn('created_at')}
     from customers where ${where.join(' and ')}
     order by created_at desc, id desc limit :limit`,
    'd."createdAt" desc, d.id desc',
  );
  if (!filters.q) listStatements.set(key, statement);
  return statement;
}

/** GET /customers: a page of the workspace's customers, newest first. */
export async function readCustomers(scope: ReadScope, filters: CustomerFilters) {
  const cursor = decodeCursor(filters.cursor);
  const rows = await scope.read<CustomerRow & { cursorAt: string }>(customerListStatement(filters, cursor !== null), {
    pattern: filters.q ? containsPattern(filters.q) : undefined,
    tag: filters.tag,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: filters.limit + 1,
  });
  return page(rows, filters.limit, toCustomer);
}

const CUSTOMER = readStatement('workspace', 'customers_one', `select ${CUSTOMER_SELECT} from customers where caller.ok and id = :id and workspace_id = :wid`);

/** GET /customers/{id}: null when the customer is not in the workspace. */
export async function readCustomer(scope: ReadScope, id: string): Promise<Customer | null> {
  const [row] = await scope.read<CustomerRow>(CUSTOMER, { id });
  return row ? toCustomer(row) : null;
}
