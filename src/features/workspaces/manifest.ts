// Workspaces as the shell sees them: the home page (pick or create a workspace), a workspace's settings and its
// sidebar entry. The live member lists (member.updated, member.removed) and the palette actions load after the
// first paint (./deferred.ts).
import { Settings } from 'lucide-react';
import { defineFeature, lazyPage } from '@/lib/feature';

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
  deferred: () => import('./deferred'),
});
