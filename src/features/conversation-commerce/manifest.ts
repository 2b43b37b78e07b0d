// Selling inside a conversation, as the shell sees it: the "Orders" panel in the inbox's conversation details
// (slot conversation.details) and its share of the realtime events. The panel loads with the inbox's panel,
// not with the first page.
import { lazy } from 'react';
import { defineFeature, type WorkspaceContext } from '@/lib/feature';
import { commerceKeys } from './keys';

const ConversationOrders = lazy(async () => ({ default: (await import('./components/conversation-orders')).ConversationOrders }));

const refreshOrders = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: commerceKeys.lists(wid) });
const refreshProducts = (_payload: unknown, { queryClient, wid }: WorkspaceContext) =>
  void queryClient.invalidateQueries({ queryKey: commerceKeys.products(wid) });

export const conversationCommerceFeature = defineFeature({
  id: 'conversation-commerce',
  panels: [{ slot: 'conversation.details', order: 10, component: ConversationOrders }],
  realtime: {
    events: {
      'order.created': refreshOrders,
      'order.updated': refreshOrders,
      // A payment moving (the Stripe webhook landing) changes its order's payment status.
      'payment.updated': refreshOrders,
      'product.created': refreshProducts,
      'product.updated': refreshProducts,
      'product.deleted': refreshProducts,
    },
    resync: commerceKeys.all,
  },
});
