// The dashboard as the shell sees it: the workspace's index page, first in the sidebar. Its live figures
// (conversation and message events refresh them) and palette action load after the first paint (./deferred.ts).
import { LayoutDashboard } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const DashboardPage = lazyPage(() => import('./pages/dashboard-page'), 'DashboardPage');

export const dashboardFeature = defineFeature({
  id: 'dashboard',
  routes: [{ mount: 'workspace', index: true, page: DashboardPage }],
  nav: [
    {
      area: 'workspace',
      path: '',
      end: true,
      label: 'Dashboard',
      icon: LayoutDashboard,
      order: 0,
      prefetch: (context) => {
        void DashboardPage.preload();
        void import('./api').then(({ dashboardStatsQueryOptions }) => context.queryClient.prefetchQuery(dashboardStatsQueryOptions(context.wid)));
      },
    },
  ],
  deferred: () => import('./deferred'),
});
