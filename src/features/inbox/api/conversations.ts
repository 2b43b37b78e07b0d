// Conversations (API.md: Conversations and messages): lists by filter, the detail, and the writes.
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type {
  Conversation,
  ConversationDetail,
  ConversationList,
  CreateConversationBody,
  UpdateConversationBody,
} from '../../../../contracts/inbox';
import { api } from '@/lib/api-client';
import { cleanFilters, inboxKeys, workspacePath, type ConversationFilters } from './keys';

export const CONVERSATIONS_PAGE_SIZE = 25;

export const conversationListQueryOptions = (wid: string, filters: ConversationFilters, limit = CONVERSATIONS_PAGE_SIZE) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: inboxKeys.list(wid, { ...clean, limit }),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await api.get<ConversationList>(`${workspacePath(wid)}/conversations`, {
          params: { ...clean, limit, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        })
      ).data,
    getNextPageParam: (last) => last.nextCursor,
  });
};

export const conversationQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: inboxKeys.detail(wid, id),
    queryFn: async ({ signal }) =>
      (await api.get<ConversationDetail>(`${workspacePath(wid)}/conversations/${encodeURIComponent(id)}`, { signal })).data,
  });

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

export function useUpdateConversation(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: UpdateConversationBody }) =>
      (await api.patch<ConversationDetail>(`${workspacePath(wid)}/conversations/${encodeURIComponent(id)}`, body)).data,
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
    onSuccess: (detail) => {
      queryClient.setQueryData(inboxKeys.detail(wid, detail.id), detail);
      patchConversationInLists(queryClient, wid, detail.id, detail);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
  });
}

export function useCreateConversation(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateConversationBody) =>
      (await api.post<ConversationDetail>(`${workspacePath(wid)}/conversations`, body)).data,
    onSuccess: (conversation) => {
      queryClient.setQueryData(inboxKeys.detail(wid, conversation.id), conversation);
      return queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
    },
  });
}

/** POST …/read: the badge goes at once; lists refetch to agree with the server. */
export function useMarkRead(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.post(`${workspacePath(wid)}/conversations/${encodeURIComponent(id)}/read`);
    },
    onMutate: (id) => {
      queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, id), (d) => (d ? { ...d, unreadCount: 0 } : d));
      patchConversationInLists(queryClient, wid, id, { unreadCount: 0 });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
  });
}
