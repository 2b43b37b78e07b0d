// Pure updates of cached orders, shared by the order page's mutations and the realtime handlers (so the
// handlers, part of the first load through the manifest, need no query or mutation code).
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ListResponse } from '../../../contracts/common';
import type { Order, Payment } from '../../../contracts/orders';
import { orderKeys, type OrderFilters } from './keys';

type OrderPages = InfiniteData<ListResponse<Order>, string | null>;

function isOrderPages(data: unknown): data is OrderPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages);
}

const newer = (a: { updatedAt: string }, b: { updatedAt: string }) => Date.parse(a.updatedAt) > Date.parse(b.updatedAt);

/** The filters of a cached list, from its key `['w', wid, 'orders', 'list', filters]`. */
const filtersOf = (queryKey: readonly unknown[]) => (queryKey[4] ?? {}) as OrderFilters;

/**
 * A changed order: its page and every cached list that shows it take the new copy at once (an older copy never
 * overwrites a newer one). Lists filtered by status or payment status refetch, since the change may move the
 * order in or out of them; its payments refetch if its page is open.
 */
export function applyOrderUpdate(queryClient: QueryClient, wid: string, order: Order) {
  queryClient.setQueryData<Order>(orderKeys.detail(wid, order.id), (cached) => (cached && newer(cached, order) ? cached : order));
  queryClient.setQueriesData<unknown>({ queryKey: orderKeys.lists(wid) }, (data: unknown) => {
    if (!isOrderPages(data) || !data.pages.some((page) => page.data.some((o) => o.id === order.id))) return data;
    return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((o) => (o.id === order.id && !newer(o, order) ? order : o)) })) };
  });
  return Promise.all([
    queryClient.invalidateQueries({
      queryKey: orderKeys.lists(wid),
      predicate: (query) => {
        const filters = filtersOf(query.queryKey);
        return Boolean(filters.status || filters.paymentStatus);
      },
    }),
    queryClient.invalidateQueries({ queryKey: orderKeys.payments(wid, order.id) }),
  ]);
}

/** A new order: cached for its page; the lists refetch (where it lands depends on each list's sort and filters). */
export function applyOrderCreated(queryClient: QueryClient, wid: string, order: Order) {
  queryClient.setQueryData(orderKeys.detail(wid, order.id), order);
  return queryClient.invalidateQueries({ queryKey: orderKeys.lists(wid) });
}

/** A payment moved (succeeded, failed, refunded…): its order's page and payment timeline refetch. */
export function applyPaymentUpdate(queryClient: QueryClient, wid: string, payment: Payment) {
  return queryClient.invalidateQueries({ queryKey: orderKeys.detail(wid, payment.orderId) });
}
