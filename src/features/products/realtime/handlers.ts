// The products feature's share of the workspace's realtime events, loaded after the first paint (../deferred.ts).
// The cache updates load on the first event, so the handlers' chunk stays small.
import type { FeatureEventHandlers } from '@/lib/feature';

const cache = () => import('../product-cache');

export const productEventHandlers: FeatureEventHandlers = {
  'product.created': ({ product }, { queryClient, wid }) => void cache().then((c) => c.applyProductCreated(queryClient, wid, product)),
  'product.updated': ({ product }, { queryClient, wid }) => void cache().then((c) => c.applyProductUpdate(queryClient, wid, product)),
  'product.deleted': ({ id }, { queryClient, wid }) => void cache().then((c) => c.applyProductDeleted(queryClient, wid, id)),
};
