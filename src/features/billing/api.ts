// The workspace's own plan (API.md: Commerce, billing): read it, and open Stripe Checkout or the customer portal.
import { queryOptions, useMutation } from '@tanstack/react-query';
import { call } from '@/lib/api-client';
import { billingKeys } from './keys';
import { leaveFor } from './leave-for';

export const billingQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: billingKeys.plan(wid),
    queryFn: ({ signal }) => call('billing.getBilling', { params: { wid }, signal }),
  });

/** Leaves the app for Stripe: Checkout to upgrade, or the portal to change or cancel the subscription. */
export function useOpenStripe(wid: string) {
  return useMutation({
    mutationFn: (where: 'checkout' | 'portal') =>
      where === 'checkout' ? call('billing.startCheckout', { params: { wid } }) : call('billing.openPortal', { params: { wid } }),
    onSuccess: ({ url }) => leaveFor(url),
  });
}
