import { QueryClient } from '@tanstack/react-query';
import { Inbox, Settings, UserRound } from 'lucide-react';
import { describe, expect, it, vi } from 'vitest';
import { defineFeature, lazyPage } from '@/lib/feature';
import { mockApi } from '@/test/mock-api';
import { navFor, routesFor } from './compose-features';
import { loadDeferredFeatures } from './deferred-features';
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
  }),
  defineFeature({
    id: 'two',
    routes: [{ mount: 'workspace', index: true, page }],
    nav: [{ area: 'workspace', path: '', end: true, label: 'Two', icon: Inbox, order: 10 }],
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
});

describe("the app's feature list", () => {
  it('has unique feature ids, command ids, and paths per mount', async () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(features.map((f) => f.id));
    unique((await loadDeferredFeatures(features)).flatMap((f) => f.commands ?? []).map((c) => c.id));
    for (const mount of ['public', 'guest', 'app', 'workspace', 'settings'] as const)
      unique(routesFor(features, mount).map((r) => (r.index ? '(index)' : r.path!)));
  });

  it('keeps realtime handlers and palette actions out of the manifests (the first load), in the parts loaded later', async () => {
    const firstPaint = new Set(['id', 'routes', 'nav', 'panels', 'deferred']);
    for (const feature of features)
      expect(
        Object.keys(feature).filter((key) => !firstPaint.has(key)),
        feature.id,
      ).toEqual([]);
    const loaded = await loadDeferredFeatures(features);
    expect(loaded.map((f) => f.id)).toEqual(features.map((f) => f.id));
    const handling = loaded.filter((f) => Object.keys(f.realtime?.events ?? {}).length > 0).map((f) => f.id);
    expect(handling).toEqual(expect.arrayContaining(['inbox', 'customers', 'dashboard', 'workspaces', 'orders', 'products', 'kanban', 'crm', 'operations']));
    expect(loaded.flatMap((f) => f.commands ?? []).map((c) => c.id)).toEqual(
      expect.arrayContaining(['inbox.open', 'auth.signOut', 'employees.new', 'batches.open']),
    );
  });

  it("keeps each feature's workspace data under ['w', wid, <feature id>], so a resync refetches only that", async () => {
    const withResync = (await loadDeferredFeatures(features)).filter((f) => f.realtime?.resync);
    expect(withResync.map((f) => f.id)).toEqual(expect.arrayContaining(['inbox', 'customers', 'dashboard', 'workspaces']));
    for (const feature of withResync) expect(feature.realtime!.resync!('w1').slice(0, 3)).toEqual(['w', 'w1', feature.id]);
  });

  it('serves /docs publicly and the sign-in pages to guests', () => {
    expect(routesFor(features, 'public').map((r) => r.path)).toContain('/docs');
    expect(routesFor(features, 'guest').map((r) => r.path)).toEqual(expect.arrayContaining(['/sign-in', '/register']));
  });

  it('shows a viewer the workspace sections without Activity, and an admin with it, CRM, Operations and Analytics under their headings', () => {
    const sidebar = (role: 'viewer' | 'admin') =>
      navGroups(navFor(features, 'workspace', role)).map((g) => [g.section?.label ?? null, g.entries.map((e) => e.label)]);
    const crm = ['CRM', ['Employees', 'Suppliers', 'Professionals', 'Projects', 'Tasks', 'My tasks']];
    const operations = ['Operations', ['Plants', 'Materials', 'Batches', 'Equipment']];
    const analytics = ['Analytics', ['Services']];
    expect(sidebar('viewer')).toEqual([
      [null, ['Dashboard', 'Inbox', 'Customers', 'Orders', 'Products', 'Forms']],
      crm,
      operations,
      analytics,
      [null, ['Workspace settings']],
    ]);
    expect(sidebar('admin')).toEqual([
      [null, ['Dashboard', 'Inbox', 'Customers', 'Orders', 'Products', 'Forms']],
      crm,
      operations,
      analytics,
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
