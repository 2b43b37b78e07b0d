// Customers, the CRM's clients (API.md: Customers, CRM): lists by search, tag and status in any sort, one
// customer, their conversations and projects, the writes made from the customers pages, and the CSV export and
// import. Each write announces its event (src/lib/workspace-events.ts), so other features' caches (the inbox's
// lists show customers' names) follow without importing this one.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AxiosRequestConfig } from 'axios';
import type { ImportResult } from '../../../contracts/common';
import type { CreateConversationBody } from '../../../contracts/conversations';
import type { CreateCustomerBody, UpdateCustomerBody } from '../../../contracts/customers';
import type { EndpointId } from '../../../contracts/registry';
import { api, call, endpointRoute, endpointUrl } from '@/lib/api-client';
import { cleanFilters } from '@/lib/query-keys';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { customerKeys, type CustomerFilters } from './keys';

export const CUSTOMERS_PAGE_SIZE = 25;
const CONVERSATIONS_PAGE_SIZE = 25;
const PROJECTS_PAGE_SIZE = 25;

export const customerListQueryOptions = (wid: string, filters: CustomerFilters) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: customerKeys.list(wid, clean),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('customers.listCustomers', {
        params: { wid },
        query: { ...clean, limit: CUSTOMERS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
};

export const customerQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: customerKeys.detail(wid, id),
    queryFn: ({ signal }) => call('customers.getCustomer', { params: { wid, id }, signal }),
  });

/** Every conversation with one customer, most recent activity first. */
export const customerConversationsQueryOptions = (wid: string, customerId: string) =>
  infiniteQueryOptions({
    queryKey: customerKeys.conversations(wid, customerId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('inbox.listConversations', {
        params: { wid },
        query: { customerId, limit: CONVERSATIONS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

/** The projects whose client is this customer, newest first. */
export const customerProjectsQueryOptions = (wid: string, customerId: string) =>
  infiniteQueryOptions({
    queryKey: customerKeys.projects(wid, customerId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('crm.listProjects', {
        params: { wid },
        query: { customerId, limit: PROJECTS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

export function useCreateCustomer(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCustomerBody) => call('customers.createCustomer', { params: { wid }, body }),
    onSuccess: (customer) => {
      queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
      announceWorkspaceEvent(customerKeys.domain, wid, 'customer.created', { customer });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
    },
  });
}

export function useUpdateCustomer(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateCustomerBody }) => call('customers.updateCustomer', { params: { wid, id }, body }),
    onSuccess: (customer) => {
      queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
      announceWorkspaceEvent(customerKeys.domain, wid, 'customer.updated', { customer });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
    },
  });
}

export function useDeleteCustomer(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('customers.deleteCustomer', { params: { wid, id } }),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(wid, id) });
      queryClient.removeQueries({ queryKey: customerKeys.conversations(wid, id) });
      announceWorkspaceEvent(customerKeys.domain, wid, 'customer.deleted', { id });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
    },
  });
}

/** "New conversation" from a customer's page; the inbox hears of it through the announced event. */
export function useStartConversation(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateConversationBody) => call('inbox.createConversation', { params: { wid }, body }),
    onSuccess: (conversation) => {
      announceWorkspaceEvent(customerKeys.domain, wid, 'conversation.created', { conversation });
      return queryClient.invalidateQueries({ queryKey: customerKeys.conversations(wid, conversation.customer.id) });
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

/** GET …/customers/export with the list's filters and sort: the CSV text (the export is gated by the Bearer token). */
export function exportCustomersCsv(wid: string, filters: CustomerFilters): Promise<string> {
  const { q, tag, status, sort } = filters;
  return rawRequest<string>(
    'customers.exportCustomers',
    { wid },
    { params: cleanFilters({ q, tag, status, sort }), headers: { Accept: 'text/csv, application/json' } },
  );
}

/** POST …/customers/import: with `dryRun`, every row checked and nothing written; otherwise all or nothing. */
export function importCustomersCsv(wid: string, csv: string, { dryRun, idempotencyKey }: { dryRun: boolean; idempotencyKey?: string }) {
  return rawRequest<ImportResult>(
    'customers.importCustomers',
    { wid },
    {
      params: dryRun ? { dryRun: 'true' } : undefined,
      data: new Blob([csv], { type: 'text/csv' }),
      headers: { 'Content-Type': 'text/csv', ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
    },
  );
}

/** Checks (dry run) or imports a CSV file; an import refreshes every customer list and page and is announced. */
export function useImportCustomers(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, dryRun, idempotencyKey }: { csv: string; dryRun: boolean; idempotencyKey?: string }) =>
      importCustomersCsv(wid, csv, { dryRun, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    onSuccess: (result, { dryRun }) => {
      if (dryRun) return undefined;
      announceWorkspaceEvent(customerKeys.domain, wid, 'customer.imported', { created: result.created, updated: result.updated });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) }),
        queryClient.invalidateQueries({ queryKey: customerKeys.details(wid) }),
      ]);
    },
  });
}
