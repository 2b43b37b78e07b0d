import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../../contracts/conversations';
import { sessionStore } from '@/lib/session-store';
import { auth, conversation, conversationDetail, ids, inboxIds, message, page } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { applyMessageCreated } from '../realtime/handlers';
import { Thread } from './thread';

const wid = ids.workspace;
const cid = inboxIds.conversation(1);
const messagesUrl = `/api/workspaces/${wid}/conversations/${cid}/messages`;

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

let server: MockApi;
beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

function renderThread() {
  return renderRoute(<Thread wid={wid} conversation={conversationDetail(1)} canWrite senderName={(m) => (m.senderType === 'agent' ? 'You' : 'Customer')} />);
}

const withText = (text: string) => screen.queryAllByTestId('message').filter((el) => el.textContent?.includes(text));

describe('Thread: optimistic send', () => {
  const serverMessage: Message = message(99, {
    conversationId: cid,
    senderType: 'agent',
    senderId: ids.me,
    content: 'Hello optimistic',
    createdAt: new Date().toISOString(),
  });

  it('shows the message at once, then exactly one reconciled copy', async () => {
    const reply = deferred<{ status: number; body: Message }>();
    server.on(`GET ${messagesUrl}`, { status: 200, body: page([message(1)]) });
    server.on(`POST ${messagesUrl}`, () => reply.promise);
    const user = userEvent.setup();
    renderThread();
    await screen.findByText('Message 1');

    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello optimistic{Enter}');
    const pending = withText('Hello optimistic');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toHaveAttribute('data-pending', 'true');
    expect(within(pending[0]!).getByText('Sending…')).toBeInTheDocument();

    reply.resolve({ status: 201, body: serverMessage });
    await waitFor(() => expect(withText('Hello optimistic')[0]).toHaveAttribute('data-message-id', serverMessage.id));
    expect(withText('Hello optimistic')).toHaveLength(1);
    expect(withText('Hello optimistic')[0]).not.toHaveAttribute('data-pending');
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({ content: 'Hello optimistic', private: false });
  });

  it('stays one message when the realtime event arrives before the server answers', async () => {
    const reply = deferred<{ status: number; body: Message }>();
    server.on(`GET ${messagesUrl}`, { status: 200, body: page([message(1)]) });
    server.on(`POST ${messagesUrl}`, () => reply.promise);
    const user = userEvent.setup();
    const { queryClient } = renderThread();
    await screen.findByText('Message 1');

    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello optimistic{Enter}');
    await applyMessageCreated(queryClient, wid, serverMessage, conversation(1));
    reply.resolve({ status: 201, body: serverMessage });

    await waitFor(() => expect(withText('Hello optimistic').every((el) => !el.hasAttribute('data-pending'))).toBe(true));
    expect(withText('Hello optimistic')).toHaveLength(1);
    // …and again later (a late duplicate event) changes nothing.
    await applyMessageCreated(queryClient, wid, serverMessage, conversation(1));
    expect(withText('Hello optimistic')).toHaveLength(1);
  });

  it('removes the placeholder and shows the server error when the send fails', async () => {
    server.on(`GET ${messagesUrl}`, { status: 200, body: page([message(1)]) });
    server.on(`POST ${messagesUrl}`, {
      status: 422,
      body: { error: { code: 'validation_failed', message: 'Content is too long', details: [{ path: 'content', message: 'Too long' }] } },
    });
    const user = userEvent.setup();
    renderThread();
    await screen.findByText('Message 1');
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'Hello optimistic{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Content is too long');
    expect(withText('Hello optimistic')).toHaveLength(0);
    expect(box).toHaveValue('Hello optimistic');
  });
});

describe('Thread: order and notes', () => {
  it('shows messages oldest first, private notes labelled, and loads earlier pages', async () => {
    server.on(`GET ${messagesUrl}`, (request) =>
      request.params.cursor === 'older'
        ? { status: 200, body: page([message(1)]) }
        : { status: 200, body: page([message(3, { senderType: 'agent', private: true, content: 'Internal' }), message(2)], 'older') },
    );
    const user = userEvent.setup();
    renderThread();
    await screen.findByText('Message 2');
    expect(screen.getAllByTestId('message').map((el) => el.getAttribute('data-message-id'))).toEqual([inboxIds.message(2), inboxIds.message(3)]);
    expect(within(screen.getAllByTestId('message')[1]!).getByText('Private note')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load earlier messages' }));
    await screen.findByText('Message 1');
    expect(screen.getAllByTestId('message').map((el) => el.getAttribute('data-message-id'))).toEqual([
      inboxIds.message(1),
      inboxIds.message(2),
      inboxIds.message(3),
    ]);
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument();
  });
});

describe('Thread: system events and jumping to a search hit', () => {
  it('shows a system event as a centred line with its time', async () => {
    server.on(`GET ${messagesUrl}`, {
      status: 200,
      body: page([
        message(2, {
          senderType: 'system',
          content: 'Ava Agent closed the conversation',
          event: { type: 'status_changed', actorId: ids.me, data: { to: 'closed' } },
        }),
        message(1),
      ]),
    });
    renderThread();
    const line = (await screen.findByText(/Ava Agent closed the conversation/)).closest('li')!;
    expect(line).toHaveClass('text-center');
    expect(line.querySelector('time')).toHaveAttribute('dateTime', message(2).createdAt);
  });

  it('loads earlier pages until the message of #message-{id} is there, then highlights it', async () => {
    const older = message(1, { content: 'The refund code is 4411' });
    server.on(`GET ${messagesUrl}`, (request) =>
      request.params.cursor ? { status: 200, body: page([older]) } : { status: 200, body: page([message(3), message(2)], 'c1') },
    );
    renderRoute(<Thread wid={wid} conversation={conversationDetail(1)} canWrite senderName={() => 'Customer'} />, {
      path: `/w/${wid}/inbox/${cid}#message-${older.id}`,
    });
    const hit = await waitFor(() => {
      const el = document.querySelector(`[data-message-id="${older.id}"]`);
      expect(el).toHaveAttribute('data-highlighted', 'true');
      return el!;
    });
    expect(hit).toHaveTextContent('The refund code is 4411');
  });
});
