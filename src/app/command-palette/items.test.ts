import { Box, Inbox } from 'lucide-react';
import { describe, expect, it } from 'vitest';
import type { FeatureManifest } from '@/lib/feature';
import { commandItems, matchScore, pageItems, paletteList, type PaletteItem } from './items';

const page = { preload: async () => undefined } as unknown as NonNullable<FeatureManifest['routes']>[number]['page'];
const sample: FeatureManifest[] = [
  {
    id: 'a',
    nav: [
      { area: 'workspace', path: '', label: 'Dashboard', icon: Inbox, order: 0, end: true },
      { area: 'workspace', path: 'inbox', label: 'Inbox', icon: Inbox, order: 10 },
      { area: 'workspace', path: 'activity', label: 'Activity', icon: Box, order: 80, minRole: 'admin' },
      { area: 'account', path: '/settings/account', label: 'Account settings', icon: Box, order: 0 },
    ],
    routes: [
      { mount: 'settings', path: 'billing', page, tab: { label: 'Billing', order: 10 } },
      { mount: 'settings', path: 'webhooks', page, tab: { label: 'Webhooks', order: 20, minRole: 'admin' } },
    ],
  },
];

const labels = (items: readonly PaletteItem[]) => items.map((item) => item.label);

describe('pageItems', () => {
  it('lists the workspace’s pages, its settings tabs and the account’s, as the role may see them', () => {
    const admin = pageItems(sample, 'w1', 'admin');
    expect(labels(admin)).toEqual(['Dashboard', 'Inbox', 'Activity', 'Settings', 'Billing', 'Webhooks', 'Account settings']);
    expect(admin.find((item) => item.label === 'Dashboard')?.href).toBe('/w/w1');
    expect(admin.find((item) => item.label === 'Inbox')?.href).toBe('/w/w1/inbox');
    expect(admin.find((item) => item.label === 'Webhooks')?.href).toBe('/w/w1/settings/webhooks');
    expect(labels(pageItems(sample, 'w1', 'viewer'))).toEqual(['Dashboard', 'Inbox', 'Settings', 'Billing', 'Account settings']);
  });

  it('outside a workspace, only the account’s pages', () => {
    expect(labels(pageItems(sample, null, undefined))).toEqual(['Account settings']);
  });
});

describe('commandItems', () => {
  it('fills the workspace into an action’s address and drops workspace actions outside one', () => {
    const commands = [
      { id: 'x.open', label: 'Go to x', scope: 'workspace' as const, href: ({ wid }: { wid: string }) => `/w/${wid}/x` },
      { id: 'docs', label: 'Docs', scope: 'app' as const, href: '/docs' },
      { id: 'out', label: 'Sign out', scope: 'app' as const, run: () => undefined },
    ];
    expect(commandItems(commands, 'w1').map((item) => [item.label, item.href ?? 'run'])).toEqual([
      ['Go to x', '/w/w1/x'],
      ['Docs', '/docs'],
      ['Sign out', 'run'],
    ]);
    expect(labels(commandItems(commands, null))).toEqual(['Docs', 'Sign out']);
  });
});

describe('matching', () => {
  const item = (label: string, extra: Partial<PaletteItem> = {}): PaletteItem => ({ id: label, group: 'Pages', label, href: `/${label}`, ...extra });

  it('needs every typed word somewhere in the label, detail or keywords, ignoring case and accents', () => {
    expect(matchScore(item('Unpaid orders', { keywords: ['payments'] }), 'ORD pay')).not.toBeNull();
    expect(matchScore(item('Café menu'), 'cafe')).not.toBeNull();
    expect(matchScore(item('Inbox'), 'orders')).toBeNull();
    expect(matchScore(item('Billing', { detail: 'Settings' }), 'settings bill')).not.toBeNull();
  });

  it('ranks a label that starts with the text over one with a word that does, over any other match', () => {
    const list = paletteList([item('Unpaid orders'), item('My orders list', { keywords: ['x'] }), item('Reorders'), item('Orders')], [], 'orders');
    expect(labels(list)).toEqual(['Orders', 'Unpaid orders', 'My orders list', 'Reorders']);
  });

  it('groups pages, customers, conversations and actions in that order, search results as the server sent them', () => {
    const local = [item('Switch theme: dark', { group: 'Actions', run: () => undefined, href: undefined }), item('Customers')];
    const searched = [item('Zed', { group: 'Customers' }), item('Ann', { group: 'Customers' }), item('#4 Refund', { group: 'Conversations' })];
    expect(labels(paletteList(local, searched, ''))).toEqual(['Customers', 'Zed', 'Ann', '#4 Refund', 'Switch theme: dark']);
  });

  it('shows one item per destination: a page before a feature’s action that goes to the same place', () => {
    const list = paletteList([item('Go to customers', { id: 'a', group: 'Actions', href: '/c' }), item('Customers', { id: 'p', href: '/c' })], [], 'customers');
    expect(list.map((i) => i.id)).toEqual(['p']);
  });
});
