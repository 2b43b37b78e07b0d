// The activity log as the shell sees it: an admin-only page and sidebar entry. Its palette action loads after the
// first paint (./deferred.ts).
import { Activity } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const ActivityPage = lazyPage(() => import('./pages/activity-page'), 'ActivityPage');

export const activityFeature = defineFeature({
  id: 'activity',
  routes: [{ mount: 'workspace', path: 'activity', page: ActivityPage }],
  nav: [{ area: 'workspace', path: 'activity', label: 'Activity', icon: Activity, order: 80, minRole: 'admin', prefetch: () => void ActivityPage.preload() }],
  deferred: () => import('./deferred'),
});
