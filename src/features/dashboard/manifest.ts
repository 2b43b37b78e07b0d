// The dashboard as the shell sees it: the workspace's index page, first in the sidebar, and live figures
// (conversation and message events refresh them).
import { LayoutDashboard } from 'lucide-react';
import { defineFeature, lazyPage, type WorkspaceContext } from '@/lib/feature';
import { dashboardKeys } from './keys';

const DashboardPage = lazyPage(() => import('./pages/dashboard-page'), 'DashboardPage');

const refresh = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: dashboardKeys.all(wid) });

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
  realtime: {
    events: { 'conversation.created': refresh, 'conversation.updated': refresh, 'message.created': refresh },
    resync: dashboardKeys.all,
  },
  commands: [{ id: 'dashboard.open', label: 'Go to dashboard', keywords: ['overview', 'home'], scope: 'workspace', href: ({ wid }) => `/w/${wid}` }],
});
