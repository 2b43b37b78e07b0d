// The customers feature's query keys, under ['w', wid, 'customers'] (src/lib/query-keys.ts): lists by search
// and tag, each customer, and the conversations shown on a customer's page.
import { workspaceKeyFactory } from '@/lib/query-keys';

export interface CustomerFilters {
  q?: string;
  tag?: string;
}

const base = workspaceKeyFactory('customers');

export const customerKeys = {
  ...base,
  list: (wid: string, filters: CustomerFilters) => base.list(wid, filters),
  /** Every customer's conversation lists (a conversation event refreshes them all). */
  conversationLists: (wid: string) => [...base.all(wid), 'conversations'] as const,
  conversations: (wid: string, customerId: string) => [...base.all(wid), 'conversations', customerId] as const,
};
