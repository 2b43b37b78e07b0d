// How a Stripe PaymentIntent maps to a payment's status, and the order in which statuses may replace each
// other. Stripe delivers events in any order and more than once, so a status only ever moves forward along
// this rank (a late `processing` never overwrites `succeeded`): the final state is the same whatever order
// the events arrive in.
import type Stripe from 'stripe';
import type { PaymentStatus } from '../../../contracts/orders.js';

export const STATUS_RANK: Record<PaymentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 0,
  requires_action: 1,
  failed: 1,
  processing: 2,
  canceled: 3,
  succeeded: 4,
};

/** SQL of a status column's rank (for conditional UPDATEs). */
export const rankSql = (column: string) =>
  `(case ${column} ${Object.entries(STATUS_RANK)
    .map(([status, rank]) => `when '${status}' then ${rank}`)
    .join(' ')} else 0 end)`;

/** A PaymentIntent's status as the payment shows it: a declined attempt waiting for a new method is `failed`. */
export function intentStatus(intent: Pick<Stripe.PaymentIntent, 'status' | 'last_payment_error'>): PaymentStatus {
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) return 'failed';
  if (intent.status === 'requires_capture') return 'processing';
  return intent.status as PaymentStatus;
}

/** The URL where the customer completes 3-D Secure, when the intent needs it. */
export function nextActionUrl(intent: Pick<Stripe.PaymentIntent, 'next_action'>): string | null {
  return intent.next_action?.redirect_to_url?.url ?? null;
}
