// Applies the workspace's realtime events to the React Query cache: the open thread gets new messages in
// place (de-duplicated by id), lists and counts refetch, and everything refetches after a reconnect.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  workspaceEventSchemas,
  type Conversation,
  type Message,
  type WorkspaceEventName,
  type WorkspaceEventPayloads,
} from '../../../../contracts/inbox';
import { workspaceKeys } from '@/features/workspaces/api';
import { useRealtimeReconnect, useWorkspaceChannel, type WorkspaceEventHandlers } from '@/lib/realtime';
import { mergeConversationDetail } from '../api/conversations';
import { customerKeys, inboxKeys } from '../api/keys';
import { upsertMessage, type ThreadPages } from '../api/message-cache';

/** A new message: into the thread's cache if it is loaded; the conversation's detail and lists follow. */
export function applyMessageCreated(queryClient: QueryClient, wid: string, message: Message, conversation: Conversation) {
  queryClient.setQueryData<ThreadPages>(inboxKeys.messages(wid, message.conversationId), (data) => upsertMessage(data, message));
  mergeConversationDetail(queryClient, wid, conversation);
  return queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
}

export function applyConversationChanged(queryClient: QueryClient, wid: string, conversation: Conversation) {
  mergeConversationDetail(queryClient, wid, conversation);
  return queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
}

type Handlers = { [E in WorkspaceEventName]: (payload: WorkspaceEventPayloads[E]) => void };

/** Each handler receives its payload only when it has the documented shape. */
function validated(handlers: Handlers): WorkspaceEventHandlers {
  const result: WorkspaceEventHandlers = {};
  for (const name of Object.keys(handlers) as WorkspaceEventName[]) {
    result[name] = (data: unknown) => {
      const parsed = workspaceEventSchemas[name].safeParse(data);
      if (!parsed.success) {
        console.warn(`Ignored a malformed realtime event ${name}`, parsed.error.issues);
        return;
      }
      (handlers[name] as (payload: unknown) => void)(parsed.data);
    };
  }
  return result;
}

export function createInboxEventHandlers(queryClient: QueryClient, wid: string): WorkspaceEventHandlers {
  const refreshCustomers = () => queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
  return validated({
    'message.created': ({ message, conversation }) => void applyMessageCreated(queryClient, wid, message, conversation),
    'conversation.created': ({ conversation }) => void applyConversationChanged(queryClient, wid, conversation),
    'conversation.updated': ({ conversation }) => void applyConversationChanged(queryClient, wid, conversation),
    'customer.created': () => void refreshCustomers(),
    'customer.updated': ({ customer }) => {
      queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
      void refreshCustomers();
      // Conversations carry the customer's name.
      void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
    },
    'customer.deleted': ({ id }) => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(wid, id) });
      void refreshCustomers();
      void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
    },
    'member.updated': () => void queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

/** Keeps the workspace's inbox and customer data live while the calling page is mounted. */
export function useInboxRealtime(wid: string) {
  const queryClient = useQueryClient();
  const handlers = useMemo(() => createInboxEventHandlers(queryClient, wid), [queryClient, wid]);
  const refetchAll = () => {
    void queryClient.invalidateQueries({ queryKey: inboxKeys.all(wid) });
    void queryClient.invalidateQueries({ queryKey: customerKeys.all(wid) });
  };
  // What was fetched before the subscription was confirmed may have missed an event in between; what was
  // shown while the connection was down certainly may have.
  useWorkspaceChannel(wid, handlers, { onSubscribed: refetchAll });
  useRealtimeReconnect(refetchAll);
}

/**
 * For the app shell: mounted once per workspace (e.g. in the workspace gate), it keeps one subscription for
 * the whole visit, so moving between pages never drops events or triggers a catch-up refetch.
 */
export function InboxRealtime({ workspaceId }: { workspaceId: string }) {
  useInboxRealtime(workspaceId);
  return null;
}
