// The customer of the open conversation, as the inbox's side panel shows them. The inbox reads the customers
// endpoint itself (features never import each other) and keeps the answer under its own key, which its
// realtime handlers update on customer.updated / customer.deleted.
import { queryOptions } from '@tanstack/react-query';
import { call } from '@/lib/api-client';
import { inboxKeys } from './keys';

export const panelCustomerQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: inboxKeys.customer(wid, id),
    queryFn: ({ signal }) => call('customers.getCustomer', { params: { wid, id }, signal }),
  });
