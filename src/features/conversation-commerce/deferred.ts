// Selling inside a conversation, after the first paint (src/lib/feature.ts): the panel's orders and products
// follow the realtime events.
import { defineDeferredFeature, type WorkspaceContext } from '@/lib/feature';
import { commerceKeys } from './keys';

const refreshOrders = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: commerceKeys.lists(wid) });
const refreshProducts = (_payload: unknown, { queryClient, wid }: WorkspaceContext) =>
  void queryClient.invalidateQueries({ queryKey: commerceKeys.products(wid) });

export default defineDeferredFeature({
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
