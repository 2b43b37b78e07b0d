import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { projectResource } from '../../../contracts/crm';
import type { Role } from '../../../contracts/roles';
import { saveCsv } from '@/lib/csv-file';
import { sessionStore } from '@/lib/session-store';
import { auth, customer, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi, type MockRequest } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import type { ResourceRecord } from './cache';
import { ResourceListPage } from './list-page';
import { layoutHeight, testResource } from './test-resource';

vi.mock('@/lib/csv-file', async (original) => ({ ...(await original<typeof import('@/lib/csv-file')>()), saveCsv: vi.fn() }));

const resource = testResource(projectResource, 'crm', { computed: { progress: { label: 'Progress', format: 'percent', list: true } } });
const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;
let undoLayout: () => void;

const clientId = '00000000-0000-4000-8000-0000000000c7';
const client = customer({ id: clientId, name: 'Bean There Co', code: 'CLI-0001', address: null, taxId: null, notes: null, status: 'active' });

const project = (n: number, over: Partial<ResourceRecord> = {}): ResourceRecord => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  code: `PRJ-${String(n).padStart(4, '0')}`,
  name: `Project ${n}`,
  description: null,
  status: 'planning',
  customerId: null,
  budget: null,
  currency: 'usd',
  startDate: null,
  dueDate: null,
  progress: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const fitOut = project(1, {
  name: 'Fit-out',
  status: 'in_progress',
  customerId: clientId,
  budget: 125050,
  currency: 'eur',
  dueDate: '2026-12-01',
  progress: 40,
});
const tasting = project(2, { name: 'Tasting room', status: 'completed', progress: 100 });
const signage = project(3, { name: 'Signage' });

