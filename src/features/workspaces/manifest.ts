// Workspaces as the shell sees them: the home page (pick or create a workspace), a workspace's settings, and
// live member lists (member.updated, member.removed).
import { Settings } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';
import { workspaceKeys } from '@/lib/workspace-keys';

const HomePage = lazyPage(() => import('./pages/home-page'), 'HomePage');
const WorkspaceSettingsPage = lazyPage(() => import('./pages/workspace-settings-page'), 'WorkspaceSettingsPage');

export const workspacesFeature = defineFeature({
  id: 'workspaces',
  routes: [
    { mount: 'app', index: true, page: HomePage },
    // The settings index (General): its tab bar lists the tabs other features add (billing, …).
    { mount: 'settings', index: true, page: WorkspaceSettingsPage },
  ],
  nav: [
    {
      area: 'workspace',
      path: 'settings',
      label: 'Workspace settings',
      icon: Settings,
      order: 90,
      prefetch: () => void WorkspaceSettingsPage.preload(),
    },
  ],
  realtime: {
    events: {
      'member.updated': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
      'member.removed': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
    },
    resync: workspaceKeys.members,
  },
  commands: [
    {
      id: 'workspaces.settings',
      label: 'Workspace settings',
      keywords: ['members', 'invite', 'rename'],
      scope: 'workspace',
      href: ({ wid }) => `/w/${wid}/settings`,
    },
    { id: 'workspaces.all', label: 'All workspaces', keywords: ['switch'], scope: 'app', href: '/' },
  ],
});
