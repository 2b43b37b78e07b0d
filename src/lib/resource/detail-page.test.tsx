import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectResource } from '../../../contracts/crm';
import type { Role } from '../../../contracts/roles';
import type { FeatureManifest, RecordSlotProps } from '@/lib/feature';
import { sessionStore } from '@/lib/session-store';
import { SlotProvider } from '@/lib/slots';
import { auth, customer, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import type { ResourceRecord } from './cache';
import { applyRecordUpdated } from './cache';
import { ResourceDetailPage } from './detail-page';
import { testResource } from './test-resource';

const resource = testResource(projectResource, 'crm', { computed: { progress: { label: 'Progress', format: 'percent' } }, slot: 'project.details' });
const base = `/api/workspaces/${ids.workspace}`;
const clientId = '00000000-0000-4000-8000-0000000000c7';
let server: MockApi;

const fitOut: ResourceRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'PRJ-0001',
  name: 'Fit-out',
  description: 'Counter, shelving\nand the espresso bar',
  status: 'in_progress',
  customerId: clientId,
  budget: 125050,
  currency: 'eur',
  startDate: '2026-02-01',
  dueDate: null,
  progress: 40,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** A feature that puts a panel in the project page's slot, showing what it was handed. */
const tasksPanel: FeatureManifest = {
  id: 'kanban',
  panels: [{ slot: 'project.details', order: 1, component: ({ wid, id, role }: RecordSlotProps) => <p>{`Tasks of ${id} in ${wid} for ${role}`}</p> }],
};

function serve(role: Role) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/projects/${fitOut.id}`, { status: 200, body: fitOut });
  server.on(`GET ${base}/customers`, { status: 200, body: page([customer({ id: clientId, name: 'Bean There Co' })]) });
}

/** The list (with its filters in the address) linking to the record, and the record's page. */
function renderFromList(listSearch = '?status=in_progress&sort=name') {
  const queryClient = testQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <SlotProvider features={[tasksPanel]}>
        <MemoryRouter initialEntries={[`/w/${ids.workspace}/projects${listSearch}`]}>
          <Routes>
            <Route
              path="/w/:wid/projects"
              element={
                <>
                  <p data-testid="list-address">{listSearch}</p>
                  <Link to={`/w/${ids.workspace}/projects/${fitOut.id}`} state={{ listSearch }}>
                    Open
                  </Link>
                </>
              }
            />
            <Route path="/w/:wid/projects/:id" element={<ResourceDetailPage resource={resource} />} />
          </Routes>
        </MemoryRouter>
      </SlotProvider>
    </QueryClientProvider>,
  );
  return queryClient;
}

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('ResourceDetailPage', () => {
  it('shows the title and code, every field, the computed values and the panels of its slot; back keeps the list filters', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderFromList();
    await user.click(screen.getByRole('link', { name: 'Open' }));
    expect(await screen.findByRole('heading', { name: 'Fit-out', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('PRJ-0001')).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'Details' });
    const item = (label: string) => within(details).getByText(label, { selector: 'dt' }).nextElementSibling!;
    expect(item('Description')).toHaveTextContent('Counter, shelving and the espresso bar');
    expect(item('Budget')).toHaveTextContent('€1,250.50');
    expect(item('Start')).toHaveTextContent('Feb 1, 2026');
    expect(item('Due')).toHaveTextContent('—');
    await waitFor(() => expect(item('Client')).toHaveTextContent('Bean There Co'));
    expect(within(item('Progress') as HTMLElement).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '40');
    expect(screen.getByText('In progress')).toBeInTheDocument();
    expect(await screen.findByText(`Tasks of ${fitOut.id} in ${ids.workspace} for viewer`)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Projects' }));
    expect(screen.getByTestId('list-address')).toHaveTextContent('?status=in_progress&sort=name');
  });

  it('follows a change made elsewhere without a reload', async () => {
    serve('viewer');
    const user = userEvent.setup();
    const queryClient = renderFromList();
    await user.click(screen.getByRole('link', { name: 'Open' }));
    await screen.findByRole('heading', { name: 'Fit-out', level: 1 });
    await applyRecordUpdated(queryClient, resource, ids.workspace, { ...fitOut, name: 'Fit-out, phase two', updatedAt: '2026-01-02T00:00:00.000Z' });
    expect(await screen.findByRole('heading', { name: 'Fit-out, phase two', level: 1 })).toBeInTheDocument();
  });

  it('edits with the generated form, and says why a record others point at cannot be deleted', async () => {
    serve('admin');
    server.on(`PATCH ${base}/projects/${fitOut.id}`, (request) => ({
      status: 200,
      body: { ...fitOut, ...(request.body as object), updatedAt: '2026-01-03T00:00:00.000Z' },
    }));
    server.on(`DELETE ${base}/projects/${fitOut.id}`, {
      status: 409,
      body: errorBody('in_use', 'Other records point at this project: change or delete them first'),
    });
    const user = userEvent.setup();
    renderFromList('');
    await user.click(screen.getByRole('link', { name: 'Open' }));
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const form = await screen.findByRole('dialog', { name: 'Edit Fit-out' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Status' }), 'Completed');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.requests.find((r) => r.method === 'PATCH')!.body).toEqual({ status: 'completed' });
    expect(await screen.findByText('Completed')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete Fit-out?' });
    expect(within(confirm).getByRole('button', { name: 'Keep project' })).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: 'Delete project' }));
    expect(await within(confirm).findByRole('alert')).toHaveTextContent('Other records point at this project: change or delete them first');
    // Still on the record's page (behind the dialog).
    expect(screen.getByRole('heading', { name: 'Fit-out', level: 1, hidden: true })).toBeInTheDocument();
  });

  it('says when the record does not exist', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('viewer') });
    server.on(`GET ${base}/projects/${fitOut.id}`, { status: 404, body: errorBody('not_found', 'Project not found') });
    const user = userEvent.setup();
    renderFromList();
    await user.click(screen.getByRole('link', { name: 'Open' }));
    expect(await screen.findByText('Project not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Projects' })).toHaveAttribute('href', `/w/${ids.workspace}/projects?status=in_progress&sort=name`);
  });
});
