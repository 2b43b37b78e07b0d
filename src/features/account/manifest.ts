// The user's own settings as the shell sees them: a page outside any workspace and the sidebar's account entry.
// Its palette action loads after the first paint (./deferred.ts).
import { UserRound } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const AccountSettingsPage = lazyPage(() => import('./pages/account-settings-page'), 'AccountSettingsPage');

export const accountFeature = defineFeature({
  id: 'account',
  routes: [{ mount: 'app', path: 'settings/account', page: AccountSettingsPage }],
  nav: [
    { area: 'account', path: '/settings/account', label: 'Account settings', icon: UserRound, order: 0, prefetch: () => void AccountSettingsPage.preload() },
  ],
  deferred: () => import('./deferred'),
});
