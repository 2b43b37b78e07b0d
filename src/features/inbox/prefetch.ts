// Loaded when the inbox's sidebar link is hovered or focused: fetches the list the inbox opens on (the
// default filters), with the same query options the page uses, so the page renders from the cache.
import type { WorkspaceContext } from '@/lib/feature';
import { conversationListQueryOptions } from './api/conversations';
import { readInboxFilters, toApiFilters } from './inbox-filters';

export function prefetchInbox({ queryClient, wid }: WorkspaceContext) {
  return queryClient.prefetchInfiniteQuery(conversationListQueryOptions(wid, toApiFilters(readInboxFilters(new URLSearchParams()))));
}
