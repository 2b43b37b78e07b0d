// The products feature's share of the workspace's realtime events.
import type { FeatureEventHandlers } from '@/lib/feature';
import { applyProductCreated, applyProductDeleted, applyProductUpdate } from '../product-cache';

export const productEventHandlers: FeatureEventHandlers = {
  'product.created': ({ product }, { queryClient, wid }) => void applyProductCreated(queryClient, wid, product),
  'product.updated': ({ product }, { queryClient, wid }) => void applyProductUpdate(queryClient, wid, product),
  'product.deleted': ({ id }, { queryClient, wid }) => void applyProductDeleted(queryClient, wid, id),
};
