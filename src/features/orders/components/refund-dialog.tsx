// Refunding all or part of a succeeded payment (admins): the amount defaults to what is left to refund; the
// server's refusal (422: more than remains) shows beside the amount.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { Payment } from '../../../../contracts/orders';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { inputClass, TextField } from '@/components/text-field';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useRefundPayment, type RefundReason } from '../api';
import { formatMoney, parseDecimal, toDecimalInput } from '@/lib/money';

const REASONS: Array<{ value: RefundReason; label: string }> = [
  { value: 'requested_by_customer', label: 'Requested by the customer' },
  { value: 'duplicate', label: 'Duplicate payment' },
  { value: 'fraudulent', label: 'Fraudulent' },
];

const FIELDS = ['amount', 'reason', 'note'] as const;
type Field = (typeof FIELDS)[number];

export function RefundDialog({
  wid,
  orderId,
  payment,
  onOpenChange,
}: {
  wid: string;
  orderId: string;
  payment: Payment | null;
  onOpenChange: (open: boolean) => void;
}) {
  const refund = useRefundPayment(wid, orderId);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState<RefundReason | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const ids = useId();
  const remaining = payment ? payment.amount - payment.amountRefunded : 0;

  // Fresh each time it opens for a payment, with one Idempotency-Key for this refund (reused on retry).
  useEffect(() => {
    if (!payment) return;
    setAmount(toDecimalInput(payment.amount - payment.amountRefunded, payment.currency));
    setReason('');
    setNote('');
    setErrors(noFormErrors);
    setIdempotencyKey(crypto.randomUUID());
    refund.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when it opens for a payment
  }, [payment?.id]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!payment) return;
    const minor = parseDecimal(amount, payment.currency);
    if (minor === null || minor < 1) return setErrors({ fields: { amount: 'Enter an amount such as 10.00' }, form: null });
    if (minor > remaining) return setErrors({ fields: { amount: `At most ${formatMoney(remaining, payment.currency)} is left to refund` }, form: null });
    setErrors(noFormErrors);
    refund.mutate(
      { paymentId: payment.id, amount: minor, ...(reason ? { reason } : {}), ...(note.trim() ? { note: note.trim() } : {}), idempotencyKey },
      {
        onSuccess: (result) => {
          toast.success(result.status === 'failed' ? 'The refund failed' : `Refunded ${formatMoney(result.amount, payment.currency)}`);
          onOpenChange(false);
        },
        onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
      },
    );
  }

  return (
    <Dialog
      open={payment !== null}
      onOpenChange={onOpenChange}
      title="Refund payment"
      description={payment ? `${formatMoney(payment.amount, payment.currency)} paid, ${formatMoney(remaining, payment.currency)} left to refund.` : undefined}
    >
      <form noValidate onSubmit={submit} className="space-y-3">
        <FormError message={errors.form} />
        <TextField
          label={`Amount (${payment?.currency.toUpperCase() ?? ''})`}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={errors.fields.amount}
          autoFocus
          autoComplete="off"
        />
        <div className="space-y-1">
          <label htmlFor={`${ids}-reason`} className="block text-xs font-medium">
            Reason
          </label>
          <select id={`${ids}-reason`} value={reason} onChange={(e) => setReason(e.target.value as RefundReason | '')} className={inputClass}>
            <option value="">No reason given</option>
            {REASONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <TextField label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} error={errors.fields.note} maxLength={500} />
        <DialogActions>
          <DialogClose asChild>
            <Button>Don’t refund</Button>
          </DialogClose>
          <Button type="submit" variant="danger" disabled={refund.isPending}>
            {refund.isPending ? 'Refunding…' : 'Refund'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
