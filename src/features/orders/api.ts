// Orders and their payments (API.md: Commerce): the filtered, sorted list and its CSV export, one order with its
// payments and payment timeline, and the writes made from the order page (status, payment link, refund). Each
// order write announces its event (src/lib/workspace-events.ts) so other features' caches follow.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { OrderStatus } from '../../../contracts/orders';
import { api, call, endpointRoute, endpointUrl } from '@/lib/api-client';
import type { WorkspaceContext } from '@/lib/feature';
import { cleanFilters } from '@/lib/query-keys';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { orderKeys, type OrderFilters } from './keys';
import { applyOrderUpdate } from './order-cache';

export const ORDERS_PAGE_SIZE = 50;

export const orderListQueryOptions = (wid: string, filters: OrderFilters) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: orderKeys.list(wid, clean),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('orders.listOrders', {
        params: { wid },
        query: { ...clean, limit: ORDERS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
};

/** Warms the list the orders page opens on (its link hovered or focused). */
export function prefetchOrders({ queryClient, wid }: WorkspaceContext) {
  return queryClient.prefetchInfiniteQuery(orderListQueryOptions(wid, {}));
}

export const orderQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: orderKeys.detail(wid, id),
    queryFn: ({ signal }) => call('orders.getOrder', { params: { wid, id }, signal }),
  });

/** The order's payments and every Stripe event about them, oldest first. */
export const orderPaymentsQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: orderKeys.payments(wid, id),
    queryFn: ({ signal }) => call('orders.getOrderPayments', { params: { wid, id }, signal }),
  });

/** GET …/orders/export with the list's filters: the CSV text (the export is gated by the Bearer token, so not a link). */
export async function exportOrdersCsv(wid: string, filters: OrderFilters): Promise<string> {
  const { status, paymentStatus, customerId, conversationId, q } = cleanFilters(filters);
  const id = 'orders.exportOrders';
  const response = await api.request<string>({
    method: endpointRoute(id).method,
    url: endpointUrl(id, { wid }),
    params: cleanFilters({ status, paymentStatus, customerId, conversationId, q }),
    headers: { Accept: 'text/csv, application/json' },
  });
  return response.data;
}

export function useSetOrderStatus(wid: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { status: OrderStatus; reason?: string }) => call('orders.setOrderStatus', { params: { wid, id }, body }),
    onSuccess: (order) => {
      announceWorkspaceEvent(orderKeys.domain, wid, 'order.updated', { order });
      return applyOrderUpdate(queryClient, wid, order);
    },
  });
}

/** A Stripe Checkout link for what is left to pay (not posted anywhere: the caller copies it). */
export function useCreatePaymentLink(wid: string, orderId: string) {
  return useMutation({
    mutationFn: () => call('payments.createPaymentLink', { params: { wid }, body: { orderId } }),
  });
}

export type RefundReason = 'requested_by_customer' | 'duplicate' | 'fraudulent';

export function useRefundPayment(wid: string, orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      paymentId,
      amount,
      reason,
      note,
      idempotencyKey,
    }: {
      paymentId: string;
      amount: number;
      reason?: RefundReason;
      note?: string;
      idempotencyKey: string;
    }) =>
      call('payments.refundPayment', {
        params: { wid, id: paymentId },
        body: { amount, ...(reason ? { reason } : {}), ...(note ? { note } : {}) },
        idempotencyKey,
      }),
    // The order's amounts and payment status follow the refund; its lists show the payment status.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: orderKeys.detail(wid, orderId) }),
        queryClient.invalidateQueries({ queryKey: orderKeys.lists(wid) }),
      ]),
  });
}
