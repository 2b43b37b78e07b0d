// Pure updates of cached products, shared by the page's mutations and the realtime handlers (so the handlers,
// part of the first load through the manifest, need no query or mutation code).
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ListResponse } from '../../../contracts/common';
import type { Product } from '../../../contracts/products';
import { productKeys } from './keys';

type ProductPages = InfiniteData<ListResponse<Product>, string | null>;

function isProductPages(data: unknown): data is ProductPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages);
}

function mapLists(queryClient: QueryClient, wid: string, map: (product: Product) => Product | null) {
  queryClient.setQueriesData<unknown>({ queryKey: productKeys.lists(wid) }, (data: unknown) => {
    if (!isProductPages(data)) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({ ...page, data: page.data.flatMap((p) => map(p) ?? []) })),
    };
  });
}

/**
 * A changed product: shown at once wherever a cached list has it (an older copy never overwrites a newer one),
 * then the lists refetch, since its name, price, stock, category or state may move it or filter it out.
 */
export function applyProductUpdate(queryClient: QueryClient, wid: string, product: Product) {
  queryClient.setQueryData<Product>(productKeys.detail(wid, product.id), (cached) =>
    cached && Date.parse(cached.updatedAt) > Date.parse(product.updatedAt) ? cached : product,
  );
  mapLists(queryClient, wid, (p) => (p.id === product.id && Date.parse(p.updatedAt) <= Date.parse(product.updatedAt) ? product : p));
  return queryClient.invalidateQueries({ queryKey: productKeys.lists(wid) });
}

export function applyProductCreated(queryClient: QueryClient, wid: string, product: Product) {
  queryClient.setQueryData(productKeys.detail(wid, product.id), product);
  return queryClient.invalidateQueries({ queryKey: productKeys.lists(wid) });
}

export function applyProductDeleted(queryClient: QueryClient, wid: string, id: string) {
  queryClient.removeQueries({ queryKey: productKeys.detail(wid, id) });
  mapLists(queryClient, wid, (p) => (p.id === id ? null : p));
  return queryClient.invalidateQueries({ queryKey: productKeys.lists(wid) });
}
