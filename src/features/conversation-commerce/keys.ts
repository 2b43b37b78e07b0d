// The conversation panel's query keys, under ['w', wid, 'conversation-commerce'] (src/lib/query-keys.ts): the
// customer's orders, and the products the new-order dialog searches.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('conversation-commerce');

export const commerceKeys = {
  ...base,
  customerOrders: (wid: string, customerId: string) => base.list(wid, { customerId }),
  products: (wid: string) => [...base.all(wid), 'products'] as const,
  productSearch: (wid: string, q: string) => [...base.all(wid), 'products', { q }] as const,
};
