// The dashboard after the first paint (src/lib/feature.ts): conversation and message events refresh its figures;
// its palette action.
import { defineDeferredFeature, type WorkspaceContext } from '@/lib/feature';
import { dashboardKeys } from './keys';

const refresh = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: dashboardKeys.all(wid) });

export default defineDeferredFeature({
  realtime: {
    events: { 'conversation.created': refresh, 'conversation.updated': refresh, 'message.created': refresh },
    resync: dashboardKeys.all,
  },
  commands: [{ id: 'dashboard.open', label: 'Go to dashboard', keywords: ['overview', 'home'], scope: 'workspace', href: ({ wid }) => `/w/${wid}` }],
});
