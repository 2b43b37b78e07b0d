// Where a customer lands after paying an order's payment link (Stripe Checkout's success and cancel URLs): a
// public page, for people who are not Switchboard users, that needs no API call.
import { defineFeature, lazyPage } from '@/lib/feature';

const PaymentCompletePage = lazyPage(() => import('./pages/payment-complete-page'), 'PaymentCompletePage');

export const checkoutReturnFeature = defineFeature({
  id: 'checkout-return',
  routes: [{ mount: 'public', path: '/payment-complete', page: PaymentCompletePage }],
});
