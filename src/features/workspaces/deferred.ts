// Workspaces after the first paint (src/lib/feature.ts): live member lists, and the palette actions.
import { defineDeferredFeature } from '@/lib/feature';
import { workspaceKeys } from '@/lib/workspace-keys';

export default defineDeferredFeature({
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
    {
      id: 'workspaces.invite',
      label: 'Invite a member',
      keywords: ['team', 'add', 'member', 'invitation', 'colleague'],
      scope: 'workspace',
      minRole: 'admin',
      href: ({ wid }) => `/w/${wid}/settings?invite=1`,
    },
    { id: 'workspaces.all', label: 'All workspaces', keywords: ['switch'], scope: 'app', href: '/' },
  ],
});
