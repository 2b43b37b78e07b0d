// Billing as the shell sees it: the Billing tab of the workspace settings and its palette action. Seats count
// members and invitations, so member changes refresh it.
import type { QueryClient } from '@tanstack/react-query';
import { defineFeature, lazyPage } from '@/lib/feature';
import { billingKeys } from './keys';

const BillingPage = lazyPage(() => import('./pages/billing-page'), 'BillingPage');
const refresh = (_payload: unknown, { queryClient, wid }: { queryClient: QueryClient; wid: string }) =>
  void queryClient.invalidateQueries({ queryKey: billingKeys.all(wid) });

export const billingFeature = defineFeature({
  id: 'billing',
  routes: [{ mount: 'settings', path: 'billing', page: BillingPage, tab: { label: 'Billing', order: 10 } }],
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
