// The products feature's share of the workspace's realtime events. The cache updates load on the first event,
// so they stay out of the first page load (the manifest, and these handlers with it, are part of it).
import type { FeatureEventHandlers } from '@/lib/feature';

const cache = () => import('../product-cache');

export const productEventHandlers: FeatureEventHandlers = {
  'product.created': ({ product }, { queryClient, wid }) => void cache().then((c) => c.applyProductCreated(queryClient, wid, product)),
  'product.updated': ({ product }, { queryClient, wid }) => void cache().then((c) => c.applyProductUpdate(queryClient, wid, product)),
  'product.deleted': ({ id }, { queryClient, wid }) => void cache().then((c) => c.applyProductDeleted(queryClient, wid, id)),
};
