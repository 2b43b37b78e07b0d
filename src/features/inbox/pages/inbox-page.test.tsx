import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { Toaster } from 'sonner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, conversation, conversationDetail, ids, inboxIds, member, message, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { InboxPage } from './inbox-page';

vi.mock('@/lib/realtime', () => ({
  useWorkspaceChannel: () => {},
  useRealtimeReconnect: () => {},
  useRealtimeStatus: () => 'connected',
}));

const wid = ids.workspace;
const base = `/api/workspaces/${wid}`;
const conversations = [
  conversation(1, { customer: { id: inboxIds.customer, name: 'Ada' }, unreadCount: 2 }),
  conversation(2, { customer: { id: inboxIds.customer, name: 'Ben' } }),
  conversation(3, { customer: { id: inboxIds.customer, name: 'Cy' } }),
];

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

let server: MockApi;
function serve(role: Role) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/members`, { status: 200, body: page([member({ id: ids.me, name: 'Mia Me' })]) });
  server.on(`GET ${base}/conversations`, (request) => ({
    status: 200,
    body: page(conversations.filter((c) => !request.params.status || c.status === request.params.status)),
  }));
  for (const [index, c] of conversations.entries()) {
    server.on(`GET ${base}/conversations/${c.id}`, { status: 200, body: conversationDetail(index + 1, c) });
    server.on(`GET ${base}/conversations/${c.id}/messages`, { status: 200, body: page([message(index + 1, { conversationId: c.id })]) });
    server.on(`POST ${base}/conversations/${c.id}/read`, { status: 204 });
    server.on(`PATCH ${base}/conversations/${c.id}`, (request) => ({
      status: 200,
      body: conversationDetail(index + 1, { ...c, ...(request.body as object) }),
    }));
  }
}

function renderInbox(path = `/w/${wid}/inbox`) {
  return renderRoute(
    <>
      <InboxPage />
      <Location />
      <Toaster />
    </>,
    { path, pattern: '/w/:wid/inbox/:conversationId?' },
  );
}

const location = () => screen.getByTestId('location').textContent;

beforeEach(() => {
  localStorage.clear(); // drafts
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('InboxPage', () => {
  it('offers an admin of an empty inbox to connect a channel or install the chat widget; tells an agent whom to ask', async () => {
    serve('admin');
    server.on(`GET ${base}/conversations`, { status: 200, body: page([]) });
    const first = renderInbox();
    expect(await screen.findByRole('heading', { name: 'No conversations here' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Connect a channel' })).toHaveAttribute('href', `/w/${wid}/settings/channels`);
    expect(screen.getByRole('link', { name: 'Install the chat widget' })).toHaveAttribute('href', `/w/${wid}/settings/channels`);
    first.unmount();

    serve('agent');
    server.on(`GET ${base}/conversations`, { status: 200, body: page([]) });
    renderInbox();
    expect(await screen.findByText(/An admin of this workspace connects the channels/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Connect a channel' })).not.toBeInTheDocument();
  });

  it('shows the open, pending and snoozed tabs’ counts under the other filters (its description, not its name), refetched with the filters, none while searching', async () => {
    serve('agent');
    server.on(`GET ${base}/conversations/counts`, (request) => ({
      status: 200,
      body: request.params.assigneeId === 'me' ? { open: 1, pending: 0, snoozed: 0 } : { open: 3, pending: 2, snoozed: 1234 },
    }));
    renderInbox();
    const open = screen.getByRole('tab', { name: 'Open' });
    await waitFor(() => expect(open).toHaveAccessibleDescription('3 conversations'));
    const tabs = screen.getByRole('tablist', { name: 'Inbox tabs' });
    expect(
      within(tabs)
        .getAllByTestId('tab-count')
        .map((el) => el.textContent),
    ).toEqual(['3', '2', '999+']);
    // Closed conversations only grow: that tab has no count.
    expect(screen.getByRole('tab', { name: 'Closed' })).not.toHaveAccessibleDescription();
    expect(screen.getByRole('tab', { name: 'Snoozed' })).toHaveAccessibleDescription('999+ conversations');

    await userEvent.click(screen.getByRole('button', { name: 'Mine' }));
    await waitFor(() =>
      expect(
        within(tabs)
          .getAllByTestId('tab-count')
          .map((el) => el.textContent),
      ).toEqual(['1', '0', '0']),
    );
    const asked = server.requests.filter((r) => r.url === `${base}/conversations/counts`);
    expect(asked.at(-1)!.params).toEqual({ assigneeId: 'me' });

    await userEvent.type(screen.getByRole('searchbox'), 'coffee');
    expect(await screen.findByText('Results from every status')).toBeInTheDocument();
    expect(screen.queryByRole('tablist', { name: 'Inbox tabs' })).not.toBeInTheDocument();
  });

  it('lists conversations with unread badges and status tabs', async () => {
    serve('agent');
    renderInbox();
    const items = await screen.findAllByTestId('conversation-item');
    expect(items.map((el) => el.getAttribute('data-conversation-id'))).toEqual(conversations.map((c) => c.id));
    expect(within(items[0]!).getByTestId('unread-badge')).toHaveTextContent('2');
    expect(within(items[1]!).queryByTestId('unread-badge')).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Open' })).toHaveAttribute('aria-selected', 'true');
    for (const name of ['Pending', 'Snoozed', 'Closed']) expect(screen.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'false');
    expect(server.requests.find((r) => r.url === `${base}/conversations`)?.params).toMatchObject({ status: 'open' });
  });

  it('filters to unread conversations, and searches every status', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderInbox();
    await screen.findAllByTestId('conversation-item');
    await user.click(screen.getByRole('button', { name: 'Unread' }));
    expect(screen.getByRole('button', { name: 'Unread' })).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(server.requests.some((r) => r.params.unread === 'true' && r.params.status === 'open')).toBe(true));

    await user.type(screen.getByRole('searchbox', { name: 'Search conversations' }), 'refund');
    await waitFor(() => expect(server.requests.some((r) => r.url === `${base}/conversations` && r.params.q === 'refund')).toBe(true));
    const searched = server.requests.find((r) => r.url === `${base}/conversations` && r.params.q === 'refund');
    expect(searched?.params.status).toBeUndefined();
    expect(searched?.params.unread).toBe('true');
    expect(screen.queryByRole('tab', { name: 'Open' })).not.toBeInTheDocument();
    expect(screen.getByText('Results from every status')).toBeInTheDocument();
  });

  it('applies a saved view, saves the current filters as one, and deletes one', async () => {
    serve('agent');
    const view = {
      id: inboxIds.message(90),
      name: 'My unread',
      filters: { assigneeId: 'me', unread: true },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    server.on(`GET ${base}/views`, { status: 200, body: page([view]) });
    server.on(`POST ${base}/views`, (request) => ({ status: 201, body: { ...view, id: inboxIds.message(91), ...(request.body as object) } }));
    server.on(`DELETE ${base}/views/${view.id}`, { status: 204 });
    const user = userEvent.setup();
    renderInbox();
    await user.click(await screen.findByRole('button', { name: 'My unread' }));
    await waitFor(() => expect(server.requests.some((r) => r.params.assigneeId === 'me' && r.params.unread === 'true')).toBe(true));
    expect(screen.getByRole('button', { name: 'My unread' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Mine' })).toHaveAttribute('aria-pressed', 'true');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), 'email');
    await user.click(screen.getByRole('button', { name: 'Save view' }));
    await user.type(screen.getByRole('textbox', { name: 'View name' }), 'Email, mine');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(server.requests.find((r) => r.method === 'POST' && r.url === `${base}/views`)?.body).toEqual({
        name: 'Email, mine',
        filters: { assigneeId: 'me', channel: 'email', unread: true },
      }),
    );

    await user.click(screen.getByRole('button', { name: 'Delete view My unread' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'DELETE' && r.url === `${base}/views/${view.id}`)).toBe(true));
  });

  it('moves through conversations with j and k', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderInbox();
    await screen.findAllByTestId('conversation-item');

    await user.keyboard('j');
    expect(location()).toBe(`/w/${wid}/inbox/${conversations[0]!.id}`);
    await user.keyboard('j');
    expect(location()).toBe(`/w/${wid}/inbox/${conversations[1]!.id}`);
    await user.keyboard('j');
    await user.keyboard('j'); // past the end: stays on the last one
    expect(location()).toBe(`/w/${wid}/inbox/${conversations[2]!.id}`);
    await user.keyboard('k');
    expect(location()).toBe(`/w/${wid}/inbox/${conversations[1]!.id}`);
    await screen.findByText('Message 2');
    expect(screen.getAllByTestId('conversation-item')[1]!.querySelector('a')).toHaveAttribute('aria-current', 'page');
  });

  it('ignores j and k while typing, and / focuses the search', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    const composer = await screen.findByRole('textbox', { name: 'Message' });
    await user.type(composer, 'jk');
    expect(location()).toBe(`/w/${wid}/inbox/${conversations[0]!.id}`);
    expect(composer).toHaveValue('jk');

    composer.blur();
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search conversations' })).toHaveFocus();
  });

  it('closes the open conversation with e and opens the one below it, with an Undo that reopens it', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${conversations[1]!.id}`);
    expect(await screen.findByRole('combobox', { name: 'Status' })).toHaveValue('open');
    await user.keyboard('e');
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'closed' }));
    expect(server.requests.find((r) => r.method === 'PATCH')?.url).toBe(`${base}/conversations/${conversations[1]!.id}`);
    expect(location()).toBe(`/w/${wid}/inbox/${conversations[2]!.id}`);
    const toast = (await screen.findByText('Conversation #2 closed')).closest('[data-sonner-toast]') as HTMLElement;
    // Sonner's buttons take pointer capture, which jsdom lacks: a plain click.
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PATCH').map((r) => [r.url, r.body])).toHaveLength(2));
    expect(server.requests.filter((r) => r.method === 'PATCH')[1]).toMatchObject({
      url: `${base}/conversations/${conversations[1]!.id}`,
      body: { status: 'open' },
    });
    expect(await screen.findByText('Conversation #2 is open again')).toBeInTheDocument();
  });

  it('e on the last conversation opens the one above it; on the only one, the empty state', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${conversations[2]!.id}`);
    await screen.findByRole('combobox', { name: 'Status' });
    await user.keyboard('e');
    await waitFor(() => expect(location()).toBe(`/w/${wid}/inbox/${conversations[1]!.id}`));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1));
  });

  it('e on the only conversation of the list closes it and shows the empty state', async () => {
    serve('agent');
    server.on(`GET ${base}/conversations`, { status: 200, body: page([conversations[0]!]) });
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    await screen.findByRole('combobox', { name: 'Status' });
    await user.keyboard('e');
    await waitFor(() => expect(location()).toBe(`/w/${wid}/inbox`));
    expect(await screen.findByText('No conversation selected')).toBeInTheDocument();
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'closed' }));
  });

  it('lets an admin delete the open conversation after a confirm, and undo it (restore)', async () => {
    serve('admin');
    const target = conversations[1]!;
    server.on(`DELETE ${base}/conversations/${target.id}`, { status: 204 });
    server.on(`POST ${base}/conversations/${target.id}/restore`, { status: 200, body: conversationDetail(2, target) });
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${target.id}`);
    await user.click(await screen.findByRole('button', { name: 'More actions' }));
    await user.click(await screen.findByRole('menuitem', { name: /Delete conversation/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete conversation #2?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(await screen.findByRole('menuitem', { name: /Delete conversation/ }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete conversation' }));
    await waitFor(() => expect(location()).toBe(`/w/${wid}/inbox`));
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`${base}/conversations/${target.id}`]);
    const toast = (await screen.findByText('Conversation #2 deleted')).closest('[data-sonner-toast]') as HTMLElement;
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'POST' && r.url === `${base}/conversations/${target.id}/restore`)).toBe(true));
    expect(await screen.findByText('Conversation #2 is back')).toBeInTheDocument();
    // A menu, a dialog twice and two toasts: slower than the default 5 s on a busy machine.
  }, 20_000);

  it('tags a conversation and reassigns it, each with an Undo that puts back what was there', async () => {
    serve('agent');
    server.on(`GET ${base}/members`, { status: 200, body: page([member({ id: ids.me, name: 'Mia Me' }), member({ id: ids.other, name: 'Otto Other' })]) });
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    await user.click(await screen.findByRole('button', { name: /add tag/i }));
    await user.type(screen.getByRole('textbox', { name: 'New tag' }), 'vip{Enter}');
    const tagged = (await screen.findByText('Tag “vip” added to #1')).closest('[data-sonner-toast]') as HTMLElement;
    fireEvent.click(within(tagged).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ tags: ['vip'] }, { tags: [] }]));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Assignee' }), 'Otto Other');
    const assigned = (await screen.findByText('Conversation #1 assigned to Otto Other')).closest('[data-sonner-toast]') as HTMLElement;
    fireEvent.click(within(assigned).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toHaveLength(4));
    expect(
      server.requests
        .filter((r) => r.method === 'PATCH')
        .map((r) => r.body)
        .slice(2),
    ).toEqual([{ assigneeId: ids.other }, { assigneeId: null }]);
  }, 20_000);

  it('offers no delete to agents', async () => {
    serve('agent');
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    await screen.findByRole('combobox', { name: 'Status' });
    expect(screen.queryByRole('button', { name: 'More actions' })).not.toBeInTheDocument();
  });

  it('marks an unread conversation read when it is opened', async () => {
    serve('agent');
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    await screen.findByText('Message 1');
    await waitFor(() => expect(server.requests.some((r) => r.method === 'POST' && r.url.endsWith('/read'))).toBe(true));
  });

  it('gives an agent the composer and the status control', async () => {
    serve('agent');
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    expect(await screen.findByRole('textbox', { name: 'Message' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Status' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /add tag/i })).toBeInTheDocument();
  });

  it('shows a viewer the thread but no composer or edit controls', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderInbox(`/w/${wid}/inbox/${conversations[0]!.id}`);
    await screen.findByText('Message 1');
    await screen.findByText(/read-only access/i);
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Status' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Assignee' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /add tag/i })).not.toBeInTheDocument();
    // Nor do shortcuts write for them.
    await user.keyboard('e');
    expect(server.requests.some((r) => r.method !== 'GET')).toBe(false);
  });
});
