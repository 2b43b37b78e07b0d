import { QueryClient } from '@tanstack/react-query';
import { Inbox, Settings, UserRound } from 'lucide-react';
import { describe, expect, it, vi } from 'vitest';
import { defineFeature, lazyPage } from '@/lib/feature';
import { mockApi } from '@/test/mock-api';
import { commandHref, commandsFor, navFor, routesFor } from './compose-features';
import { navGroups } from './sidebar';
import { features } from './features';

const page = lazyPage(async () => ({ Page: () => null }), 'Page');
const sample = [
  defineFeature({
    id: 'one',
    routes: [
      { mount: 'workspace', path: 'one', page },
      { mount: 'public', path: '/one-public', page },
    ],
    nav: [
      { area: 'workspace', path: 'settings', label: 'Settings', icon: Settings, order: 90, minRole: 'admin' },
      { area: 'account', path: '/me', label: 'Me', icon: UserRound, order: 0 },
    ],
    commands: [
      { id: 'one.go', label: 'Go', scope: 'workspace', href: ({ wid }) => `/w/${wid}/one` },
      { id: 'one.admin', label: 'Admin', scope: 'workspace', minRole: 'admin', href: ({ wid }) => `/w/${wid}/admin` },
    ],
  }),
  defineFeature({
    id: 'two',
    routes: [{ mount: 'workspace', index: true, page }],
    nav: [{ area: 'workspace', path: '', end: true, label: 'Two', icon: Inbox, order: 10 }],
    commands: [{ id: 'two.run', label: 'Run', scope: 'app', run: () => {} }],
  }),
];

describe('composing feature manifests', () => {
  it('mounts each route where its manifest says', () => {
    expect(routesFor(sample, 'workspace').map((r) => r.key)).toEqual(['one:one', 'two:(index)']);
    expect(routesFor(sample, 'public').map((r) => r.path)).toEqual(['/one-public']);
    expect(routesFor(sample, 'guest')).toEqual([]);
  });

  it('orders the nav across features and hides entries below their minimum role', () => {
    expect(navFor(sample, 'workspace', 'admin').map((e) => e.label)).toEqual(['Two', 'Settings']);
    expect(navFor(sample, 'workspace', 'agent').map((e) => e.label)).toEqual(['Two']);
    expect(navFor(sample, 'workspace', undefined).map((e) => e.label)).toEqual(['Two']);
    expect(navFor(sample, 'account', undefined).map((e) => e.label)).toEqual(['Me']);
  });

  it('offers workspace actions only inside a workspace and for the role, with the workspace in their links', () => {
    expect(commandsFor(sample, { wid: null, role: undefined }).map((c) => c.id)).toEqual(['two.run']);
    expect(commandsFor(sample, { wid: 'w1', role: 'viewer' }).map((c) => c.id)).toEqual(['one.go', 'two.run']);
    const admin = commandsFor(sample, { wid: 'w1', role: 'owner' });
    expect(admin.map((c) => c.id)).toEqual(['one.go', 'one.admin', 'two.run']);
    expect(admin.map((c) => commandHref(c, 'w1'))).toEqual(['/w/w1/one', '/w/w1/admin', null]);
  });
});

describe("the app's feature list", () => {
  it('has unique feature ids, command ids, and paths per mount', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(features.map((f) => f.id));
    unique(features.flatMap((f) => f.commands ?? []).map((c) => c.id));
    for (const mount of ['public', 'guest', 'app', 'workspace', 'settings'] as const)
      unique(routesFor(features, mount).map((r) => (r.index ? '(index)' : r.path!)));
  });

  it("keeps each feature's workspace data under ['w', wid, <feature id>], so a resync refetches only that", () => {
    const withResync = features.filter((f) => f.realtime?.resync);
    expect(withResync.map((f) => f.id)).toEqual(expect.arrayContaining(['inbox', 'customers', 'dashboard', 'workspaces']));
    for (const feature of withResync) expect(feature.realtime!.resync!('w1').slice(0, 3)).toEqual(['w', 'w1', feature.id]);
  });

  it('serves /docs publicly and the sign-in pages to guests', () => {
    expect(routesFor(features, 'public').map((r) => r.path)).toContain('/docs');
    expect(routesFor(features, 'guest').map((r) => r.path)).toEqual(expect.arrayContaining(['/sign-in', '/register']));
  });

  it('shows a viewer the workspace sections without Activity, and an admin with it, CRM and Operations under their headings', () => {
    const sidebar = (role: 'viewer' | 'admin') =>
      navGroups(navFor(features, 'workspace', role)).map((g) => [g.section?.label ?? null, g.entries.map((e) => e.label)]);
    const crm = ['CRM', ['Employees', 'Suppliers', 'Professionals', 'Projects', 'Tasks', 'My tasks']];
    const operations = ['Operations', ['Plants', 'Materials', 'Batches']];
    expect(sidebar('viewer')).toEqual([
      [null, ['Dashboard', 'Inbox', 'Customers', 'Orders', 'Products', 'Forms']],
      crm,
      operations,
      [null, ['Workspace settings']],
    ]);
    expect(sidebar('admin')).toEqual([
      [null, ['Dashboard', 'Inbox', 'Customers', 'Orders', 'Products', 'Forms']],
      crm,
      operations,
      [null, ['Activity', 'Workspace settings']],
    ]);
  });

  it('warms the inbox from its nav entry into the cache entry the inbox page reads', async () => {
    const server = mockApi();
    try {
      const wid = '00000000-0000-4000-8000-0000000000aa';
      server.on(`GET /api/workspaces/${wid}/conversations`, { status: 200, body: { data: [], nextCursor: null } });
      const queryClient = new QueryClient();
      const inbox = navFor(features, 'workspace', 'viewer').find((e) => e.label === 'Inbox');
      if (inbox?.area !== 'workspace') throw new Error('no inbox entry');
      inbox.prefetch?.({ queryClient, wid });
      // The key the page computes from its URL (no filters: the default view).
      const { conversationListQueryOptions } = await import('@/features/inbox/api/conversations');
      const { readInboxFilters, toApiFilters } = await import('@/features/inbox/inbox-filters');
      const { queryKey } = conversationListQueryOptions(wid, toApiFilters(readInboxFilters(new URLSearchParams())));
      await vi.waitFor(() => expect(queryClient.getQueryData(queryKey)).toEqual({ pages: [{ data: [], nextCursor: null }], pageParams: [null] }));
      expect(server.requests.map((r) => [r.url, r.params])).toEqual([[`/api/workspaces/${wid}/conversations`, { status: 'open', limit: 25 }]]);
    } finally {
      server.restore();
    }
  });
});
