// Pure updates of cached conversations, shared by the inbox's mutations and its realtime handlers (so the
// handlers, part of the first load through the manifest, need no query or mutation code).
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Conversation, ConversationDetail, ConversationList } from '../../../../contracts/conversations';
import { inboxKeys } from './keys';

type ConversationPages = InfiniteData<ConversationList, string | null>;

function isConversationPages(data: unknown): data is ConversationPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages);
}

/** Applies `patch` to the conversation wherever a cached list shows it (lists still refetch afterwards). */
export function patchConversationInLists(queryClient: QueryClient, wid: string, id: string, patch: Partial<Conversation>) {
  queryClient.setQueriesData<unknown>({ queryKey: inboxKeys.lists(wid) }, (data: unknown) => {
    if (!isConversationPages(data)) return data;
    if (!data.pages.some((page) => page.data.some((c) => c.id === id))) return data;
    return { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((c) => (c.id === id ? { ...c, ...patch } : c)) })) };
  });
}

/** A conversation as an event or a list carries it, merged into the cached detail (which adds `notes`). */
export function mergeConversationDetail(queryClient: QueryClient, wid: string, conversation: Conversation) {
  queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, conversation.id), (detail) => {
    if (!detail) return detail;
    // An older event (they can cross on the wire) never overwrites newer data.
    if (Date.parse(detail.updatedAt) > Date.parse(conversation.updatedAt)) return detail;
    return { ...detail, ...conversation };
  });
}
