import type { InfiniteData } from '@tanstack/react-query';
import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationDetail } from '../../../../contracts/inbox';
import type { WorkspaceEventHandlers } from '@/lib/realtime';
import { ids } from '@/test/fixtures';
import { testQueryClient } from '@/test/render';
import { inboxKeys } from '../api/keys';
import { threadMessages, type ThreadPages } from '../api/message-cache';
import { conversation, conversationDetail, inboxIds, message, page } from '../test/fixtures';
import { useInboxRealtime } from './use-inbox-realtime';

// The channel itself is the realtime module's business (tested there); here we capture what the inbox binds.
const realtime = vi.hoisted(() => ({
  handlers: {} as WorkspaceEventHandlers,
  onSubscribed: undefined as (() => void) | undefined,
  onReconnect: undefined as (() => void) | undefined,
}));
vi.mock('@/lib/realtime', () => ({
  useWorkspaceChannel: (_wid: string, handlers: WorkspaceEventHandlers, options: { onSubscribed?: () => void } = {}) => {
    realtime.handlers = handlers;
    realtime.onSubscribed = options.onSubscribed;
  },
  useRealtimeReconnect: (callback: () => void) => {
    realtime.onReconnect = callback;
  },
}));

const wid = ids.workspace;
const cid = inboxIds.conversation(1);

function setup() {
  const queryClient = testQueryClient();
  queryClient.setQueryData<ThreadPages>(inboxKeys.messages(wid, cid), { pages: [page([message(2), message(1)], 'older')], pageParams: [null] });
  queryClient.setQueryData<ConversationDetail>(inboxKeys.detail(wid, cid), conversationDetail(1, { notes: 'VIP' }));
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  renderHook(() => useInboxRealtime(wid), { wrapper });
  return queryClient;
}

const emit = (name: string, data: unknown) => realtime.handlers[name]?.(data);

beforeEach(() => {
  realtime.handlers = {};
});

describe('useInboxRealtime', () => {
  it('applies message.created to the open thread once, however often it arrives', () => {
    const queryClient = setup();
    const incoming = message(3, { content: 'Are you there?' });
    const updated = conversation(1, { unreadCount: 1, updatedAt: '2026-01-02T11:00:00.000Z' });
    emit('message.created', { message: incoming, conversation: updated });
    emit('message.created', { message: incoming, conversation: updated });

    const thread = threadMessages(queryClient.getQueryData<ThreadPages>(inboxKeys.messages(wid, cid)));
    expect(thread.map((m) => m.id)).toEqual([inboxIds.message(1), inboxIds.message(2), inboxIds.message(3)]);
    const detail = queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid));
    expect(detail?.unreadCount).toBe(1);
    expect(detail?.notes).toBe('VIP');
  });

  it('invalidates conversation lists on message and conversation events', () => {
    const queryClient = setup();
    const listKey = inboxKeys.list(wid, { status: 'open', limit: 25 });
    queryClient.setQueryData<InfiniteData<unknown>>(listKey, { pages: [page([conversation(1)])], pageParams: [null] });
    emit('conversation.updated', { conversation: conversation(1, { status: 'closed', updatedAt: '2026-01-03T00:00:00.000Z' }) });
    expect(queryClient.getQueryState(listKey)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid))?.status).toBe('closed');
  });

  it('never lets an older event overwrite newer data, and ignores malformed payloads', () => {
    const queryClient = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    emit('conversation.updated', { conversation: conversation(1, { status: 'snoozed', updatedAt: '2020-01-01T00:00:00.000Z' }) });
    emit('message.created', { message: { id: 'nope' } });
    expect(queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, cid))?.status).toBe('open');
    expect(threadMessages(queryClient.getQueryData<ThreadPages>(inboxKeys.messages(wid, cid)))).toHaveLength(2);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('refetches the workspace inbox after a reconnect', () => {
    const queryClient = setup();
    realtime.onReconnect?.();
    expect(queryClient.getQueryState(inboxKeys.messages(wid, cid))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(inboxKeys.detail(wid, cid))?.isInvalidated).toBe(true);
  });
});
