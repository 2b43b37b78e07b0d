// /api/workspaces/{wid}/products (served by the commerce function): the catalogue orders are made from.
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import {
  amountSchema,
  booleanQuerySchema,
  currencySchema,
  hasNoNul,
  idSchema,
  importQuerySchema,
  importResultSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  NUL_MESSAGE,
  sortSchema,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';
import { endpoint } from './endpoint.js';

export const productSchema = z.object({
  id: idSchema,
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  price: z.number().int(),
  currency: z.string(),
  /** null: stock is not tracked (always available). */
  stock: z.number().int().nullable(),
  category: z.string().nullable(),
  imageUrl: z.string().nullable(),
  active: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Product = z.infer<typeof productSchema>;
export const productListSchema = listResponseSchema(productSchema);

export const skuSchema = z
  .string()
  .trim()
  .min(1, 'Enter a SKU')
  .max(64, 'Use at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'Use letters, digits and . _ - /');
const nameSchema = trimmedText(200, 'Enter a name');
const descriptionSchema = z.string().max(5_000, 'Use at most 5000 characters').refine(hasNoNul, NUL_MESSAGE);
const categorySchema = trimmedText(80, 'Enter a category');
const stockSchema = z.number().int('Use a whole number').min(0, 'Must not be negative').max(10_000_000);
const imageUrlSchema = z
  .url({ protocol: /^https?$/, message: 'Use an http(s) address' })
  .max(2_000)
  .refine(hasNoNul, NUL_MESSAGE);

export const createProductBodySchema = z.strictObject({
  sku: skuSchema,
  name: nameSchema,
  description: descriptionSchema.nullish(),
  price: amountSchema,
  currency: currencySchema.default('usd'),
  stock: stockSchema.nullish(),
  category: categorySchema.nullish(),
  imageUrl: imageUrlSchema.nullish(),
  active: z.boolean().default(true),
});
export type CreateProductBody = z.input<typeof createProductBodySchema>;
export const updateProductBodySchema = z.strictObject({
  sku: skuSchema.optional(),
  name: nameSchema.optional(),
  description: descriptionSchema.nullish(),
  price: amountSchema.optional(),
  currency: currencySchema.optional(),
  stock: stockSchema.nullish(),
  category: categorySchema.nullish(),
  imageUrl: imageUrlSchema.nullish(),
  active: z.boolean().optional(),
});
export type UpdateProductBody = z.input<typeof updateProductBodySchema>;

export const PRODUCT_SORTS = ['name', 'price', 'stock', 'createdAt'] as const;
export const productFilterSchema = z.object({
  q: z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional(),
  category: z.string().trim().max(80).refine(hasNoNul, NUL_MESSAGE).optional(),
  active: booleanQuerySchema.optional(),
  sort: sortSchema(PRODUCT_SORTS, '-createdAt'),
});
export const productListQuerySchema = listQuerySchema.extend(productFilterSchema.shape);
export type ProductListQuery = z.input<typeof productListQuerySchema>;

/** The CSV columns of export and import, in order (import matches rows by `sku`). */
export const PRODUCT_CSV_COLUMNS = ['sku', 'name', 'description', 'price', 'currency', 'stock', 'category', 'imageUrl', 'active'] as const;

export const productEndpoints = {
  listProducts: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/products',
    access: 'viewer',
    summary: 'Products; `q` searches name, SKU and description; filter by `category` and `active`; `sort` by name, price, stock or createdAt',
    params: workspaceParamsSchema,
    query: productListQuerySchema,
    response: productListSchema,
  }),
  createProduct: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/products',
    access: 'admin',
    summary: 'Create a product (409 when the SKU is taken)',
    params: workspaceParamsSchema,
    body: createProductBodySchema,
    example: { sku: 'TEE-BLK-M', name: 'Black tee, M', price: 2500, currency: 'usd', stock: 12, category: 'Apparel' },
    response: productSchema,
    status: 201,
    idempotent: true,
  }),
  exportProducts: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/products/export',
    access: 'viewer',
    summary: 'The filtered products as CSV (text/csv)',
    params: workspaceParamsSchema,
    query: productFilterSchema,
    raw: true,
  }),
  importProducts: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/products/import',
    access: 'admin',
    summary: 'Create or update products from CSV (text/csv, by sku); `dryRun=true` checks without writing; any error and nothing is written',
    params: workspaceParamsSchema,
    query: importQuerySchema,
    response: importResultSchema,
    idempotent: true,
    raw: true,
  }),
  getProduct: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/products/:id',
    access: 'viewer',
    summary: 'One product',
    params: itemParamsSchema,
    response: productSchema,
  }),
  updateProduct: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/products/:id',
    access: 'admin',
    summary: 'Change a product (only the fields given; null clears an optional one, and stock null stops tracking it)',
    params: itemParamsSchema,
    body: updateProductBodySchema,
    example: { price: 2700, stock: 20 },
    response: productSchema,
  }),
  deleteProduct: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/products/:id',
    access: 'admin',
    summary: 'Delete a product (409 in_use when an order has it: deactivate it instead)',
    params: itemParamsSchema,
  }),
};

/** Events on private-workspace-{wid} (registered in contracts/events.ts). */
export const productEvents = {
  'product.created': z.object({ product: productSchema }),
  'product.updated': z.object({ product: productSchema }),
  'product.deleted': z.object({ id: idSchema }),
  /** An order took or returned tracked stock. */
  'product.stock_changed': z.object({ id: idSchema, stock: z.number().int() }),
};

/** Activity actions (registered in contracts/activity.ts). */
export const productActivity = {
  'product.created': action('product', z.object({ name: z.string() }), (m, w) => `${w.actor} created the product ${quoted(m.name ?? '')}`),
  'product.updated': action(
    'product',
    z.object({ name: z.string().optional(), fields: z.array(z.string()) }),
    (m, w) => `${w.actor} changed ${m.name ? `${quoted(m.name)}'s` : "a product's"} ${m.fields?.join(', ') || 'details'}`,
  ),
  'product.deleted': action('product', z.object({ name: z.string() }), (m, w) => `${w.actor} deleted the product ${quoted(m.name ?? '')}`),
  'product.imported': action(
    'product',
    z.object({ created: z.number(), updated: z.number() }),
    (m, w) => `${w.actor} imported products (${m.created ?? 0} new, ${m.updated ?? 0} updated)`,
  ),
};
