// What orders and payments are called on screen: their statuses, the status moves, and the Stripe events of the
// payment timeline in plain words.
import type { OrderPaymentStatus, OrderStatus, PaymentEvent, PaymentStatus } from '../../../contracts/orders';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export const ORDER_STATUS_LABELS: Record<OrderStatus, { label: string; tone: Tone }> = {
  pending: { label: 'Pending', tone: 'neutral' },
  processing: { label: 'Processing', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
};

export const PAYMENT_STATUS_LABELS: Record<OrderPaymentStatus, { label: string; tone: Tone }> = {
  unpaid: { label: 'Unpaid', tone: 'neutral' },
  processing: { label: 'Payment processing', tone: 'info' },
  requires_action: { label: 'Needs authentication', tone: 'warning' },
  paid: { label: 'Paid', tone: 'success' },
  partially_refunded: { label: 'Partially refunded', tone: 'warning' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  failed: { label: 'Payment failed', tone: 'danger' },
};

/** One payment attempt's state (a Stripe PaymentIntent's). */
export const PAYMENT_LABELS: Record<PaymentStatus, { label: string; tone: Tone }> = {
  requires_payment_method: { label: 'Awaiting payment', tone: 'neutral' },
  requires_confirmation: { label: 'Awaiting confirmation', tone: 'neutral' },
  requires_action: { label: 'Needs authentication', tone: 'warning' },
  processing: { label: 'Processing', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  canceled: { label: 'Canceled', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};

/** The button that moves an order to each status. */
export const TRANSITION_LABELS: Record<OrderStatus, string> = {
  pending: 'Back to pending',
  processing: 'Start processing',
  completed: 'Complete',
  cancelled: 'Cancel order',
};

const EVENT_LABELS: Record<string, { label: string; tone: Tone; withMessage?: boolean }> = {
  'payment_intent.created': { label: 'Payment started', tone: 'neutral' },
  'payment_intent.processing': { label: 'Payment processing', tone: 'info' },
  'payment_intent.requires_action': { label: 'Customer authentication required', tone: 'warning' },
  'payment_intent.succeeded': { label: 'Payment succeeded', tone: 'success' },
  'payment_intent.payment_failed': { label: 'Payment failed', tone: 'danger', withMessage: true },
  'payment_intent.canceled': { label: 'Payment canceled', tone: 'neutral' },
  'payment_intent.amount_capturable_updated': { label: 'Payment authorized', tone: 'info' },
  'charge.succeeded': { label: 'Charge succeeded', tone: 'success' },
  'charge.failed': { label: 'Charge failed', tone: 'danger', withMessage: true },
  'charge.refunded': { label: 'Refunded', tone: 'neutral' },
  'charge.refund.updated': { label: 'Refund updated', tone: 'neutral' },
  'refund.created': { label: 'Refund requested', tone: 'neutral' },
  'refund.updated': { label: 'Refund updated', tone: 'neutral' },
  'refund.failed': { label: 'Refund failed', tone: 'danger', withMessage: true },
  'charge.dispute.created': { label: 'Dispute opened', tone: 'danger', withMessage: true },
  'charge.dispute.closed': { label: 'Dispute closed', tone: 'neutral' },
  'checkout.session.completed': { label: 'Checkout completed', tone: 'success' },
  'checkout.session.expired': { label: 'Payment link expired', tone: 'neutral' },
};

/** "Payment failed: Your card was declined." for payment_intent.payment_failed; the type itself when unknown. */
export function describePaymentEvent(event: Pick<PaymentEvent, 'type' | 'message'>): { label: string; tone: Tone } {
  const known = EVENT_LABELS[event.type];
  if (!known) return { label: event.message ? `${event.type}: ${event.message}` : event.type, tone: 'neutral' };
  return { label: known.withMessage && event.message ? `${known.label}: ${event.message}` : known.label, tone: known.tone };
}
