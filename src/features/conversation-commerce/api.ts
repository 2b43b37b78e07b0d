// Orders from a conversation (API.md: Commerce): the customer's orders, the active products an order is made
// from, creating an order for the conversation's customer, and posting a payment link into the conversation.
// A created order is announced (src/lib/workspace-events.ts) so other features' order lists follow.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateOrderBody, Order, OrderPaymentStatus } from '../../../contracts/orders';
import { call } from '@/lib/api-client';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { commerceKeys } from './keys';

export const ORDERS_PAGE_SIZE = 5;
export const PRODUCT_RESULTS = 20;

/** The customer's orders, newest first. */
export const customerOrdersQueryOptions = (wid: string, customerId: string) =>
  infiniteQueryOptions({
    queryKey: commerceKeys.customerOrders(wid, customerId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('orders.listOrders', {
        params: { wid },
        query: { customerId, sort: '-createdAt', limit: ORDERS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

/** Active products matching `q` (name, SKU, description), by name. */
export const productSearchQueryOptions = (wid: string, q: string) =>
  queryOptions({
    queryKey: commerceKeys.productSearch(wid, q),
    queryFn: ({ signal }) =>
      call('products.listProducts', {
        params: { wid },
        query: { active: 'true', sort: 'name', limit: PRODUCT_RESULTS, ...(q ? { q } : {}) },
        signal,
      }),
  });

/** Payment can still be asked for: nothing paid or under way, and the order not cancelled. */
const PAYABLE: readonly OrderPaymentStatus[] = ['unpaid', 'failed'];
export const canAskForPayment = (order: Order) => order.status !== 'cancelled' && PAYABLE.includes(order.paymentStatus) && order.total > 0;

export function useCreateOrder(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateOrderBody; idempotencyKey: string }) =>
      call('orders.createOrder', { params: { wid }, body, idempotencyKey }),
    onSuccess: (order) => {
      announceWorkspaceEvent(commerceKeys.domain, wid, 'order.created', { order });
      // Stock was taken: the product list shows the new counts.
      void queryClient.invalidateQueries({ queryKey: commerceKeys.products(wid) });
      return queryClient.invalidateQueries({ queryKey: commerceKeys.lists(wid) });
    },
    onError: () => queryClient.invalidateQueries({ queryKey: commerceKeys.products(wid) }),
  });
}

/** A Stripe Checkout link for the order, posted into the conversation as an agent message. */
export function useSendPaymentLink(wid: string) {
  return useMutation({
    mutationFn: ({ orderId, conversationId }: { orderId: string; conversationId: string }) =>
      call('payments.createPaymentLink', { params: { wid }, body: { orderId, conversationId } }),
  });
}
