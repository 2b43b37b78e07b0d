import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CannedReply } from '../../../../contracts/canned-replies';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { CannedRepliesPage } from './canned-replies-page';

const base = `/api/workspaces/${ids.workspace}`;
const shipping: CannedReply = {
  id: '00000000-0000-4000-8000-0000000000c1',
  shortcut: 'shipping',
  title: 'Shipping times',
  content: 'Hi {{customer.name}}, orders ship in 2 days.',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

let server: MockApi;
function serve(role: Role, replies: CannedReply[] = [shipping]) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/canned-replies`, { status: 200, body: page(replies) });
}
const renderPage = () =>
  renderRoute(<CannedRepliesPage />, { path: `/w/${ids.workspace}/settings/canned-replies`, pattern: '/w/:wid/settings/canned-replies' });

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('Settings → Canned replies', () => {
  it('shows an agent the replies without edit controls', async () => {
    serve('agent');
    renderPage();
    expect(await screen.findByText('/shipping')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New reply' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete /shipping' })).not.toBeInTheDocument();
  });

  it('lets an admin add one (a taken shortcut is said beside the field), edit and delete', async () => {
    serve('admin');
    server.on(`POST ${base}/canned-replies`, { status: 409, body: errorBody('conflict', 'That shortcut is taken') });
    server.on(`PATCH ${base}/canned-replies/${shipping.id}`, (request) => ({ status: 200, body: { ...shipping, ...(request.body as object) } }));
    server.on(`DELETE ${base}/canned-replies/${shipping.id}`, { status: 204 });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'New reply' }));
    const form = screen.getByRole('form', { name: 'New canned reply' });
    await user.type(within(form).getByLabelText('Shortcut'), 'shipping');
    await user.type(within(form).getByLabelText('Title'), 'Again');
    await user.type(within(form).getByLabelText('Reply'), 'Hello');
    await user.click(within(form).getByRole('button', { name: 'Add reply' }));
    expect(await within(form).findByText('That shortcut is taken')).toBeInTheDocument();
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({ shortcut: 'shipping', title: 'Again', content: 'Hello' });

    await user.click(screen.getByRole('button', { name: 'Edit /shipping' }));
    const edit = screen.getByRole('form', { name: 'Edit /shipping' });
    await user.clear(within(edit).getByLabelText('Title'));
    await user.type(within(edit).getByLabelText('Title'), 'Shipping (EU)');
    await user.click(within(edit).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PATCH')?.body).toMatchObject({ title: 'Shipping (EU)' }));

    await user.click(await screen.findByRole('button', { name: 'Delete /shipping' }));
    await user.click(await screen.findByRole('button', { name: 'Delete reply' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true));
  });
});
