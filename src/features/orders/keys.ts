// The orders feature's query keys, under ['w', wid, 'orders'] (src/lib/query-keys.ts): lists by their filters and
// sort, each order, and each order's payments and payment timeline (under the order, so refreshing an order
// refreshes its payments too).
import type { OrderListQuery } from '../../../contracts/orders';
import { workspaceKeyFactory } from '@/lib/query-keys';

export type OrderSort = NonNullable<OrderListQuery['sort']>;

/** A list's query as the page's address carries it. */
export interface OrderFilters {
  status?: NonNullable<OrderListQuery['status']>;
  paymentStatus?: NonNullable<OrderListQuery['paymentStatus']>;
  customerId?: string;
  conversationId?: string;
  q?: string;
  sort?: OrderSort;
}

const base = workspaceKeyFactory('orders');

export const orderKeys = {
  ...base,
  list: (wid: string, filters: OrderFilters) => base.list(wid, filters),
  payments: (wid: string, id: string) => [...base.detail(wid, id), 'payments'] as const,
};
