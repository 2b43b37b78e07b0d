import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../../contracts/conversations';
import { sessionStore } from '@/lib/session-store';
import { fakeLayout } from '@/test/fake-layout';
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

describe('Thread: virtualised', () => {
  const VIEWPORT = 600;
  const ROW = 60;
  const GAP = 12;
  const HEADER = 48;
  // Newest first, as the API pages them; messages n and n+1 are a minute apart, all on one day.
  const newest = page(
    Array.from({ length: 30 }, (_, i) => message(60 - i)),
    'older',
  );
  const older = page(Array.from({ length: 30 }, (_, i) => message(30 - i)));

  let undoLayout: () => void;
  beforeEach(() => {
    undoLayout = fakeLayout({ viewport: VIEWPORT, rowHeight: ROW, gap: GAP, before: HEADER });
  });
  afterEach(() => undoLayout());

  const scroller = () => screen.getByRole('list', { name: 'Thread' }).parentElement!;
  const rowOf = (n: number) => document.querySelector<HTMLElement>(`[data-message-id="${inboxIds.message(n)}"]`);
  /** Where message n sits, from the top of the visible band (rows lie one under the other below the list's padding). */
  function viewTop(n: number) {
    const row = rowOf(n)!;
    const list = row.parentElement!;
    return HEADER + parseFloat(list.style.paddingTop) + [...list.children].indexOf(row) * (ROW + GAP) - scroller().scrollTop;
  }
  const atBottom = () => scroller().scrollTop === scroller().scrollHeight - VIEWPORT;

  it('opens at the newest message with only a window of the thread drawn', async () => {
    server.on(`GET ${messagesUrl}`, (request) => ({ status: 200, body: request.params.cursor ? older : newest }));
    renderThread();
    await waitFor(() => expect(rowOf(60)).not.toBeNull());
    await waitFor(() => expect(atBottom()).toBe(true));
    expect(scroller().scrollTop).toBeGreaterThan(1000);
    expect(screen.getAllByTestId('message').length).toBeLessThan(20);
    expect(rowOf(31)).toBeNull();
  });

  it('keeps the reader in place when an earlier page loads above, and moves the day line to the new first message', async () => {
    const olderReply = deferred<{ status: number; body: typeof older }>();
    server.on(`GET ${messagesUrl}`, (request) => (request.params.cursor ? olderReply.promise : { status: 200, body: newest }));
    renderThread();
    await waitFor(() => expect(atBottom()).toBe(true));
    const messageRequests = () => server.requests.filter((r) => r.method === 'GET' && r.url === messagesUrl);
    expect(messageRequests()).toHaveLength(1);

    // Scrolled up to the top: the earlier page loads by itself.
    scroller().scrollTop = 0;
    await waitFor(() => expect(messageRequests()).toHaveLength(2));
    await waitFor(() => expect(viewTop(31)).toBe(HEADER));
    expect(rowOf(31)).toHaveTextContent('Friday, Jan 2');
    olderReply.resolve({ status: 200, body: older });
    await waitFor(() => expect(rowOf(30)).not.toBeNull());
    // The message that was at the top is still there, at the same place; the ones before it are above the view.
    await waitFor(() => expect(viewTop(31)).toBe(HEADER));
    expect(scroller().scrollTop).toBeGreaterThan(1000);
    expect(rowOf(31)).not.toHaveTextContent('Friday, Jan 2');
    expect(rowOf(1)).toBeNull();
    scroller().scrollTop = 0;
    await waitFor(() => expect(rowOf(1)).toHaveTextContent('Friday, Jan 2'));
  });

  it('follows a new message while the reader is at the bottom, and leaves them where they are when scrolled up', async () => {
    server.on(`GET ${messagesUrl}`, { status: 200, body: page(newest.data) });
    const { queryClient } = renderThread();
    await waitFor(() => expect(atBottom()).toBe(true));

    await applyMessageCreated(queryClient, wid, message(61, { conversationId: cid }), conversation(1));
    await waitFor(() => expect(rowOf(61)).not.toBeNull());
    await waitFor(() => expect(atBottom()).toBe(true));

    scroller().scrollTop = 600;
    await waitFor(() => expect(rowOf(31)).toBeNull());
    await new Promise((resolve) => setTimeout(resolve, 100)); // the rows drawn above the view are measured
    const [top, before] = [scroller().scrollTop, viewTop(45)];
    expect(top).toBeLessThan(1000);
    await applyMessageCreated(queryClient, wid, message(62, { conversationId: cid }), conversation(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(scroller().scrollTop).toBe(top);
    expect(viewTop(45)).toBe(before);
    expect(rowOf(62)).toBeNull();
  });
});