function serve(role: Role, list: (request: MockRequest) => ResourceRecord[] = () => [fitOut, tasting, signage]) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/projects`, (request) => ({ status: 200, body: page(list(request)) }));
  server.on(`GET ${base}/customers`, { status: 200, body: page([client]) });
}

const listRequests = () => server.requests.filter((r) => r.method === 'GET' && r.url === `${base}/projects`);

/** The page's address as the router holds it (search, filters and sort live there). */
function Address() {
  const { search } = useLocation();
  return <output data-testid="address">{search}</output>;
}
const address = () => Object.fromEntries(new URLSearchParams(screen.getByTestId('address').textContent ?? ''));

const renderPage = (search = '') =>
  renderRoute(
    <>
      <ResourceListPage resource={resource} />
      <Address />
    </>,
    { path: `/w/${ids.workspace}/projects${search}`, pattern: '/w/:wid/projects' },
  );

const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .slice(1)
    .map((c) => c.textContent);

beforeAll(() => {
  undoLayout = layoutHeight(800);
});
afterAll(() => undoLayout());
beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => {
  server.restore();
  vi.mocked(saveCsv).mockClear();
});

describe('ResourceListPage', () => {
  it("shows the declaration's list columns: references by title, enums as words, money in the record's currency, dates, progress", async () => {
    serve('viewer');
    renderPage();
    const rows = await screen.findAllByTestId('record-row');
    expect(
      screen
        .getAllByRole('columnheader')
        .slice(1)
        .map((h) => h.textContent),
    ).toEqual(['Code', 'Name', 'Status', 'Client', 'Budget', 'Due', 'Progress']);
    await waitFor(() => expect(cells(rows[0]!)).toEqual(['PRJ-0001', 'Fit-out', 'In progress', 'Bean There Co', '€1,250.50', 'Dec 1, 2026', '40%']));
    expect(cells(rows[1]!)).toEqual(['PRJ-0002', 'Tasting room', 'Completed', '—', '—', '—', '100%']);
    expect(within(rows[0]!).getByRole('link', { name: 'Fit-out' })).toHaveAttribute('href', `/w/${ids.workspace}/projects/${fitOut.id}`);
    expect(within(rows[0]!).getByRole('link', { name: 'Bean There Co' })).toHaveAttribute('href', `/w/${ids.workspace}/customers/${clientId}`);
    expect(within(rows[0]!).getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '40');
    // The default sort (newest first) is not written into the request or the address.
    expect(listRequests()[0]!.params).toEqual({ limit: 100 });
  });

  it('sorts by a sortable header into the address and the request; other columns do not sort', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('record-row');
    expect(within(screen.getByRole('columnheader', { name: 'Client' })).queryByRole('button')).not.toBeInTheDocument();
    await user.click(within(screen.getByRole('columnheader', { name: 'Budget' })).getByRole('button'));
    await waitFor(() => expect(listRequests().at(-1)?.params.sort).toBe('-budget'));
    expect(address()).toEqual({ sort: '-budget' });
    expect(screen.getByRole('columnheader', { name: 'Budget' })).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(screen.getByRole('columnheader', { name: 'Name' })).getByRole('button'));
    await waitFor(() => expect(address()).toEqual({ sort: 'name' }));
    expect(listRequests().at(-1)?.params).toEqual({ sort: 'name', limit: 100 });
  });

  it('keeps the filters in the address: an enum select, a reference picker, and the search once typing pauses', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('record-row');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Completed');
    await waitFor(() => expect(address()).toEqual({ status: 'completed' }));
    await user.click(screen.getByRole('combobox', { name: 'Client' }));
    await user.click(await screen.findByRole('option', { name: /^Bean There Co/ }));
    await waitFor(() => expect(address()).toEqual({ status: 'completed', customerId: clientId }));
    expect(screen.getByRole('combobox', { name: 'Client' })).toHaveValue('Bean There Co');
    await user.type(screen.getByRole('searchbox', { name: 'Search projects' }), 'roast');
    await waitFor(() => expect(address()).toEqual({ status: 'completed', customerId: clientId, q: 'roast' }));
    expect(listRequests().at(-1)?.params).toEqual({ q: 'roast', status: 'completed', customerId: clientId, limit: 100 });
    expect(
      listRequests()
        .filter((r) => r.params.q)
        .map((r) => r.params.q),
    ).toEqual(['roast']);
    await user.click(screen.getByRole('button', { name: 'Clear client' }));
    await waitFor(() => expect(address()).toEqual({ status: 'completed', q: 'roast' }));
    expect(screen.getByRole('combobox', { name: 'Client' })).toHaveValue('');
  });

  it("opens on the address's view, ignoring what the API would refuse", async () => {
    serve('viewer');
    renderPage('?status=planning&sort=-dueDate&q=tea&customerId=nope&budget=5&sort2=x');
    await screen.findAllByTestId('record-row');
    expect(listRequests()[0]!.params).toEqual({ q: 'tea', sort: '-dueDate', status: 'planning', limit: 100 });
    expect(screen.getByRole('searchbox', { name: 'Search projects' })).toHaveValue('tea');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('planning');
  });

  it('invites a writer to create the first record, and a viewer only explains', async () => {
    serve('agent', () => []);
    const user = userEvent.setup();
    const { unmount } = renderPage();
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
    const buttons = await screen.findAllByRole('button', { name: 'New project' });
    expect(buttons).toHaveLength(2);
    await user.click(buttons[1]!);
    expect(await screen.findByRole('dialog', { name: 'New project' })).toBeInTheDocument();
    expect(address()).toEqual({ new: '1' });
    unmount();

    serve('viewer', () => []);
    renderPage();
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
    expect(screen.getByText('A teammate with the agent role adds projects.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New project' })).not.toBeInTheDocument();
  });

  it('says when filters match nothing, and clears them', async () => {
    serve('viewer', (request) => (request.params.status ? [] : [fitOut]));
    const user = userEvent.setup();
    renderPage('?status=cancelled&q=zzz');
    expect(await screen.findByText('No matches')).toBeInTheDocument();
    expect(screen.queryByText('No projects yet')).not.toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' }).at(-1)!);
    expect(await screen.findByRole('link', { name: 'Fit-out' })).toBeInTheDocument();
    expect(address()).toEqual({});
    expect(screen.getByRole('searchbox', { name: 'Search projects' })).toHaveValue('');
    expect(listRequests().at(-1)?.params).toEqual({ limit: 100 });
  });

  it('shows a failed load with a retry that loads again', async () => {
    let calls = 0;
    server.on(`GET ${base}`, { status: 200, body: workspace('viewer') });
    server.on(`GET ${base}/customers`, { status: 200, body: page([client]) });
    server.on(`GET ${base}/projects`, () =>
      calls++ === 0 ? { status: 500, body: errorBody('internal_error', 'Something broke') } : { status: 200, body: page([tasting]) },
    );
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load projects');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Tasting room' })).toBeInTheDocument();
  });

  it('selects rows (one by one or every loaded one) to export them; a viewer may not delete them', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('record-row');
    expect(screen.queryByRole('button', { name: 'Export selected' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select Fit-out' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Signage' }));
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select all 3 loaded projects' })).toHaveProperty('indeterminate', true);
    expect(screen.queryByRole('button', { name: 'Delete selected' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export selected' }));
    await waitFor(() => expect(saveCsv).toHaveBeenCalledTimes(1));
    const [csv, filename] = vi.mocked(saveCsv).mock.calls[0]!;
    expect(filename).toMatch(/^projects-selected-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.split('\r\n')).toEqual([
      'code,name,description,status,customerId,budget,currency,startDate,dueDate',
      `PRJ-0001,Fit-out,,in_progress,${clientId},125050,eur,,2026-12-01`,
      'PRJ-0003,Signage,,planning,,,usd,,',
      '',
    ]);

    await user.click(screen.getByRole('checkbox', { name: 'Select all 3 loaded projects' }));
    expect(screen.getByText('3 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select all 3 loaded projects' }));
    expect(screen.queryByText(/selected$/)).not.toBeInTheDocument();
  });

  it('deletes the selected rows for an admin, and keeps and names the ones still in use', async () => {
    let remaining = [fitOut, tasting, signage];
    serve('admin', () => remaining);
    server.on(`DELETE ${base}/projects/${fitOut.id}`, {
      status: 409,
      body: errorBody('in_use', 'Other records point at this project: change or delete them first'),
    });
    for (const p of [tasting, signage])
      server.on(`DELETE ${base}/projects/${p.id}`, () => {
        remaining = remaining.filter((r) => r.id !== p.id);
        return { status: 204 };
      });
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('record-row');
    await user.click(screen.getByRole('checkbox', { name: 'Select all 3 loaded projects' }));
    await user.click(screen.getByRole('button', { name: 'Delete selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 3 projects?' });
    expect(within(dialog).getByRole('button', { name: 'Keep them' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 3 projects' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('1 project could not be deleted.');
    expect(within(dialog).getByRole('list', { name: 'Not deleted' })).toHaveTextContent('PRJ-0001 Fit-out: Other records point at this project');
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(3);
    await waitFor(() => expect(screen.getAllByTestId('record-row')).toHaveLength(1));
    expect(screen.getByText('1 selected')).toBeInTheDocument();
  });

  it('renders only the rows in view of thousands loaded', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => project(i + 1));
    serve('viewer', () => many);
    renderPage();
    await screen.findAllByTestId('record-row');
    const rendered = screen.getAllByTestId('record-row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '2001');
    expect(rendered[0]).toHaveAttribute('aria-rowindex', '2');
    expect(screen.getByText('2,000 projects')).toBeInTheDocument();
  });
});
