// The activity log as the shell sees it: an admin-only page and sidebar entry.
import { Activity } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const ActivityPage = lazyPage(() => import('./pages/activity-page'), 'ActivityPage');

export const activityFeature = defineFeature({
  id: 'activity',
  routes: [{ mount: 'workspace', path: 'activity', page: ActivityPage }],
  nav: [{ area: 'workspace', path: 'activity', label: 'Activity', icon: Activity, order: 80, minRole: 'admin', prefetch: () => void ActivityPage.preload() }],
  commands: [
    {
      id: 'activity.open',
      label: 'Go to activity',
      keywords: ['log', 'audit', 'history'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/activity`,
    },
  ],
});
