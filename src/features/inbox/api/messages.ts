// A conversation's messages: pages newest first (the thread shows them oldest → newest), and sending with an
// optimistic placeholder that the server's message replaces once.
import { infiniteQueryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ListResponse } from '../../../../contracts/identity';
import type { Message } from '../../../../contracts/inbox';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/session-store';
import { patchConversationInLists } from './conversations';
import { inboxKeys, workspacePath } from './keys';
import { reconcileMessage, removeMessage, upsertMessage, type ThreadMessage, type ThreadPages } from './message-cache';

export const MESSAGES_PAGE_SIZE = 30;

export const messagesQueryOptions = (wid: string, conversationId: string) =>
  infiniteQueryOptions({
    queryKey: inboxKeys.messages(wid, conversationId),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await api.get<ListResponse<ThreadMessage>>(`${workspacePath(wid)}/conversations/${encodeURIComponent(conversationId)}/messages`, {
          params: { limit: MESSAGES_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        })
      ).data,
    getNextPageParam: (last) => last.nextCursor,
  });

export interface SendMessageInput {
  content: string;
  private: boolean;
}

let optimisticCounter = 0;

export function useSendMessage(wid: string, conversationId: string) {
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const key = inboxKeys.messages(wid, conversationId);
  return useMutation({
    mutationFn: async (input: SendMessageInput & { tempId: string }) =>
      (
        await api.post<Message>(`${workspacePath(wid)}/conversations/${encodeURIComponent(conversationId)}/messages`, {
          content: input.content,
          private: input.private,
        })
      ).data,
    onMutate: async (input) => {
      // A refetch landing now would drop the placeholder; the one after the send brings the real message.
      if (queryClient.getQueryData(key)) await queryClient.cancelQueries({ queryKey: key });
      const placeholder: ThreadMessage = {
        id: input.tempId,
        conversationId,
        senderType: 'agent',
        senderId: me.id,
        content: input.content,
        private: input.private,
        createdAt: new Date().toISOString(),
        pending: true,
      };
      queryClient.setQueryData<ThreadPages>(key, (data) => upsertMessage(data, placeholder));
    },
    onSuccess: (message, input) => {
      queryClient.setQueryData<ThreadPages>(key, (data) => reconcileMessage(data, input.tempId, message));
      if (!message.private) {
        patchConversationInLists(queryClient, wid, conversationId, {
          lastMessage: { content: message.content, senderType: message.senderType, createdAt: message.createdAt },
          lastMessageAt: message.createdAt,
        });
      }
    },
    onError: (_error, input) => {
      queryClient.setQueryData<ThreadPages>(key, (data) => removeMessage(data, input.tempId));
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.detail(wid, conversationId) }),
      ]),
  });
}

/** A fresh placeholder id for an optimistic message (never a UUID, so it cannot collide with the server's). */
export function nextOptimisticId(): string {
  optimisticCounter += 1;
  return `optimistic-${Date.now()}-${optimisticCounter}`;
}
