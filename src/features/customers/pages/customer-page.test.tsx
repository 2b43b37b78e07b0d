import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { projectResource } from '../../../../contracts/crm';
import type { RecordOf } from '../../../../contracts/resource';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, customer, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { CustomerPage } from './customer-page';

vi.mock('@/lib/realtime', () => ({ useWorkspaceChannel: () => {}, useRealtimeReconnect: () => {} }));

const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;

const client = customer({
  address: '12 Roastery Lane\nPortland, OR 97201',
  taxId: 'US-98-7654321',
  notes: 'Prefers email.\n\nInvoices to accounts@beanthere.example',
  status: 'inactive',
});

const project = (over: Partial<RecordOf<typeof projectResource>> = {}): RecordOf<typeof projectResource> => ({
  id: '00000000-0000-4000-8000-0000000000e1',
  code: 'PRJ-0001',
  name: 'Café fit-out',
  description: null,
  status: 'in_progress',
  customerId: client.id,
  budget: 1_500_000,
  currency: 'usd',
  startDate: '2026-02-01',
  dueDate: '2026-03-05',
  progress: 40,
  createdAt: '2026-02-01T09:00:00.000Z',
  updatedAt: '2026-02-10T09:00:00.000Z',
  ...over,
});

function serve(
  role: Role,
  projects = [
    project(),
    project({ id: '00000000-0000-4000-8000-0000000000e2', code: 'PRJ-0002', name: 'Espresso bar', status: 'planning', dueDate: null, progress: 0 }),
  ],
) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/customers/${client.id}`, { status: 200, body: client });
  server.on(`GET ${base}/conversations`, { status: 200, body: page([]) });
  server.on(`GET ${base}/projects`, { status: 200, body: page(projects) });
}

const renderPage = () => renderRoute(<CustomerPage />, { path: `/w/${ids.workspace}/customers/${client.id}`, pattern: '/w/:wid/customers/:customerId' });

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const detail = (label: string) => screen.getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement;

describe('CustomerPage', () => {
  it('shows the client details: code, status, address, tax ID and notes with their line breaks', async () => {
    serve('viewer');
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: /Maya Chen/ })).toBeInTheDocument();
    expect(detail('Code')).toHaveTextContent('CLI-0001');
    expect(detail('Status')).toHaveTextContent('Inactive');
    expect(detail('Tax ID')).toHaveTextContent('US-98-7654321');
    expect(detail('Address').textContent).toBe('12 Roastery Lane\nPortland, OR 97201');
    expect(detail('Address')).toHaveClass('whitespace-pre-line');
    expect(detail('Notes').textContent).toBe('Prefers email.\n\nInvoices to accounts@beanthere.example');
    expect(detail('Notes')).toHaveClass('whitespace-pre-line');
  });

  it("lists the customer's projects with code, status, progress and due date, each linking to its page", async () => {
    serve('viewer');
    renderPage();
    const rows = await screen.findAllByTestId('customer-project');
    expect(server.requests.find((r) => r.url === `${base}/projects`)!.params).toEqual({ customerId: client.id, limit: 25 });
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['Café fit-out', 'PRJ-0001', 'In progress', '40%', 'Mar 5, 2026'],
      ['Espresso bar', 'PRJ-0002', 'Planning', '0%', '—'],
    ]);
    expect(within(rows[0]!).getByRole('link', { name: 'Café fit-out' })).toHaveAttribute(
      'href',
      `/w/${ids.workspace}/projects/00000000-0000-4000-8000-0000000000e1`,
    );
    expect(within(rows[0]!).getByRole('progressbar', { name: 'Progress of Café fit-out' })).toHaveAttribute('aria-valuenow', '40');
  });

  it('says when the customer is the client of no project', async () => {
    serve('viewer', []);
    renderPage();
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
  });

  it('explains a delete refused because the customer has projects, and offers to mark them inactive', async () => {
    serve('admin');
    server.on(`GET ${base}/customers/${client.id}`, { status: 200, body: { ...client, status: 'active' } });
    server.on(`DELETE ${base}/customers/${client.id}`, {
      status: 409,
      body: errorBody('in_use', 'This customer is the client of projects: change or delete them first'),
    });
    server.on(`PATCH ${base}/customers/${client.id}`, { status: 200, body: client });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete customer' }));
    const dialog = await screen.findByRole('dialog', { name: 'This customer has projects' });
    expect(dialog).toHaveTextContent('This customer is the client of projects: change or delete them first');
    expect(within(dialog).queryByText('Something went wrong. Try again.')).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Delete customer' })).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Mark inactive' }));
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'inactive' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByText('Elsewhere')).not.toBeInTheDocument();
  });

  it('edits the client fields, and shows the validation messages the server gives per field', async () => {
    serve('agent');
    server.on(`PATCH ${base}/customers/${client.id}`, {
      status: 422,
      body: errorBody('validation_failed', 'The request is not valid', [
        { path: 'taxId', message: 'Use at most 50 characters' },
        { path: 'address', message: 'Enter an address' },
      ]),
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit customer' });
    expect(dialog).toHaveTextContent('Client CLI-0001');
    expect(within(dialog).getByLabelText('Address')).toHaveValue(client.address);
    expect(within(dialog).getByLabelText('Tax ID')).toHaveValue(client.taxId);
    expect(within(dialog).getByLabelText('Notes')).toHaveValue(client.notes);
    expect(within(dialog).getByLabelText('Status')).toHaveValue('inactive');

    await user.selectOptions(within(dialog).getByLabelText('Status'), 'Active');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Tax ID')).toHaveAccessibleDescription('Use at most 50 characters'));
    expect(within(dialog).getByLabelText('Address')).toHaveAccessibleDescription('Enter an address');
    expect(within(dialog).queryByText('The request is not valid')).not.toBeInTheDocument();
    expect(server.requests.find((r) => r.method === 'PATCH')?.body).toMatchObject({
      address: '12 Roastery Lane\nPortland, OR 97201',
      taxId: 'US-98-7654321',
      notes: 'Prefers email.\n\nInvoices to accounts@beanthere.example',
      status: 'active',
    });
  });
});

describe('CustomerPage ?new=conversation (the command palette’s “New conversation with …”)', () => {
  const open = () =>
    renderRoute(<CustomerPage />, { path: `/w/${ids.workspace}/customers/${client.id}?new=conversation`, pattern: '/w/:wid/customers/:customerId' });

  it('opens the new conversation dialog for an agent, and closing it leaves it closed', async () => {
    serve('agent');
    const user = userEvent.setup();
    open();
    const dialog = await screen.findByRole('dialog', { name: 'New conversation' });
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('does not open it for a viewer', async () => {
    serve('viewer');
    open();
    expect(await screen.findByRole('heading', { name: new RegExp(client.name) })).toBeInTheDocument();
    // Once the role has loaded (it is what decides).
    await waitFor(() => expect(server.requests.some((r) => r.url === base)).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
