// An order's money: what was paid and refunded, a payment link to send the customer for the rest, each payment
// attempt (with Refund for admins on succeeded ones) and the payment timeline, every Stripe event about the
// order's payments, oldest first.
import { useQuery } from '@tanstack/react-query';
import { Check, Copy, Link as LinkIcon } from 'lucide-react';
import { useState } from 'react';
import type { Order, Payment, PaymentEvent } from '../../../../contracts/orders';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { LoadingBlock } from '@/components/spinner';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { orderPaymentsQueryOptions, useCreatePaymentLink } from '../api';
import { describePaymentEvent, PAYMENT_LABELS, PAYMENT_STATUS_LABELS, type Tone } from '../labels';
import { formatMoney } from '@/lib/money';
import { RefundDialog } from './refund-dialog';
import { StatusBadge } from './status-badge';

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

export function PaymentPanel({ wid, order, canTakePayment, canRefund }: { wid: string; order: Order; canTakePayment: boolean; canRefund: boolean }) {
  const payments = useQuery(orderPaymentsQueryOptions(wid, order.id));
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const due = Math.max(0, order.total - order.amountPaid);
  const money = (amount: number) => formatMoney(amount, order.currency);
  const status = PAYMENT_STATUS_LABELS[order.paymentStatus];
  const open = order.status !== 'cancelled';
  const paymentLink = usePaymentLink(wid, order.id);

  return (
    <section aria-labelledby="payment-heading" className="rounded-lg border border-border bg-surface">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-3">
        <div className="flex items-center gap-2">
          <h2 id="payment-heading" className="text-sm font-semibold">
            Payment
          </h2>
          <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        </div>
        {canTakePayment && open && due > 0 ? (
          <Button size="sm" disabled={paymentLink.link.isPending} onClick={paymentLink.create}>
            <LinkIcon aria-hidden className="size-3.5" />
            {paymentLink.link.isPending ? 'Creating link…' : 'Copy payment link'}
          </Button>
        ) : null}
      </header>
      <div className="space-y-5 p-4">
        <dl className="grid grid-cols-3 gap-3 text-sm">
          <Amount label="Paid" value={money(order.amountPaid)} />
          <Amount label="Refunded" value={money(order.amountRefunded)} />
          <Amount label={open ? 'Due' : 'Unpaid'} value={money(due)} strong={due > 0 && open} />
        </dl>
        <PaymentLink orderId={order.id} state={paymentLink} />

        {payments.isPending ? (
          <LoadingBlock label="Loading payments" />
        ) : payments.isError ? (
          <div className="flex items-center justify-between gap-3 text-sm">
            <FormError message={`Could not load the payments: ${errorMessage(payments.error)}`} />
            <Button size="sm" onClick={() => payments.refetch()}>
              Try again
            </Button>
          </div>
        ) : (
          <>
            <Payments payments={payments.data.payments} canRefund={canRefund} onRefund={setRefunding} />
            <Timeline events={payments.data.events} currency={order.currency} />
          </>
        )}
      </div>
      {canRefund ? <RefundDialog wid={wid} orderId={order.id} payment={refunding} onOpenChange={(next) => !next && setRefunding(null)} /> : null}
    </section>
  );
}

function Amount({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className="rounded-md bg-subtle px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className={cx('tabular-nums', strong ? 'font-semibold' : 'font-medium')}>{value}</dd>
    </div>
  );
}

/** "Copy payment link": a Stripe Checkout link for what is due, copied and shown (to copy by hand if the clipboard refuses). */
function usePaymentLink(wid: string, orderId: string) {
  const link = useCreatePaymentLink(wid, orderId);
  const [copied, setCopied] = useState(false);
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const create = () => {
    setCopied(false);
    link.mutate(undefined, { onSuccess: ({ url }) => void copy(url) });
  };
  return { link, copied, copy, create };
}

