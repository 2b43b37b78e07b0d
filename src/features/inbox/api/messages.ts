// A conversation's messages: pages newest first (the thread shows them oldest → newest), and sending with an
// optimistic placeholder that the server's message replaces once. Each composed message carries one
// Idempotency-Key (its placeholder id), so retrying a send whose answer was lost never posts it twice.
import { infiniteQueryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConversationDetail, MessageAttachmentInput } from '../../../../contracts/conversations';
import { call } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { useCurrentUser } from '@/lib/session-store';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { patchConversationInLists } from './conversation-cache';
import { inboxKeys } from './keys';
import { reconcileMessage, removeMessage, upsertMessage, type ThreadMessage, type ThreadPages } from './message-cache';

export const MESSAGES_PAGE_SIZE = 30;

export const messagesQueryOptions = (wid: string, conversationId: string) =>
  infiniteQueryOptions({
    queryKey: inboxKeys.messages(wid, conversationId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('inbox.listMessages', {
        params: { wid, id: conversationId },
        query: { limit: MESSAGES_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

export interface SendMessageInput {
  content: string;
  private: boolean;
  /** Files uploaded to the workspace for this message. */
  attachments?: MessageAttachmentInput[];
}

/** Failures after which the message may or may not have been posted: sending again with its key is safe. */
export function isRetryableSend(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504 || error.code === 'idempotency_in_progress';
}

const SEND_RETRIES = 3;

export function useSendMessage(wid: string, conversationId: string) {
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const key = inboxKeys.messages(wid, conversationId);
  return useMutation({
    // A retry calls this again with the same input, hence the same key: the server answers a repeat with the
    // first answer instead of a second message.
    mutationFn: (input: SendMessageInput & { tempId: string }) =>
      call('inbox.postMessage', {
        params: { wid, id: conversationId },
        body: { content: input.content, private: input.private, ...(input.attachments?.length ? { attachments: input.attachments } : {}) },
        idempotencyKey: input.tempId,
      }),
    retry: (failures, error) => failures < SEND_RETRIES && isRetryableSend(error),
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
        delivery: null,
        attachments: [],
        event: null,
        createdAt: new Date().toISOString(),
        pending: true,
      };
      queryClient.setQueryData<ThreadPages>(key, (data) => upsertMessage(data, placeholder));
    },
    onSuccess: (message, input) => {
      queryClient.setQueryData<ThreadPages>(key, (data) => reconcileMessage(data, input.tempId, message));
      const patch = message.private
        ? {}
        : {
            // A message of files only is previewed by their names, as the server does.
            lastMessage: {
              content: message.content || message.attachments.map((a) => `📎 ${a.name}`).join(', '),
              senderType: message.senderType,
              createdAt: message.createdAt,
            },
            lastMessageAt: message.createdAt,
          };
      if (!message.private) patchConversationInLists(queryClient, wid, conversationId, patch);
      // Other features showing this conversation (a customer's page, the dashboard) hear of it as if live.
      const conversation = queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, conversationId));
      if (conversation) announceWorkspaceEvent(inboxKeys.domain, wid, 'message.created', { message, conversation: { ...conversation, ...patch } });
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

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A fresh id for a composed message: its optimistic placeholder's id (never a UUID, so it cannot collide with
 * the server's) and its Idempotency-Key (random, so two tabs of one user never share a key).
 */
export function nextOptimisticId(): string {
  return `optimistic-${randomHex(16)}`;
}
