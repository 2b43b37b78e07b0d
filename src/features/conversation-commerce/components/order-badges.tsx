import type { OrderPaymentStatus, OrderStatus } from '../../../../contracts/orders';
import { cx } from '@/lib/cx';

type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

const TONES: Record<Tone, string> = {
  neutral: 'bg-subtle text-muted',
  accent: 'bg-accent-soft text-accent-soft-fg',
  success: 'bg-surface text-success ring-1 ring-success/40 ring-inset',
  warning: 'bg-warning-soft text-warning-soft-fg',
  danger: 'bg-danger-soft text-danger',
};

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
const ORDER_STATUS_TONES: Record<OrderStatus, Tone> = { pending: 'neutral', processing: 'accent', completed: 'success', cancelled: 'neutral' };

export const PAYMENT_STATUS_LABELS: Record<OrderPaymentStatus, string> = {
  unpaid: 'Unpaid',
  processing: 'Payment processing',
  requires_action: 'Needs authentication',
  paid: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  failed: 'Payment failed',
};
const PAYMENT_STATUS_TONES: Record<OrderPaymentStatus, Tone> = {
  unpaid: 'warning',
  processing: 'accent',
  requires_action: 'warning',
  paid: 'success',
  partially_refunded: 'neutral',
  refunded: 'neutral',
  failed: 'danger',
};

function Pill({ tone, children, label }: { tone: Tone; children: string; label: string }) {
  return (
    <span className={cx('inline-flex items-center rounded px-1.5 py-0.5 text-[11px] leading-4 font-medium', TONES[tone])}>
      <span className="sr-only">{label}: </span>
      {children}
    </span>
  );
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Pill tone={ORDER_STATUS_TONES[status]} label="Status">
      {ORDER_STATUS_LABELS[status]}
    </Pill>
  );
}

export function PaymentStatusBadge({ status }: { status: OrderPaymentStatus }) {
  return (
    <Pill tone={PAYMENT_STATUS_TONES[status]} label="Payment">
      {PAYMENT_STATUS_LABELS[status]}
    </Pill>
  );
}
