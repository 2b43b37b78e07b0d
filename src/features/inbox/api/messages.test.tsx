// Sending a message carries one Idempotency-Key per composed message, reused when the send is retried after
// an answer that may have been lost, so the server posts it once.
import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auth, conversationDetail, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { sessionStore } from '@/lib/session-store';
import { onAnnouncedWorkspaceEvent, type AnnouncedEvent } from '@/lib/workspace-events';
import { inboxKeys } from './keys';
import { nextOptimisticId, useSendMessage } from './messages';

const conversationId = '00000000-0000-4000-8000-0000000000c1';
const url = `/api/workspaces/${ids.workspace}/conversations/${conversationId}/messages`;
const message = (content: string) => ({
  id: '00000000-0000-4000-8000-0000000000d1',
  conversationId,
  senderType: 'agent',
  senderId: ids.me,
  content,
  private: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth());
});
afterEach(() => server.restore());

function renderSend(queryClient = testQueryClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  return renderHook(() => useSendMessage(ids.workspace, conversationId), { wrapper }).result;
}

describe('useSendMessage', () => {
  it('retries a send that met a 503 with the same Idempotency-Key', async () => {
    let calls = 0;
    server.on(`POST ${url}`, () => (++calls === 1 ? { status: 503, body: errorBody('unavailable', 'Try again') } : { status: 201, body: message('Hello') }));
    const send = renderSend();
    const tempId = nextOptimisticId();
    let sent: unknown;
    await act(async () => {
      sent = await send.current.mutateAsync({ content: 'Hello', private: false, tempId });
    });
    expect(sent).toEqual(message('Hello'));
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([tempId, tempId]);
    expect(server.requests.map((r) => r.body)).toEqual([
      { content: 'Hello', private: false },
      { content: 'Hello', private: false },
    ]);
  });

  it('does not retry an answer that is final (422)', async () => {
    server.on(`POST ${url}`, { status: 422, body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'content', message: 'Required' }]) });
    const send = renderSend();
    await act(async () => {
      await expect(send.current.mutateAsync({ content: 'x', private: false, tempId: nextOptimisticId() })).rejects.toMatchObject({ status: 422 });
    });
    expect(server.requests).toHaveLength(1);
  });

  it('announces the sent message to the other features, with the conversation it moved up', async () => {
    server.on(`POST ${url}`, { status: 201, body: message('Hello') });
    const queryClient = testQueryClient();
    queryClient.setQueryData(inboxKeys.detail(ids.workspace, conversationId), conversationDetail(1, { id: conversationId }));
    const heard: AnnouncedEvent[] = [];
    const stop = onAnnouncedWorkspaceEvent((event) => heard.push(event));
    const send = renderSend(queryClient);
    await act(async () => {
      await send.current.mutateAsync({ content: 'Hello', private: false, tempId: nextOptimisticId() });
    });
    stop();
    expect(heard).toMatchObject([
      {
        source: 'inbox',
        wid: ids.workspace,
        name: 'message.created',
        payload: {
          message: message('Hello'),
          conversation: { id: conversationId, lastMessage: { content: 'Hello' }, lastMessageAt: '2026-01-01T00:00:00.000Z' },
        },
      },
    ]);
  });

  it('gives every composed message its own random key, which is never a UUID', () => {
    const a = nextOptimisticId();
    const b = nextOptimisticId();
    expect(a).not.toBe(b);
    for (const key of [a, b]) {
      expect(key).toMatch(/^optimistic-[0-9a-f]{32}$/);
      expect(key.length).toBeLessThanOrEqual(255);
    }
  });
});
