// /api/workspaces/{wid}/products: viewers read and export, admins write and import.
import { productEndpoints, PRODUCT_CSV_COLUMNS } from '../../../contracts/products.js';
import { csvBody, streamCsv } from '../http/csv.js';
import { ApiError, notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readRawBody } from '../http/raw-body.js';
import { readProduct, readProductPage, readProducts, toProduct, type ProductRow } from './queries.js';
import { createProduct, deleteProduct, importProducts, updateProduct } from './service.js';

export const routes = implement(productEndpoints, {
  listProducts: (ctx, { query }) => readProducts(ctx.scope, query),
  createProduct: (ctx, { body }) => createProduct(ctx, body),
  async exportProducts(ctx, { query }) {
    await streamCsv(
      ctx.res,
      'products.csv',
      [...PRODUCT_CSV_COLUMNS],
      (r: ProductRow & { sortValue: string }) => {
        const p = toProduct(r);
        return [p.sku, p.name, p.description, p.price, p.currency, p.stock, p.category, p.imageUrl, p.active];
      },
      (after: (ProductRow & { sortValue: string }) | null, limit) => readProductPage(ctx.scope, query, after, limit),
    );
    return undefined;
  },
  async importProducts(ctx, { query }) {
    const type = String(ctx.req.headers['content-type'] ?? '');
    if (!/^text\/(csv|plain)\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the CSV as text/csv');
    return importProducts(ctx, csvBody(await readRawBody(ctx.req)), query.dryRun ?? false);
  },
  async getProduct(ctx, { params }) {
    const found = await readProduct(ctx.scope, params.id);
    if (!found) throw notFound('Product');
    return found;
  },
  updateProduct: (ctx, { params, body }) => updateProduct(ctx, params.id, body),
  async deleteProduct(ctx, { params }) {
    await deleteProduct(ctx, params.id);
    return undefined;
  },
});
