// Conversations (API.md: Conversations and messages): lists by filter, the detail, and the inbox's writes.
import { infiniteQueryOptions, keepPreviousData, queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ConversationDetail, UpdateConversationBody } from '../../../../contracts/conversations';
import { call } from '@/lib/api-client';
import { cleanFilters } from '@/lib/query-keys';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { patchConversationInLists, removeConversationFromLists } from './conversation-cache';
import { inboxKeys, type ConversationFilters } from './keys';

export const CONVERSATIONS_PAGE_SIZE = 25;

export const conversationListQueryOptions = (wid: string, filters: ConversationFilters, limit = CONVERSATIONS_PAGE_SIZE) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: inboxKeys.list(wid, { ...clean, limit }),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('inbox.listConversations', { params: { wid }, query: { ...clean, limit, ...(pageParam ? { cursor: pageParam } : {}) }, signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
};

/** The status tabs' counts under the list's other filters (the text search's results span every status: none). */
export const conversationCountsQueryOptions = (wid: string, { assigneeId, channel, customerId, unread }: ConversationFilters) => {
  const clean = cleanFilters({ assigneeId, channel, customerId, unread });
  return queryOptions({
    queryKey: inboxKeys.counts(wid, clean),
    queryFn: ({ signal }) => call('inbox.conversationCounts', { params: { wid }, query: clean, signal }),
    placeholderData: keepPreviousData,
  });
};

export const conversationQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: inboxKeys.detail(wid, id),
    queryFn: ({ signal }) => call('inbox.getConversation', { params: { wid, id }, signal }),
  });

/** The server's answer to a change, into the detail and the lists, and told to the other features. */
function conversationChanged(queryClient: QueryClient, wid: string, detail: ConversationDetail) {
  queryClient.setQueryData(inboxKeys.detail(wid, detail.id), detail);
  patchConversationInLists(queryClient, wid, detail.id, detail);
  // The caller's own change comes back to no one else's handler here: the tabs' counts refresh.
  void queryClient.invalidateQueries({ queryKey: inboxKeys.counts(wid) });
  announceWorkspaceEvent(inboxKeys.domain, wid, 'conversation.updated', { conversation: detail });
}

/**
 * A PATCH outside a component's life (an Undo clicked after the view that made the change has gone): the same
 * request and cache updates as useUpdateConversation.
 */
export async function updateConversationNow(queryClient: QueryClient, wid: string, id: string, body: UpdateConversationBody) {
  try {
    const detail = await call('inbox.updateConversation', { params: { wid, id }, body });
    conversationChanged(queryClient, wid, detail);
    return detail;
  } finally {
    void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
  }
}

/** POST …/restore (admin+): a deleted conversation back in the lists as it was. */
export async function restoreConversationNow(queryClient: QueryClient, wid: string, id: string) {
  try {
    const detail = await call('inbox.restoreConversation', { params: { wid, id } });
    conversationChanged(queryClient, wid, detail);
    return detail;
  } finally {
    void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
  }
}

/** DELETE …/conversations/{id} (admin+): out of the lists at once; restoreConversationNow brings it back. */
export function useDeleteConversation(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('inbox.deleteConversation', { params: { wid, id } }),
    onSuccess: (_data, id) => {
      removeConversationFromLists(queryClient, wid, id);
      announceWorkspaceEvent(inboxKeys.domain, wid, 'conversation.deleted', { conversationId: id });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
  });
}

export function useUpdateConversation(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateConversationBody }) => call('inbox.updateConversation', { params: { wid, id }, body }),
    onMutate: async ({ id, body }) => {
      const key = inboxKeys.detail(wid, id);
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<ConversationDetail>(key);
      if (previous) queryClient.setQueryData<ConversationDetail>(key, { ...previous, ...body } as ConversationDetail);
      return { previous };
    },
    onError: (_error, { id }, context) => {
      if (context?.previous) queryClient.setQueryData(inboxKeys.detail(wid, id), context.previous);
    },
    onSuccess: (detail) => conversationChanged(queryClient, wid, detail),
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
  });
}

/** POST …/read: the badge goes at once; lists refetch to agree with the server. */
export function useMarkRead(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('inbox.markRead', { params: { wid, id } }),
    onMutate: (id) => {
      queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, id), (d) => (d ? { ...d, unreadCount: 0 } : d));
      patchConversationInLists(queryClient, wid, id, { unreadCount: 0 });
    },
    onSuccess: (_data, id) => {
      const conversation = queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, id));
      if (conversation) announceWorkspaceEvent(inboxKeys.domain, wid, 'conversation.updated', { conversation });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
  });
}
