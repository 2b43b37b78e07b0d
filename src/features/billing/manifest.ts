// Billing as the shell sees it: the Billing tab of the workspace settings. Its realtime handlers and palette
// action load after the first paint (./deferred.ts).
import { defineFeature, lazyPage } from '@/lib/feature';

const BillingPage = lazyPage(() => import('./pages/billing-page'), 'BillingPage');

export const billingFeature = defineFeature({
  id: 'billing',
  routes: [{ mount: 'settings', path: 'billing', page: BillingPage, tab: { label: 'Billing', order: 10 } }],
  deferred: () => import('./deferred'),
});
