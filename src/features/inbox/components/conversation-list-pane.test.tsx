import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { fakeLayout } from '@/test/fake-layout';
import { auth, conversation, conversationDetail, ids, inboxIds, member, message, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { InboxPage } from '../pages/inbox-page';

vi.mock('@/lib/realtime', () => ({
  useWorkspaceChannel: () => {},
  useRealtimeReconnect: () => {},
  useRealtimeStatus: () => 'connected',
}));

const wid = ids.workspace;
const base = `/api/workspaces/${wid}`;
const VIEWPORT = 600;
const ROW = 80;
const many = Array.from({ length: 10_000 }, (_, i) => conversation(i + 1));

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

let server: MockApi;
let undoLayout: () => void;
beforeEach(() => {
  localStorage.clear();
  sessionStore.signIn(auth());
  server = mockApi();
  server.on(`GET ${base}`, { status: 200, body: workspace('agent') });
  server.on(`GET ${base}/members`, { status: 200, body: page([member({ id: ids.me, name: 'Mia Me' })]) });
  // The conversations the tests open.
  for (const n of [7_499, 7_500, 7_501]) {
    const id = inboxIds.conversation(n);
    server.on(`GET ${base}/conversations/${id}`, { status: 200, body: conversationDetail(n) });
    server.on(`GET ${base}/conversations/${id}/messages`, { status: 200, body: page([message(1, { conversationId: id })]) });
    server.on(`POST ${base}/conversations/${id}/read`, { status: 204 });
  }
  undoLayout = fakeLayout({ viewport: VIEWPORT, rowHeight: ROW });
});
afterEach(() => {
  undoLayout();
  server.restore();
});

function renderInbox(path = `/w/${wid}/inbox`) {
  return renderRoute(
    <>
      <InboxPage />
      <Location />
    </>,
    { path, pattern: '/w/:wid/inbox/:conversationId?' },
  );
}

const rows = () => screen.getAllByTestId('conversation-item');
const rowOf = (n: number) => document.querySelector<HTMLElement>(`[data-conversation-id="${inboxIds.conversation(n)}"]`);
const scroller = () => screen.getByRole('tabpanel');

/** The row is drawn, and lies inside the scroller's visible band (rows sit one under the other below the list's padding). */
function expectInView(n: number) {
  const row = rowOf(n);
  expect(row).not.toBeNull();
  const list = row!.parentElement!;
  const top = parseFloat(list.style.paddingTop) + [...list.children].indexOf(row!) * ROW;
  expect(top).toBeGreaterThanOrEqual(scroller().scrollTop);
  expect(top + ROW).toBeLessThanOrEqual(scroller().scrollTop + VIEWPORT);
}

describe('ConversationListPane: virtualised', () => {
  it('draws only a window of a list of 10,000 conversations, sized for all of them', async () => {
    server.on(`GET ${base}/conversations`, { status: 200, body: page(many) });
    renderInbox();
    await screen.findByText('Customer 1');
    expect(rows().length).toBeGreaterThan(VIEWPORT / ROW);
    expect(rows().length).toBeLessThan(40);
    const list = scroller().querySelector('ul')!;
    expect(parseFloat(list.style.paddingBottom)).toBeGreaterThan(9_900 * 70);

    // Scrolled to the middle: the rows there are drawn, the first ones are gone.
    scroller().scrollTop = 5_000 * ROW;
    await waitFor(() => expect(rowOf(1)).toBeNull());
    const first = Number(rows()[0]!.textContent!.match(/#(\d+)/)![1]);
    expect(first).toBeGreaterThan(4_900);
    expect(first).toBeLessThan(5_100);
    expect(rows().length).toBeLessThan(40);
  }, 20_000);

  it('scrolls a far conversation opened by its address into view, and j and k keep the active row in view', async () => {
    server.on(`GET ${base}/conversations`, { status: 200, body: page(many) });
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${inboxIds.conversation(7_500)}`);
    await waitFor(() => expectInView(7_500), { timeout: 4000 });
    expect(rowOf(7_500)!.querySelector('a')).toHaveAttribute('aria-current', 'page');

    // From the top of the list, j steps down (each active row kept in view) and k back up.
    scroller().scrollTop = 0;
    await waitFor(() => expect(rowOf(1)).not.toBeNull());
    expect(rowOf(7_500)).toBeNull();
    await user.keyboard('j');
    await waitFor(() => expectInView(7_501), { timeout: 4000 });
    expect(screen.getByTestId('location')).toHaveTextContent(inboxIds.conversation(7_501));
    expect(rowOf(7_501)!.querySelector('a')).toHaveAttribute('aria-current', 'page');
    await user.keyboard('kk');
    await waitFor(() => expectInView(7_499), { timeout: 4000 });
    expect(rowOf(7_499)!.querySelector('a')).toHaveAttribute('aria-current', 'page');
    expect(document.querySelectorAll('[aria-current="page"]')).toHaveLength(1);
  }, 20_000);

  it('loads the next page as the end of the loaded rows comes near', async () => {
    server.on(`GET ${base}/conversations`, (request) =>
      request.params.cursor === 'p2' ? { status: 200, body: page(many.slice(40, 80)) } : { status: 200, body: page(many.slice(0, 40), 'p2') },
    );
    renderInbox();
    await screen.findByText('Customer 1');
    const listRequests = () => server.requests.filter((r) => r.method === 'GET' && r.url.endsWith('/conversations'));
    expect(listRequests()).toHaveLength(1);

    scroller().scrollTop = 40 * ROW;
    await waitFor(() => expect(listRequests()).toHaveLength(2));
    expect(listRequests()[1]!.params.cursor).toBe('p2');
    await waitFor(() => expect(rowOf(41)).not.toBeNull());
  }, 20_000);
});
