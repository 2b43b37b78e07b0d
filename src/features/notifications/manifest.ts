// Notifications as the shell sees them: the settings page and its entry in the account area. The bell lives in
// the top bar (src/app/top-bar.tsx), the Inbox badge in the sidebar.
import { BellRing } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const NotificationSettingsPage = lazyPage(() => import('./pages/notification-settings-page'), 'NotificationSettingsPage');

export const notificationsFeature = defineFeature({
  id: 'notifications',
  routes: [{ mount: 'app', path: 'settings/notifications', page: NotificationSettingsPage }],
  nav: [
    {
      area: 'account',
      path: '/settings/notifications',
      label: 'Notifications',
      icon: BellRing,
      order: 1,
      prefetch: () => void NotificationSettingsPage.preload(),
    },
  ],
});
