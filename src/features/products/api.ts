// Products (API.md: Commerce): the filtered, sorted list, the writes made from the products page, and the CSV
// export and import. Each write announces its event (src/lib/workspace-events.ts) so other features' caches
// (order forms, say) follow without importing this one.
import { infiniteQueryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AxiosRequestConfig } from 'axios';
import type { ImportResult } from '../../../contracts/common';
import type { CreateProductBody, UpdateProductBody } from '../../../contracts/products';
import type { EndpointId } from '../../../contracts/registry';
import { api, call, endpointRoute, endpointUrl } from '@/lib/api-client';
import type { WorkspaceContext } from '@/lib/feature';
import { cleanFilters } from '@/lib/query-keys';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { productKeys, type ProductFilters } from './keys';
import { applyProductCreated, applyProductDeleted, applyProductUpdate } from './product-cache';

export const PRODUCTS_PAGE_SIZE = 50;

export const productListQueryOptions = (wid: string, filters: ProductFilters) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: productKeys.list(wid, clean),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('products.listProducts', {
        params: { wid },
        query: { ...clean, limit: PRODUCTS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
};

/** Warms the list the products page opens on (its link hovered or focused). */
export function prefetchProducts({ queryClient, wid }: WorkspaceContext) {
  return queryClient.prefetchInfiniteQuery(productListQueryOptions(wid, {}));
}

export function useCreateProduct(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateProductBody; idempotencyKey: string }) =>
      call('products.createProduct', { params: { wid }, body, idempotencyKey }),
    onSuccess: (product) => {
      announceWorkspaceEvent(productKeys.domain, wid, 'product.created', { product });
      return applyProductCreated(queryClient, wid, product);
    },
  });
}

export function useUpdateProduct(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateProductBody }) => call('products.updateProduct', { params: { wid, id }, body }),
    onSuccess: (product) => {
      announceWorkspaceEvent(productKeys.domain, wid, 'product.updated', { product });
      return applyProductUpdate(queryClient, wid, product);
    },
  });
}

export function useDeleteProduct(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('products.deleteProduct', { params: { wid, id } }),
    onSuccess: (_data, id) => {
      announceWorkspaceEvent(productKeys.domain, wid, 'product.deleted', { id });
      return applyProductDeleted(queryClient, wid, id);
    },
  });
}

/**
 * An endpoint whose body or answer is not JSON (CSV), through the same client (token, refresh, errors) with the
 * URL from the route table. Error answers are still JSON envelopes, which the client turns into ApiErrors.
 */
async function rawRequest<T>(id: EndpointId, params: Record<string, string>, config: AxiosRequestConfig): Promise<T> {
  const response = await api.request<T>({ method: endpointRoute(id).method, url: endpointUrl(id, params), ...config });
  return response.data;
}

/** GET …/products/export with the list's filters: the CSV text (the export is gated by the Bearer token). */
export function exportProductsCsv(wid: string, filters: ProductFilters): Promise<string> {
  const { q, category, active } = cleanFilters(filters);
  return rawRequest<string>(
    'products.exportProducts',
    { wid },
    { params: cleanFilters({ q, category, active }), headers: { Accept: 'text/csv, application/json' } },
  );
}

/** POST …/products/import: with `dryRun`, every row checked and nothing written; otherwise all or nothing. */
export function importProductsCsv(wid: string, csv: string, { dryRun, idempotencyKey }: { dryRun: boolean; idempotencyKey?: string }) {
  return rawRequest<ImportResult>(
    'products.importProducts',
    { wid },
    {
      params: dryRun ? { dryRun: 'true' } : undefined,
      data: new Blob([csv], { type: 'text/csv' }),
      headers: { 'Content-Type': 'text/csv', ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
    },
  );
}

export function useImportProducts(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, dryRun, idempotencyKey }: { csv: string; dryRun: boolean; idempotencyKey?: string }) =>
      importProductsCsv(wid, csv, { dryRun, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    onSuccess: (_result, { dryRun }) => (dryRun ? undefined : queryClient.invalidateQueries({ queryKey: productKeys.all(wid) })),
  });
}
