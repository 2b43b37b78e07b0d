// Reads of a workspace's customers: one query each, always filtered by the workspace.
import type { Customer } from '../../../contracts/customers.js';
import { customers } from '../../../db/schema/inbox.js';
import { decodeSortedCursor, sortedKeyset, sortedPage, sortKey } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';

export const customerColumns = {
  id: customers.id,
  name: customers.name,
  email: customers.email,
  phone: customers.phone,
  company: customers.company,
  tags: customers.tags,
  code: customers.code,
  address: customers.address,
  taxId: customers.taxId,
  notes: customers.notes,
  status: customers.status,
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
  code: string;
  address: string | null;
  taxId: string | null;
  notes: string | null;
  status: string;
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
  code: c.code,
  address: c.address,
  taxId: c.taxId,
  notes: c.notes,
  status: c.status === 'inactive' ? 'inactive' : 'active',
  // Raw statements answer timestamps as text on some drivers: read both.
  createdAt: new Date(c.createdAt).toISOString(),
  updatedAt: new Date(c.updatedAt).toISOString(),
});

/** `%q%` for ILIKE with the pattern characters of q escaped. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

export interface CustomerFilters {
  q?: string;
  tag?: string;
  status?: string;
  sort: string;
}

// Reads through a ReadScope: the caller check and the read in one statement, prepared by name. Columns are
// selected under the names CustomerRow uses, so toCustomer maps them as it maps the rows the writes return.

export const CUSTOMER_SELECT =
  'id, name, email, phone, company, tags, code, address, tax_id as "taxId", notes, status, created_at as "createdAt", updated_at as "updatedAt"';

/** Sortable fields, each on an index of the same expression (db/schema/inbox.ts, 0008). */
const CUSTOMER_SORT_FIELDS = {
  createdAt: { expr: 'created_at', type: 'timestamptz' },
  updatedAt: { expr: 'updated_at', type: 'timestamptz' },
  name: { expr: "coalesce(lower(name), '')", type: 'text' },
  code: { expr: "coalesce(lower(code), '')", type: 'text' },
  email: { expr: "coalesce(lower(email), '')", type: 'text' },
  company: { expr: "coalesce(lower(company), '')", type: 'text' },
} as const;

const listStatements = new Map<string, ReadStatement>();

function customerListStatement(filters: CustomerFilters, paged: boolean): ReadStatement {
  const key = [filters.sort, filters.q ? 'q' : '', filters.tag ? 't' : '', filters.status ? 's' : '', paged ? 'p' : ''].join('|');
  const cached = listStatements.get(key);
  if (cached) return cached;
  const keyset = sortedKeyset(sortKey(filters.sort, CUSTOMER_SORT_FIELDS));
  const where = ['caller.ok', 'workspace_id = :wid'];
  if (filters.q) where.push('(name ilike :pattern or email ilike :pattern or phone ilike :pattern or company ilike :pattern or code ilike :pattern)');
  if (filters.tag) where.push('tags @> array[:tag::text]');
  if (filters.status) where.push('status = :status');
  if (paged) where.push(keyset.after);
  const statement = readStatement(
    'workspace',
    `customers_list_${listStatements.size}`,
    `select ${CUSTOMER_SELECT}, ${keyset.columns} from customers where ${where.join(' and ')} order by ${keyset.orderBy} limit :limit`,
    keyset.outerOrderBy,
  );
  listStatements.set(key, statement);
  return statement;
}

/** A page of the filtered customers after the given row (the list's pages and the export's). */
export function readCustomerPage(scope: ReadScope, filters: CustomerFilters, after: { value: string; id: string } | null, limit: number) {
  return scope.read<CustomerRow & { id: string; sortValue: string }>(customerListStatement(filters, after !== null), {
    pattern: filters.q ? containsPattern(filters.q) : undefined,
    tag: filters.tag,
    status: filters.status,
    sortValue: after?.value,
    cursorId: after?.id,
    limit,
  });
}

/** GET /customers: a page of the workspace's customers in the asked order (newest first by default). */
export async function readCustomers(scope: ReadScope, filters: CustomerFilters & { limit: number; cursor?: string }) {
  const cursor = decodeSortedCursor(filters.cursor, filters.sort);
  const rows = await readCustomerPage(scope, filters, cursor, filters.limit + 1);
  return sortedPage(rows, filters.limit, filters.sort, toCustomer);
}

const CUSTOMER = readStatement('workspace', 'customers_one', `select ${CUSTOMER_SELECT} from customers where caller.ok and id = :id and workspace_id = :wid`);

/** GET /customers/{id}: null when the customer is not in the workspace. */
export async function readCustomer(scope: ReadScope, id: string): Promise<Customer | null> {
  const [row] = await scope.read<CustomerRow>(CUSTOMER, { id });
  return row ? toCustomer(row) : null;
}
