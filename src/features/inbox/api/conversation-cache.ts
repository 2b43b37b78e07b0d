// Pure updates of cached conversations, shared by the inbox's mutations and its realtime handlers (so the
// handlers, part of the first load through the manifest, need no query or mutation code).
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Conversation, ConversationDetail, ConversationList } from '../../../../contracts/conversations';
import { inboxKeys } from './keys';

type ConversationPages = InfiniteData<ConversationList, string | null>;

function isConversationPages(data: unknown): data is ConversationPages {
  return typeof data === 'object' && data !== null && Array.isArray((data as { pages?: unknown }).pages);
}

/**
 * Rewrites each page of every cached list that shows conversation `id` with `update` (other cached entries under
 * the lists' key, such as the tab counts, and lists without it are left as they are). Lists refetch afterwards.
 */
function updateListsShowing(queryClient: QueryClient, wid: string, id: string, update: (conversations: ConversationList['data']) => ConversationList['data']) {
  queryClient.setQueriesData<unknown>({ queryKey: inboxKeys.lists(wid) }, (data: unknown) => {
    if (!isConversationPages(data)) return data;
    if (!data.pages.some((page) => page.data.some((c) => c.id === id))) return data;
    return { ...data, pages: data.pages.map((page) => ({ ...page, data: update(page.data) })) };
  });
}

/** Applies `patch` to the conversation wherever a cached list shows it (lists still refetch afterwards). */
export function patchConversationInLists(queryClient: QueryClient, wid: string, id: string, patch: Partial<Conversation>) {
  updateListsShowing(queryClient, wid, id, (conversations) => conversations.map((c) => (c.id === id ? { ...c, ...patch } : c)));
}

/** Takes a deleted conversation out of every cached list (lists still refetch afterwards). */
export function removeConversationFromLists(queryClient: QueryClient, wid: string, id: string) {
  updateListsShowing(queryClient, wid, id, (conversations) => conversations.filter((c) => c.id !== id));
}

/**
 * A conversation as a realtime event carries it, merged into the cached detail (which adds `notes`). Events
 * carry the team's unread count, lists and details the caller's own: the cached count stays.
 */
export function mergeConversationDetail(queryClient: QueryClient, wid: string, conversation: Conversation) {
  queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, conversation.id), (detail) => {
    if (!detail) return detail;
    // An older event (they can cross on the wire) never overwrites newer data.
    if (Date.parse(detail.updatedAt) > Date.parse(conversation.updatedAt)) return detail;
    return { ...detail, ...conversation, unreadCount: detail.unreadCount };
  });
}

/** A customer's new message in a conversation the user is not looking at: one more unread, in the detail and the lists. */
export function bumpUnread(queryClient: QueryClient, wid: string, id: string) {
  queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, id), (detail) => (detail ? { ...detail, unreadCount: detail.unreadCount + 1 } : detail));
  updateListsShowing(queryClient, wid, id, (conversations) => conversations.map((c) => (c.id === id ? { ...c, unreadCount: c.unreadCount + 1 } : c)));
}

/** The conversation open in the inbox (null: none), so realtime handlers know what the user is reading. */
let viewedConversation: { wid: string; id: string } | null = null;
export function setViewedConversation(value: { wid: string; id: string } | null) {
  viewedConversation = value;
}
export const isViewingConversation = (wid: string, id: string) => viewedConversation?.wid === wid && viewedConversation.id === id;

type DeletedListener = (deleted: { wid: string; id: string; number: number | null }) => void;
const deletedListeners = new Set<DeletedListener>();

/** Someone else deleted a conversation (conversation.deleted): the inbox page leaves it if it is open. */
export function onConversationDeleted(listener: DeletedListener): () => void {
  deletedListeners.add(listener);
  return () => {
    deletedListeners.delete(listener);
  };
}
export function announceConversationDeleted(deleted: { wid: string; id: string; number: number | null }) {
  for (const listener of [...deletedListeners]) listener(deleted);
}
