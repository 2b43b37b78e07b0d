import { QueryClient, type InfiniteData } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { ListResponse } from '../../../contracts/common';
import type { Order } from '../../../contracts/orders';
import { orderKeys } from './keys';
import { orderEventHandlers } from './realtime/handlers';
import { order, orderIds, payment } from './test/order-fixtures';

const wid = 'w1';
const pages = (...orders: Order[]): InfiniteData<ListResponse<Order>, string | null> => ({ pages: [{ data: orders, nextCursor: null }], pageParams: [null] });
const context = (queryClient: QueryClient) => ({ queryClient, wid });

function seeded() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const other = order({ id: orderIds.other, number: 1002 });
  queryClient.setQueryData(orderKeys.list(wid, {}), pages(order(), other));
  queryClient.setQueryData(orderKeys.list(wid, { status: 'pending' }), pages(order(), other));
  queryClient.setQueryData(orderKeys.detail(wid, orderIds.order), order());
  queryClient.setQueryData(orderKeys.payments(wid, orderIds.order), { payments: [], events: [] });
  return queryClient;
}

const isStale = (queryClient: QueryClient, key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated ?? false;

describe('orders realtime handlers', () => {
  it('order.updated puts the new copy in the page and every list, refetching only lists filtered by status and the payments', async () => {
    const queryClient = seeded();
    const moved = order({ status: 'processing', updatedAt: '2026-11-20T10:00:00.000Z' });
    orderEventHandlers['order.updated']!({ order: moved }, context(queryClient));
    await vi.waitFor(() => expect(queryClient.getQueryData<Order>(orderKeys.detail(wid, orderIds.order))?.status).toBe('processing'));

    expect(queryClient.getQueryData<Order>(orderKeys.detail(wid, orderIds.order))?.status).toBe('processing');
    const all = queryClient.getQueryData<InfiniteData<ListResponse<Order>>>(orderKeys.list(wid, {}));
    expect(all?.pages[0]?.data.map((o) => o.status)).toEqual(['processing', 'pending']);
    expect(isStale(queryClient, orderKeys.list(wid, {}))).toBe(false);
    expect(isStale(queryClient, orderKeys.list(wid, { status: 'pending' }))).toBe(true);
    expect(isStale(queryClient, orderKeys.payments(wid, orderIds.order))).toBe(true);
  });

  it('never lets an older copy overwrite a newer one', async () => {
    const queryClient = seeded();
    queryClient.setQueryData(orderKeys.detail(wid, orderIds.order), order({ status: 'completed', updatedAt: '2026-11-20T11:00:00.000Z' }));
    orderEventHandlers['order.updated']!({ order: order({ status: 'processing', updatedAt: '2026-11-20T10:00:00.000Z' }) }, context(queryClient));
    // The handler has run once the payments (which it always refetches) are invalidated.
    await vi.waitFor(() => expect(isStale(queryClient, orderKeys.payments(wid, orderIds.order))).toBe(true));
    expect(queryClient.getQueryData<Order>(orderKeys.detail(wid, orderIds.order))?.status).toBe('completed');
  });

  it('order.created refetches the lists; payment.updated refetches its order and payment timeline', async () => {
    const queryClient = seeded();
    orderEventHandlers['order.created']!({ order: order({ id: '00000000-0000-4000-8000-0000000000e9', number: 1003 }) }, context(queryClient));
    await vi.waitFor(() => expect(isStale(queryClient, orderKeys.list(wid, {}))).toBe(true));
    expect(isStale(queryClient, orderKeys.detail(wid, orderIds.order))).toBe(false);

    orderEventHandlers['payment.updated']!({ payment: payment() }, context(queryClient));
    await vi.waitFor(() => expect(isStale(queryClient, orderKeys.detail(wid, orderIds.order))).toBe(true));
    expect(isStale(queryClient, orderKeys.payments(wid, orderIds.order))).toBe(true);
  });
});
