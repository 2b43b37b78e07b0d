// Customers (API.md: Customers). Lives with the inbox because both the inbox's side panel and the
// customers pages read it; the customers feature imports it from here.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateCustomerBody, Customer, CustomerList, UpdateCustomerBody } from '../../../../contracts/inbox';
import { api } from '@/lib/api-client';
import { cleanFilters, customerKeys, inboxKeys, workspacePath, type CustomerFilters } from './keys';

export const CUSTOMERS_PAGE_SIZE = 25;

export const customerListQueryOptions = (wid: string, filters: CustomerFilters) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: customerKeys.list(wid, clean),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await api.get<CustomerList>(`${workspacePath(wid)}/customers`, {
          params: { ...clean, limit: CUSTOMERS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        })
      ).data,
    getNextPageParam: (last) => last.nextCursor,
  });
};

export const customerQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: customerKeys.detail(wid, id),
    queryFn: async ({ signal }) => (await api.get<Customer>(`${workspacePath(wid)}/customers/${encodeURIComponent(id)}`, { signal })).data,
  });

export function useCreateCustomer(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateCustomerBody) => (await api.post<Customer>(`${workspacePath(wid)}/customers`, body)).data,
    onSuccess: (customer) => {
      queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
    },
  });
}

export function useUpdateCustomer(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: UpdateCustomerBody }) =>
      (await api.patch<Customer>(`${workspacePath(wid)}/customers/${encodeURIComponent(id)}`, body)).data,
    onSuccess: (customer) => {
      queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
      // Conversations show the customer's name.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.all(wid) }),
      ]);
    },
  });
}

export function useDeleteCustomer(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.delete(`${workspacePath(wid)}/customers/${encodeURIComponent(id)}`);
    },
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(wid, id) });
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
      ]);
    },
  });
}
