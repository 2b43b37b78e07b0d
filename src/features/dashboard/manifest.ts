// Dashboards as the shell sees them: the workspace's index page (its default dashboard), every other dashboard at
// /w/:wid/dashboards/:dashboardId, and a shared dashboard's public page at /d/:token (anyone, outside the app
// frame). The charts, the editor and the share dialog load with the pages that use them; live refresh and the
// palette action load after the first paint (./deferred.ts).
import { LayoutDashboard } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

const DashboardPage = lazyPage(() => import('./pages/dashboard-page'), 'DashboardPage');
const SharedDashboardPage = lazyPage(() => import('./pages/shared-dashboard-page'), 'SharedDashboardPage');

export const dashboardFeature = defineFeature({
  id: 'dashboard',
  routes: [
    { mount: 'workspace', index: true, page: DashboardPage },
    { mount: 'workspace', path: 'dashboards/:dashboardId', page: DashboardPage },
    { mount: 'public', path: '/d/:token', page: SharedDashboardPage },
  ],
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
        void import('./api').then(({ dashboardsQueryOptions }) => context.queryClient.prefetchQuery(dashboardsQueryOptions(context.wid)));
      },
    },
  ],
  deferred: () => import('./deferred'),
});
