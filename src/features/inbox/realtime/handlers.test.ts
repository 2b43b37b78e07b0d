import type { InfiniteData } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationDetail, ConversationList } from '../../../../contracts/conversations';
import { conversation, conversationDetail, ids, inboxIds, message, page } from '@/test/fixtures';
import { testQueryClient } from '@/test/render';
import { onConversationDeleted, setViewedConversation } from '../api/conversation-cache';
import { inboxKeys } from '../api/keys';
import { applyMessageCreated, inboxEventHandlers } from './handlers';

const wid = ids.workspace;
const cid = inboxIds.conversation(1);
const listKey = inboxKeys.list(wid, { status: 'open', limit: 25 });

function setup(unreadCount: number) {
  const queryClient = testQueryClient();
  queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, cid), conversationDetail(1, { unreadCount }));
  queryClient.setQueryData<InfiniteData<ConversationList>>(listKey, { pages: [page([conversation(1, { unreadCount })])], pageParams: [null] });
  return {
    queryClient,
    detailUnread: () => queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid))?.unreadCount,
    listUnread: () => queryClient.getQueryData<InfiniteData<ConversationList>>(listKey)?.pages[0]?.data[0]?.unreadCount,
  };
}

const later = { updatedAt: '2026-01-03T00:00:00.000Z' };

afterEach(() => setViewedConversation(null));

describe('inbox realtime: the unread count is the caller’s own', () => {
  it('keeps the cached count when an event carries the team’s, and counts one customer message once', () => {
    const { queryClient, detailUnread, listUnread } = setup(2);
    const incoming = message(40, { content: 'Hello?' });
    void applyMessageCreated(queryClient, wid, incoming, conversation(1, { unreadCount: 17, ...later }));
    void applyMessageCreated(queryClient, wid, incoming, conversation(1, { unreadCount: 18, ...later }));
    expect(detailUnread()).toBe(3);
    expect(listUnread()).toBe(3);
    expect(queryClient.getQueryState(listKey)?.isInvalidated).toBe(true);
  });

  it('does not count the team’s own replies, nor messages in the conversation being read', () => {
    const { queryClient, detailUnread } = setup(0);
    void applyMessageCreated(queryClient, wid, message(41, { senderType: 'agent', senderId: ids.me }), conversation(1, { unreadCount: 4, ...later }));
    expect(detailUnread()).toBe(0);
    setViewedConversation({ wid, id: cid });
    void applyMessageCreated(queryClient, wid, message(42), conversation(1, { unreadCount: 5, ...later }));
    expect(detailUnread()).toBe(0);
  });

  it('conversation.updated merges everything but the unread count', () => {
    const { queryClient, detailUnread } = setup(1);
    inboxEventHandlers['conversation.updated']?.({ conversation: conversation(1, { status: 'closed', unreadCount: 9, ...later }) }, {
      queryClient,
      wid,
    } as never);
    expect(queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid))?.status).toBe('closed');
    expect(detailUnread()).toBe(1);
    expect(queryClient.getQueryState(listKey)?.isInvalidated).toBe(true);
  });
});

describe('inbox realtime: conversation.deleted', () => {
  it('drops it from the lists and the cache, and tells the inbox page (which leaves it if open)', () => {
    const { queryClient } = setup(0);
    const seen: unknown[] = [];
    const stop = onConversationDeleted((deleted) => seen.push(deleted));
    inboxEventHandlers['conversation.deleted']?.({ conversationId: cid }, { queryClient, wid } as never);
    stop();
    expect(queryClient.getQueryData<InfiniteData<ConversationList>>(listKey)?.pages[0]?.data).toEqual([]);
    expect(queryClient.getQueryData(inboxKeys.detail(wid, cid))).toBeUndefined();
    expect(seen).toEqual([{ wid, id: cid, number: 1 }]);
  });
});
