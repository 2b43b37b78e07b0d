// The customers feature's share of the workspace's realtime events: customers' lists and details, and the
// conversation lists on customers' pages (a conversation event may change any of them).
import type { QueryClient } from '@tanstack/react-query';
import type { FeatureEventHandlers } from '@/lib/feature';
import { customerKeys } from '../keys';

const refreshConversations = (queryClient: QueryClient, wid: string) => void queryClient.invalidateQueries({ queryKey: customerKeys.conversationLists(wid) });

export const customerEventHandlers: FeatureEventHandlers = {
  'customer.created': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) }),
  'customer.updated': ({ customer }, { queryClient, wid }) => {
    queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
    void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
  },
  'customer.deleted': ({ id }, { queryClient, wid }) => {
    queryClient.removeQueries({ queryKey: customerKeys.detail(wid, id) });
    void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
  },
  'conversation.created': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
  'conversation.updated': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
  'message.created': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
};
