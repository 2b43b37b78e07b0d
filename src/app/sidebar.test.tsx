import { screen, within } from '@testing-library/react';
import { Building2, Box, Inbox } from 'lucide-react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeatureManifest, NavSection } from '@/lib/feature';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { navFor } from './compose-features';
import { navGroups, Sidebar } from './sidebar';

const plant: NavSection = { id: 'plant', label: 'Plant', order: 50 };
const books: NavSection = { id: 'books', label: 'Books', order: 55 };

const sample: FeatureManifest[] = [
  {
    id: 'a',
    nav: [
      { area: 'workspace', path: 'inbox', label: 'Inbox', icon: Inbox, order: 10 },
      { area: 'workspace', path: 'settings', label: 'Settings', icon: Inbox, order: 90 },
    ],
  },
  {
    id: 'b',
    nav: [
      { area: 'workspace', path: 'machines', label: 'Machines', icon: Box, order: 20, section: plant },
      { area: 'workspace', path: 'sites', label: 'Sites', icon: Building2, order: 10, section: plant },
      { area: 'workspace', path: 'ledger', label: 'Ledger', icon: Box, order: 10, section: books, minRole: 'admin' },
      { area: 'workspace', path: 'reports', label: 'Reports', icon: Box, order: 20, section: books, minRole: 'owner' },
    ],
  },
];

const groups = (role: 'viewer' | 'admin' | 'owner') =>
  navGroups(navFor(sample, 'workspace', role)).map((g) => [g.section?.label ?? null, g.entries.map((e) => e.label)]);

describe('navGroups', () => {
  it('places each section among the ungrouped entries by its order, its entries in theirs', () => {
    expect(groups('owner')).toEqual([
      [null, ['Inbox']],
      ['Plant', ['Sites', 'Machines']],
      ['Books', ['Ledger', 'Reports']],
      [null, ['Settings']],
    ]);
  });

  it('drops the entries a role may not see, and a section with none left', () => {
    expect(groups('admin')).toEqual([
      [null, ['Inbox']],
      ['Plant', ['Sites', 'Machines']],
      ['Books', ['Ledger']],
      [null, ['Settings']],
    ]);
    expect(groups('viewer')).toEqual([
      [null, ['Inbox']],
      ['Plant', ['Sites', 'Machines']],
      [null, ['Settings']],
    ]);
  });
});

describe('Sidebar', () => {
  let server: MockApi;
  beforeEach(() => {
    sessionStore.signIn(auth());
    server = mockApi();
  });
  afterEach(() => server.restore());

  it('lists the CRM and Operations entries under their headings, customers where they were', async () => {
    server.on(`GET /api/workspaces/${ids.workspace}`, { status: 200, body: workspace('viewer') });
    renderRoute(<Sidebar workspaceId={ids.workspace} />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const crm = await within(nav).findByRole('list', { name: 'CRM' });
    expect(
      within(crm)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Employees', 'Suppliers', 'Professionals', 'Projects', 'Tasks', 'My tasks']);
    expect(within(crm).getByRole('link', { name: 'Employees' })).toHaveAttribute('href', `/w/${ids.workspace}/employees`);
    const operations = within(nav).getByRole('list', { name: 'Operations' });
    expect(
      within(operations)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Plants', 'Materials', 'Batches', 'Equipment']);
    expect(within(nav).getByRole('link', { name: 'Customers' })).toHaveAttribute('href', `/w/${ids.workspace}/customers`);
    expect(within(crm).queryByRole('link', { name: 'Customers' })).not.toBeInTheDocument();
  });
});
