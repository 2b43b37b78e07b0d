// The inbox's share of the workspace's realtime events (the shell's subscription dispatches them): the open
// thread gets new messages in place (de-duplicated by id), cached conversations merge the event's copy (keeping
// the caller's own unread count: events carry the team's), and lists refetch. Loaded after the first paint (../deferred.ts): only the inbox's key factory and pure cache helpers.
import type { QueryClient } from '@tanstack/react-query';
import type { Conversation, ConversationDetail, Message } from '../../../../contracts/conversations';
import type { FeatureEventHandlers } from '@/lib/feature';
import {
  announceConversationDeleted,
  bumpUnread,
  isViewingConversation,
  mergeConversationDetail,
  removeConversationFromLists,
} from '../api/conversation-cache';
import { inboxKeys } from '../api/keys';
import { upsertMessage, type ThreadPages } from '../api/message-cache';

/** Customer messages already counted as unread (an event can arrive twice). */
const counted = new Set<string>();

/**
 * A new message: into the thread's cache if it is loaded; the conversation's detail and lists follow. A
 * customer's message (seen for the first time) in a conversation the user is not viewing is one more unread.
 */
export function applyMessageCreated(queryClient: QueryClient, wid: string, message: Message, conversation: Conversation) {
  queryClient.setQueryData<ThreadPages>(inboxKeys.messages(wid, message.conversationId), (data) => upsertMessage(data, message));
  mergeConversationDetail(queryClient, wid, conversation);
  if (message.senderType === 'customer' && !counted.has(message.id) && !isViewingConversation(wid, message.conversationId)) {
    counted.add(message.id);
    if (counted.size > 1000) counted.delete(counted.values().next().value as string);
    bumpUnread(queryClient, wid, message.conversationId);
  }
  return queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
}

/**
 * Deleted by someone else: it leaves the lists at once and its cached detail and thread go; the inbox page,
 * if it has it open, says so and goes back to the list (announceConversationDeleted).
 */
export function applyConversationDeleted(queryClient: QueryClient, wid: string, id: string) {
  const number = queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, id))?.number ?? null;
  removeConversationFromLists(queryClient, wid, id);
  announceConversationDeleted({ wid, id, number });
  queryClient.removeQueries({ queryKey: inboxKeys.detail(wid, id), exact: true });
  queryClient.removeQueries({ queryKey: inboxKeys.messages(wid, id), exact: true });
  return queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
}

function applyConversationChanged(queryClient: QueryClient, wid: string, conversation: Conversation) {
  mergeConversationDetail(queryClient, wid, conversation);
  return queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
}

export const inboxEventHandlers: FeatureEventHandlers = {
  'message.created': ({ message, conversation }, { queryClient, wid }) => void applyMessageCreated(queryClient, wid, message, conversation),
  // A reply's delivery moved (sent, delivered, read, failed, retried): the thread shows it in place.
  'message.updated': ({ message }, { queryClient, wid }) =>
    queryClient.setQueryData<ThreadPages>(inboxKeys.messages(wid, message.conversationId), (data) => upsertMessage(data, message)),
  'conversation.created': ({ conversation }, { queryClient, wid }) => void applyConversationChanged(queryClient, wid, conversation),
  'conversation.updated': ({ conversation }, { queryClient, wid }) => void applyConversationChanged(queryClient, wid, conversation),
  'conversation.deleted': ({ conversationId }, { queryClient, wid }) => void applyConversationDeleted(queryClient, wid, conversationId),
  // Conversations carry the customer's name; the side panel shows the whole customer.
  'customer.updated': ({ customer }, { queryClient, wid }) => {
    queryClient.setQueryData(inboxKeys.customer(wid, customer.id), (cached: unknown) => (cached ? customer : cached));
    void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
  },
  'customer.deleted': ({ id }, { queryClient, wid }) => {
    queryClient.removeQueries({ queryKey: inboxKeys.customer(wid, id) });
    void queryClient.invalidateQueries({ queryKey: inboxKeys.lists(wid) });
  },
};
