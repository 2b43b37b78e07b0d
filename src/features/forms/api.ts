// Forms (API.md: Commerce): the list with submission counts, one form, its submissions and their CSV export,
// the writes made from the builder, and the products that product fields offer.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Form, SaveFormBody } from '../../../contracts/forms';
import { api, call, endpointUrl } from '@/lib/api-client';
import { cleanFilters } from '@/lib/query-keys';
import { formKeys } from './keys';

export const FORMS_PAGE_SIZE = 25;
export const SUBMISSIONS_PAGE_SIZE = 25;
/** Product fields choose among the workspace's products; the chooser searches beyond the first ones. */
export const PRODUCT_CHOICES = 50;

export const formListQueryOptions = (wid: string, filters: { q?: string }) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: formKeys.list(wid, clean),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('forms.listForms', { params: { wid }, query: { ...clean, limit: FORMS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) }, signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
};

export const formQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: formKeys.detail(wid, id),
    queryFn: ({ signal }) => call('forms.getForm', { params: { wid, id }, signal }),
  });

export const submissionsQueryOptions = (wid: string, formId: string) =>
  infiniteQueryOptions({
    queryKey: formKeys.submissions(wid, formId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('forms.listSubmissions', {
        params: { wid, id: formId },
        query: { limit: SUBMISSIONS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

/** Active products by name, `q` matching name, SKU or description. */
export const productSearchQueryOptions = (wid: string, q: string) =>
  queryOptions({
    queryKey: formKeys.productSearch(wid, q),
    queryFn: ({ signal }) =>
      call('products.listProducts', { params: { wid }, query: { active: 'true', sort: 'name', limit: PRODUCT_CHOICES, ...(q ? { q } : {}) }, signal }),
  });

/** One product (a chosen one the search has not shown): its name for the chooser. */
export const productQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: formKeys.product(wid, id),
    queryFn: ({ signal }) => call('products.getProduct', { params: { wid, id }, signal }),
    retry: false,
  });

/** Creates (no id) or replaces (PUT) a form; the cache keeps the answer. */
export function useSaveForm(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, idempotencyKey }: { id: string | null; body: SaveFormBody; idempotencyKey: string }): Promise<Form> =>
      id ? call('forms.updateForm', { params: { wid, id }, body }) : call('forms.createForm', { params: { wid }, body, idempotencyKey }),
    onSuccess: (form) => {
      queryClient.setQueryData(formKeys.detail(wid, form.id), form);
      return queryClient.invalidateQueries({ queryKey: formKeys.lists(wid) });
    },
  });
}

export function useDeleteForm(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('forms.deleteForm', { params: { wid, id } }),
    onSuccess: (_answer, id) => {
      queryClient.removeQueries({ queryKey: formKeys.detail(wid, id) });
      return queryClient.invalidateQueries({ queryKey: formKeys.lists(wid) });
    },
  });
}

/**
 * The submissions as CSV, saved as a file. Fetched through the API client (the export needs the Bearer token,
 * which a plain link would not send), then handed to the browser as a download.
 */
export async function downloadSubmissionsCsv(wid: string, form: Pick<Form, 'id' | 'name'>): Promise<void> {
  const response = await api.get<Blob>(endpointUrl('forms.exportSubmissions', { wid, id: form.id }), {
    responseType: 'blob',
    headers: { Accept: 'text/csv' },
  });
  const url = URL.createObjectURL(response.data);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${fileSlug(form.name)}-submissions.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'form';
