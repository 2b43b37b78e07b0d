// Loaded when the customers link is hovered or focused: the unfiltered list the page opens on, with the
// page's own query options.
import type { WorkspaceContext } from '@/lib/feature';
import { customerListQueryOptions } from './api';

export function prefetchCustomers({ queryClient, wid }: WorkspaceContext) {
  return queryClient.prefetchInfiniteQuery(customerListQueryOptions(wid, {}));
}
