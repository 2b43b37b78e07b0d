// Billing after the first paint (src/lib/feature.ts): seats count members and invitations, so member changes
// refresh it; and its palette action.
import { defineDeferredFeature, type WorkspaceContext } from '@/lib/feature';
import { billingKeys } from './keys';

const refresh = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: billingKeys.all(wid) });

export default defineDeferredFeature({
  realtime: {
    events: { 'member.updated': refresh, 'member.removed': refresh },
    resync: billingKeys.all,
  },
  commands: [
    {
      id: 'billing.open',
      label: 'Billing and plan',
      keywords: ['plan', 'subscription', 'upgrade', 'seats', 'pro'],
      scope: 'workspace',
      href: ({ wid }) => `/w/${wid}/settings/billing`,
    },
  ],
});
