// Customers (API.md: Customers): lists by search and tag, one customer, their conversations, and the writes
// made from the customers pages. Each write announces its event (src/lib/workspace-events.ts), so other
// features' caches (the inbox's lists show customers' names) follow without importing this one.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateConversationBody } from '../../../contracts/conversations';
import type { CreateCustomerBody, UpdateCustomerBody } from '../../../contracts/customers';
import { call } from '@/lib/api-client';
import { cleanFilters } from '@/lib/query-keys';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { customerKeys, type CustomerFilters } from './keys';

export const CUSTOMERS_PAGE_SIZE = 25;
const CONVERSATIONS_PAGE_SIZE = 25;

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
