// The orders feature's share of the workspace's realtime events.
import type { FeatureEventHandlers } from '@/lib/feature';
import { applyOrderCreated, applyOrderUpdate, applyPaymentUpdate } from '../order-cache';

export const orderEventHandlers: FeatureEventHandlers = {
  'order.created': ({ order }, { queryClient, wid }) => void applyOrderCreated(queryClient, wid, order),
  'order.updated': ({ order }, { queryClient, wid }) => void applyOrderUpdate(queryClient, wid, order),
  'payment.updated': ({ payment }, { queryClient, wid }) => void applyPaymentUpdate(queryClient, wid, payment),
};
