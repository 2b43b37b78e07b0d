// The customers feature's query keys, under ['w', wid, 'customers'] (src/lib/query-keys.ts): lists by their
// filters and sort, each customer, and the conversations and projects shown on a customer's page.
import type { CustomerListQuery } from '../../../contracts/customers';
import { workspaceKeyFactory } from '@/lib/query-keys';

export type CustomerSort = NonNullable<CustomerListQuery['sort']>;
export type CustomerStatus = NonNullable<CustomerListQuery['status']>;

/** A list's query as the page's address carries it (no `sort`: the API's default, newest first). */
export interface CustomerFilters {
  q?: string;
  tag?: string;
  status?: CustomerStatus;
  sort?: CustomerSort;
}

const base = workspaceKeyFactory('customers');

export const customerKeys = {
  ...base,
  list: (wid: string, filters: CustomerFilters) => base.list(wid, filters),
  /** Every customer's conversation lists (a conversation event refreshes them all). */
  conversationLists: (wid: string) => [...base.all(wid), 'conversations'] as const,
  conversations: (wid: string, customerId: string) => [...base.all(wid), 'conversations', customerId] as const,
  /** Every customer's project lists (a project or task event refreshes them all). */
  projectLists: (wid: string) => [...base.all(wid), 'projects'] as const,
  projects: (wid: string, customerId: string) => [...base.all(wid), 'projects', customerId] as const,
};
