// Reads of the product catalogue: one round trip each, the caller check folded into the statement.
import type { Product } from '../../../contracts/products.js';
import { decodeSortedCursor, sortedKeyset, sortedPage, sortKey } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement, type Row } from '../http/read-scope.js';

export type ProductRow = {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price: number;
  currency: string;
  stock: number | null;
  category: string | null;
  imageUrl: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  price: r.price,
  currency: r.currency,
  stock: r.stock,
  category: r.category,
  imageUrl: r.imageUrl,
  active: r.active,
  // Raw statements answer timestamps as text on some drivers: read both.
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

export const PRODUCT_SELECT =
  'id, sku, name, description, price, currency, stock, category, image_url as "imageUrl", active, created_at as "createdAt", updated_at as "updatedAt"';

/** Sortable fields; untracked stock (null) sorts as unlimited. */
export const PRODUCT_SORT_FIELDS = {
  name: { expr: 'lower(name)', type: 'text' },
  price: { expr: 'price', type: 'integer' },
  stock: { expr: 'coalesce(stock, 2147483647)', type: 'integer' },
  createdAt: { expr: 'created_at', type: 'timestamptz' },
} as const;

export interface ProductFilters {
  q?: string;
  category?: string;
  active?: boolean;
  sort: string;
}

export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

/** The WHERE conditions of a filtered product list (parameters :pattern, :category, :active). */
export function productConditions(filters: ProductFilters): string[] {
  const where = ['workspace_id = :wid'];
  if (filters.q) where.push('(name ilike :pattern or sku ilike :pattern or description ilike :pattern)');
  if (filters.category) where.push('category = :category');
  if (filters.active !== undefined) where.push('active = :active');
  return where;
}

const statements = new Map<string, ReadStatement>();

function listStatement(filters: ProductFilters, paged: boolean): ReadStatement {
  const key = [filters.sort, filters.q ? 'q' : '', filters.category ? 'c' : '', filters.active !== undefined ? 'a' : '', paged ? 'p' : ''].join('|');
  const cached = statements.get(key);
  if (cached) return cached;
  const keyset = sortedKeyset(sortKey(filters.sort, PRODUCT_SORT_FIELDS));
  const where = ['caller.ok', ...productConditions(filters)];
  if (paged) where.push(keyset.after);
  const statement = readStatement(
    'workspace',
    `products_list_${statements.size}`,
    `select ${PRODUCT_SELECT}, ${keyset.columns} from products where ${where.join(' and ')} order by ${keyset.orderBy} limit :limit`,
    keyset.outerOrderBy,
  );
  statements.set(key, statement);
  return statement;
}

export async function readProducts(scope: ReadScope, query: ProductFilters & { limit: number; cursor?: string }) {
  const cursor = decodeSortedCursor(query.cursor, query.sort);
  const rows = await scope.read<ProductRow & Row & { sortValue: string }>(listStatement(query, cursor !== null), {
    pattern: query.q ? likePattern(query.q) : undefined,
    category: query.category,
    active: query.active,
    sortValue: cursor?.value,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return sortedPage(rows, query.limit, query.sort, toProduct);
}

const ONE = readStatement('workspace', 'products_one', `select ${PRODUCT_SELECT} from products where caller.ok and id = :id and workspace_id = :wid`);

export async function readProduct(scope: ReadScope, id: string): Promise<Product | null> {
  const [row] = await scope.read<ProductRow & Row>(ONE, { id });
  return row ? toProduct(row) : null;
}

/** One page of the export (the caller check on every page: a revoked session stops a long export). */
export async function readProductPage(scope: ReadScope, filters: ProductFilters, after: { sortValue: string; id: string } | null, limit: number) {
  const rows = await scope.read<ProductRow & Row & { sortValue: string }>(listStatement(filters, after !== null), {
    pattern: filters.q ? likePattern(filters.q) : undefined,
    category: filters.category,
    active: filters.active,
    sortValue: after?.sortValue,
    cursorId: after?.id,
    limit,
  });
  return rows;
}
