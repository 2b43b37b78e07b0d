import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Role } from '../../contracts/roles';
import { defineFeature, lazyPage, type FeatureManifest } from '@/lib/feature';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { settingsTabsFor } from './compose-features';
import { SettingsLayout } from './settings-layout';

const page = (text: string) => lazyPage(async () => ({ Page: () => <p>{text}</p> }), 'Page');

const features: FeatureManifest[] = [
  defineFeature({ id: 'general', routes: [{ mount: 'workspace', path: 'settings', page: page('General settings') }] }),
  defineFeature({
    id: 'billing',
    routes: [{ mount: 'settings', path: 'billing', page: page('Billing settings'), tab: { label: 'Billing', order: 10 } }],
  }),
  defineFeature({
    id: 'webhooks',
    routes: [{ mount: 'settings', path: 'webhooks', page: page('Webhook settings'), tab: { label: 'Webhooks', order: 5, minRole: 'admin' } }],
  }),
  defineFeature({ id: 'hidden', routes: [{ mount: 'settings', path: 'secret', page: page('Untabbed') }] }),
];

let server: MockApi;
beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

function renderAt(path: string, role: Role) {
  server.on(`GET /api/workspaces/${ids.workspace}`, { status: 200, body: workspace(role) });
  const Billing = features[1]!.routes![0]!.page;
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="w/:wid">
            <Route path="settings" element={<SettingsLayout features={features} />}>
              <Route path="billing" element={<Billing />} />
            </Route>
          </Route>
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('workspace settings tabs', () => {
  it('lists the tabs features contribute after General, in order, for the roles that may see them', () => {
    expect(settingsTabsFor(features, 'agent').map((t) => [t.label, t.path])).toEqual([['Billing', 'billing']]);
    expect(settingsTabsFor(features, 'admin').map((t) => [t.label, t.path])).toEqual([
      ['Webhooks', 'webhooks'],
      ['Billing', 'billing'],
    ]);
  });

  it('shows the tab bar above the open tab, marking it as the current page', async () => {
    renderAt(`/w/${ids.workspace}/settings/billing`, 'owner');
    expect(await screen.findByText('Billing settings')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Settings sections' });
    await within(nav).findByRole('link', { name: 'Webhooks' }); // once the role has loaded
    const links = within(nav).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['General', `/w/${ids.workspace}/settings`],
      ['Webhooks', `/w/${ids.workspace}/settings/webhooks`],
      ['Billing', `/w/${ids.workspace}/settings/billing`],
    ]);
    expect(within(nav).getByRole('link', { name: 'Billing' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'General' })).not.toHaveAttribute('aria-current');
  });
});
