import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../../../contracts/customers';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, customer, ids, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi, type MockRequest } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { CustomersPage } from './customers-page';

vi.mock('@/lib/realtime', () => ({ useWorkspaceChannel: () => {}, useRealtimeReconnect: () => {} }));

const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;

const maya = customer();
const tom = customer({ id: ids.other, name: 'Tom Becker', tags: [], code: 'CLI-0002', status: 'inactive', company: null });

function serve(role: Role, list: (request: MockRequest) => Customer[] = (request) => (request.params.q === 'zzz' ? [] : [maya, tom])) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/customers`, (request) => ({ status: 200, body: page(list(request)) }));
}

const listRequests = () => server.requests.filter((r) => r.method === 'GET' && r.url === `${base}/customers`);

/** The page's address as the router holds it (filters and sort live there). */
function Address() {
  const { search } = useLocation();
  return <output data-testid="address">{search}</output>;
}
const address = () => new URLSearchParams(screen.getByTestId('address').textContent ?? '');

const renderPage = (search = '') =>
  renderRoute(
    <>
      <CustomersPage />
      <Address />
    </>,
    { path: `/w/${ids.workspace}/customers${search}`, pattern: '/w/:wid/customers' },
  );

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('CustomersPage', () => {
  it('shows each customer with their client code and status, inactive ones greyed', async () => {
    serve('viewer');
    renderPage();
    const rows = await screen.findAllByTestId('customer-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('CLI-0001')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Active')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('CLI-0002')).toBeInTheDocument();
    const inactive = within(rows[1]!).getByText('Inactive');
    expect(inactive).toHaveClass('text-muted');
    expect(within(rows[1]!).getByRole('link', { name: 'Tom Becker' })).toHaveClass('text-muted');
    expect(within(rows[0]!).getByRole('link', { name: 'Maya Chen' })).toHaveAttribute('href', `/w/${ids.workspace}/customers/${maya.id}`);
  });

  it('lets an agent create, edit and import but not delete', async () => {
    serve('agent');
    renderPage();
    const rows = await screen.findAllByTestId('customer-row');
    expect(screen.getByRole('button', { name: 'New customer' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import CSV' })).toBeInTheDocument();
    expect(within(rows[0]!).getByRole('button', { name: 'Edit Maya Chen' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });

  it('lets an admin delete after confirming', async () => {
    serve('admin');
    server.on(`DELETE ${base}/customers/${maya.id}`, { status: 204 });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete Maya Chen' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete customer?' });
    expect(dialog).toHaveTextContent('Maya Chen (CLI-0001) will be deleted');
    await user.click(within(dialog).getByRole('button', { name: 'Delete customer' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows a viewer the list and the export, without any write action', async () => {
    serve('viewer');
    renderPage();
    await screen.findAllByTestId('customer-row');
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New customer' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import CSV' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
  });

  it('searches once typing pauses and says when nothing matches', async () => {
    serve('agent');
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('customer-row');
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'zzz');
    expect(await screen.findByText('No matches')).toBeInTheDocument();
    expect(listRequests().flatMap((r) => (r.params.q ? [r.params.q] : []))).toEqual(['zzz']);
    expect(address().get('q')).toBe('zzz');
  });

  it('filters by status, keeping it in the address with the search, and clears the filters', async () => {
    serve('viewer', (request) => (request.params.status === 'inactive' ? [tom] : [maya, tom]));
    const user = userEvent.setup();
    renderPage('?q=be');
    await screen.findAllByTestId('customer-row');
    expect(listRequests()[0]!.params).toEqual({ q: 'be', limit: 25 });
    const status = screen.getByRole('group', { name: 'Status' });
    expect(within(status).getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(status).getByRole('button', { name: 'Inactive' }));
    await waitFor(() => expect(screen.getAllByTestId('customer-row')).toHaveLength(1));
    expect(listRequests().at(-1)!.params).toEqual({ q: 'be', status: 'inactive', limit: 25 });
    expect(within(status).getByRole('button', { name: 'Inactive' })).toHaveAttribute('aria-pressed', 'true');
    expect(Object.fromEntries(address())).toEqual({ q: 'be', status: 'inactive' });

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getAllByTestId('customer-row')).toHaveLength(2));
    expect(address().toString()).toBe('');
    expect(screen.getByRole('searchbox', { name: 'Search customers' })).toHaveValue('');
  });

  it('opens on the status and sort in the address', async () => {
    serve('viewer');
    renderPage('?status=active&sort=-code');
    await screen.findAllByTestId('customer-row');
    expect(listRequests()[0]!.params).toEqual({ status: 'active', sort: '-code', limit: 25 });
    expect(within(screen.getByRole('group', { name: 'Status' })).getByRole('button', { name: 'Active' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('columnheader', { name: 'Code' })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: 'Added' })).toHaveAttribute('aria-sort', 'none');
  });

  it('ignores a status or sort the API does not know', async () => {
    serve('viewer');
    renderPage('?status=archived&sort=phone');
    await screen.findAllByTestId('customer-row');
    expect(listRequests()[0]!.params).toEqual({ limit: 25 });
  });

  it('sorts by a column header (ascending, then descending), in the address, and back to newest first', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderPage('?status=inactive');
    await screen.findAllByTestId('customer-row');
    expect(screen.getByRole('columnheader', { name: 'Added' })).toHaveAttribute('aria-sort', 'descending');
    for (const label of ['Code', 'Name', 'Email', 'Company']) expect(screen.getByRole('columnheader', { name: label })).toHaveAttribute('aria-sort', 'none');

    await user.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(listRequests().at(-1)!.params).toEqual({ status: 'inactive', sort: 'name', limit: 25 }));
    expect(Object.fromEntries(address())).toEqual({ status: 'inactive', sort: 'name' });
    expect(screen.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(listRequests().at(-1)!.params.sort).toBe('-name'));
    expect(address().get('sort')).toBe('-name');

    // Added sorts newest first at first: the default order, which the address does not spell out.
    await user.click(screen.getByRole('button', { name: 'Added' }));
    await waitFor(() => expect(address().has('sort')).toBe(false));
    expect(screen.getByRole('columnheader', { name: 'Added' })).toHaveAttribute('aria-sort', 'descending');
    await user.click(screen.getByRole('button', { name: 'Added' }));
    await waitFor(() => expect(address().get('sort')).toBe('createdAt'));
    await waitFor(() => expect(listRequests().at(-1)!.params).toEqual({ status: 'inactive', sort: 'createdAt', limit: 25 }));
    expect(screen.getByRole('columnheader', { name: 'Added' })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('exports what the filters show, in the same order, through the API client', async () => {
    serve('viewer');
    server.on(`GET ${base}/customers/export`, { status: 200, body: 'code,name\r\nCLI-0002,Tom Becker\r\n' });
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:customers');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    renderPage('?q=tom&status=inactive&sort=company');
    await screen.findAllByTestId('customer-row');
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const exported = server.requests.find((r) => r.url === `${base}/customers/export`)!;
    expect(exported.params).toEqual({ q: 'tom', status: 'inactive', sort: 'company' });
    expect(exported.headers.authorization).toBe('Bearer token-1');
    expect(await createObjectURL.mock.calls[0]![0].text()).toContain('CLI-0002,Tom Becker');
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    click.mockRestore();
  });

  it('validates the new customer form before posting, then creates with the client fields', async () => {
    serve('agent');
    server.on(`POST ${base}/customers`, (request) => ({ status: 201, body: customer({ ...(request.body as object), id: ids.owner, code: 'CLI-0003' }) }));
    server.on(`GET ${base}/customers/${ids.owner}`, { status: 200, body: customer({ id: ids.owner }) });
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
    await user.type(within(dialog).getByLabelText('Tax ID'), ' DE123456789 ');
    await user.selectOptions(within(dialog).getByLabelText('Status'), 'Inactive');
    await user.click(within(dialog).getByRole('button', { name: 'Create customer' }));
    await waitFor(() =>
      expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
        name: 'Nina New',
        email: null,
        phone: null,
        company: null,
        tags: ['vip', 'wholesale'],
        address: null,
        taxId: 'DE123456789',
        notes: null,
        status: 'inactive',
      }),
    );
    await waitFor(() => expect(screen.getByText('Elsewhere')).toBeInTheDocument());
  });
});
