// The products feature's query keys, under ['w', wid, 'products'] (src/lib/query-keys.ts): lists by their
// filters and sort, and each product.
import type { ProductListQuery } from '../../../contracts/products';
import { workspaceKeyFactory } from '@/lib/query-keys';

export type ProductSort = NonNullable<ProductListQuery['sort']>;

/** A list's query as the page's address carries it (`active` as the API writes it). */
export interface ProductFilters {
  q?: string;
  category?: string;
  active?: 'true' | 'false';
  sort?: ProductSort;
}

const base = workspaceKeyFactory('products');

export const productKeys = {
  ...base,
  list: (wid: string, filters: ProductFilters) => base.list(wid, filters),
};
