import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, customer, ids, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { CustomersPage } from './customers-page';

vi.mock('@/lib/realtime', () => ({ useWorkspaceChannel: () => {}, useRealtimeReconnect: () => {} }));

const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;

function serve(role: Role) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/customers`, (request) => ({
    status: 200,
    body: request.params.q === 'zzz' ? page([]) : page([customer(), customer({ id: ids.other, name: 'Tom Becker', tags: [] })]),
  }));
}

const renderPage = () => renderRoute(<CustomersPage />, { path: `/w/${ids.workspace}/customers`, pattern: '/w/:wid/customers' });

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('CustomersPage', () => {
  it('lets an agent create and edit but not delete', async () => {
    serve('agent');
    renderPage();
    const rows = await screen.findAllByTestId('customer-row');
    expect(rows).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'New customer' })).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('button', { name: 'Edit Maya Chen' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });

  it('lets an admin delete after confirming', async () => {
    serve('admin');
    server.on(`DELETE ${base}/customers/${customer().id}`, { status: 204 });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete Maya Chen' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete customer' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows a viewer the list without any write action', async () => {
    serve('viewer');
    renderPage();
    await screen.findAllByTestId('customer-row');
    expect(screen.queryByRole('button', { name: 'New customer' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
  });

  it('searches once typing pauses and says when nothing matches', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('customer-row');
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'zzz');
    expect(await screen.findByText('No matches')).toBeInTheDocument();
    const searches = server.requests.filter((r) => r.url === `${base}/customers` && r.params.q);
    expect(searches.map((r) => r.params.q)).toEqual(['zzz']);
  });

  it('validates the new customer form before posting, then creates', async () => {
    serve('agent');
    server.on(`POST ${base}/customers`, (request) => ({ status: 201, body: customer({ ...(request.body as object), id: ids.owner }) }));
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'New customer' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText('Email'), 'not-an-email');
    await user.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    expect(within(dialog).getByText('Enter a name')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a valid email address')).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText('Name'), 'Nina New');
    await user.clear(within(dialog).getByLabelText('Email'));
    await user.type(within(dialog).getByLabelText('Tags'), 'vip, wholesale, vip');
    await user.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    await waitFor(() =>
      expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
        name: 'Nina New',
        email: null,
        phone: null,
        company: null,
        tags: ['vip', 'wholesale'],
      }),
    );
  });
});