function PaymentLink({ orderId, state }: { orderId: string; state: ReturnType<typeof usePaymentLink> }) {
  const { link, copied, copy } = state;
  if (link.isError) return <FormError message={errorMessage(link.error)} />;
  if (!link.data) return null;
  const url = link.data.url;
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md border border-border bg-subtle px-3 py-2">
      <label className="text-xs font-medium" htmlFor={`payment-link-${orderId}`}>
        Payment link
      </label>
      <input
        id={`payment-link-${orderId}`}
        readOnly
        value={url}
        onFocus={(e) => e.currentTarget.select()}
        className={cx(inputClass, 'h-7 min-w-0 flex-1 font-mono text-xs')}
      />
      <Button size="sm" onClick={() => void copy(url)}>
        {copied ? <Check aria-hidden className="size-3.5 text-success" /> : <Copy aria-hidden className="size-3.5" />}
        Copy
      </Button>
      <span role="status" className="w-full text-xs text-muted">
        {copied ? 'Copied. Send it to the customer: it pays what is due.' : 'Copy it and send it to the customer: it pays what is due.'}
      </span>
    </div>
  );
}

function Payments({ payments, canRefund, onRefund }: { payments: Payment[]; canRefund: boolean; onRefund: (payment: Payment) => void }) {
  if (payments.length === 0) return <p className="text-sm text-muted">No payment yet. Send the customer a payment link to collect it.</p>;
  return (
    <div>
      <h3 className="mb-2 text-xs font-medium text-muted">Payments</h3>
      <ul className="divide-y divide-border rounded-md border border-border">
        {payments.map((payment) => {
          const state = PAYMENT_LABELS[payment.status];
          const refundable = payment.status === 'succeeded' && payment.amountRefunded < payment.amount;
          return (
            <li key={payment.id} data-testid="payment" className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <span className="font-medium tabular-nums">{formatMoney(payment.amount, payment.currency)}</span>
              <StatusBadge tone={state.tone}>{state.label}</StatusBadge>
              {payment.amountRefunded > 0 ? <span className="text-xs text-muted">{formatMoney(payment.amountRefunded, payment.currency)} refunded</span> : null}
              <span className="text-xs text-muted">{timeFormat.format(new Date(payment.createdAt))}</span>
              {payment.lastError ? <span className="w-full text-xs text-danger">{payment.lastError}</span> : null}
              {canRefund && refundable ? (
                <Button
                  size="sm"
                  className="ml-auto"
                  onClick={() => onRefund(payment)}
                  aria-label={`Refund the ${formatMoney(payment.amount, payment.currency)} payment`}
                >
                  Refund
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

const DOT: Record<Tone, string> = {
  neutral: 'bg-border-strong',
  info: 'bg-accent',
  success: 'bg-success',
  warning: 'bg-warning-soft-fg',
  danger: 'bg-danger',
};

function Timeline({ events, currency }: { events: PaymentEvent[]; currency: string }) {
  return (
    <div>
      <h3 className="mb-2 text-xs font-medium text-muted">Payment timeline</h3>
      {events.length === 0 ? (
        <p className="text-sm text-muted">Nothing has happened with payments yet.</p>
      ) : (
        <ol aria-label="Payment timeline" className="relative space-y-3 border-l border-border pl-4">
          {events.map((event) => {
            const { label, tone } = describePaymentEvent(event);
            return (
              <li key={event.id} data-testid="payment-event" className="relative">
                <span aria-hidden className={cx('absolute top-1.5 -left-[21px] size-2.5 rounded-full ring-2 ring-surface', DOT[tone])} />
                <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <span className={cx('text-sm', tone === 'danger' && 'text-danger')}>{label}</span>
                  {event.amount !== null ? <span className="text-sm tabular-nums">{formatMoney(event.amount, currency)}</span> : null}
                </div>
                <time dateTime={event.createdAt} className="text-xs text-muted">
                  {timeFormat.format(new Date(event.createdAt))}
                </time>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
