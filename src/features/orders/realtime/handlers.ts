// The orders feature's share of the workspace's realtime events, loaded after the first paint (../deferred.ts).
// The cache updates load on the first event, so the handlers' chunk stays small.
import type { FeatureEventHandlers } from '@/lib/feature';

const cache = () => import('../order-cache');

export const orderEventHandlers: FeatureEventHandlers = {
  'order.created': ({ order }, { queryClient, wid }) => void cache().then((c) => c.applyOrderCreated(queryClient, wid, order)),
  'order.updated': ({ order }, { queryClient, wid }) => void cache().then((c) => c.applyOrderUpdate(queryClient, wid, order)),
  'payment.updated': ({ payment }, { queryClient, wid }) => void cache().then((c) => c.applyPaymentUpdate(queryClient, wid, payment)),
};
