// The status moves an order allows (ORDER_TRANSITIONS): Start processing, Complete, and Cancel after confirming
// with an optional reason. A refused move (409: someone else moved it first, or a paid order that needs a refund
// before it can be cancelled) is shown where it happened.
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { ORDER_TRANSITIONS, type Order, type OrderStatus } from '../../../../contracts/orders';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { useSetOrderStatus } from '../api';
import { ORDER_STATUS_LABELS, TRANSITION_LABELS } from '../labels';
import { formatMoney } from '@/lib/money';

export function OrderStatusActions({ wid, order }: { wid: string; order: Order }) {
  const move = useSetOrderStatus(wid, order.id);
  const [cancelling, setCancelling] = useState(false);
  const next = ORDER_TRANSITIONS[order.status];
  if (next.length === 0) return null;

  const go = (status: OrderStatus) =>
    move.mutate(
      { status },
      {
        onSuccess: (saved) => toast.success(`Order #${saved.number} is ${ORDER_STATUS_LABELS[saved.status].label.toLowerCase()}`),
        onError: (error) => toast.error(errorMessage(error)),
      },
    );

  return (
    <div className="flex flex-wrap items-center gap-2">
      {next
        .filter((status) => status !== 'cancelled')
        .map((status) => (
          <Button key={status} variant="primary" disabled={move.isPending} onClick={() => go(status)}>
            {move.isPending && move.variables?.status === status ? 'Saving…' : TRANSITION_LABELS[status]}
          </Button>
        ))}
      {next.includes('cancelled') ? (
        <Button
          disabled={move.isPending}
          onClick={() => {
            move.reset();
            setCancelling(true);
          }}
        >
          {TRANSITION_LABELS.cancelled}
        </Button>
      ) : null}
      <CancelOrderDialog order={order} open={cancelling} onOpenChange={setCancelling} move={move} />
    </div>
  );
}

function CancelOrderDialog({
  order,
  open,
  onOpenChange,
  move,
}: {
  order: Order;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  move: ReturnType<typeof useSetOrderStatus>;
}) {
  const [reason, setReason] = useState('');
  const id = useId();
  const paid = order.amountPaid - order.amountRefunded;
  const failed = move.isError && move.variables?.status === 'cancelled';
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setReason('');
        onOpenChange(next);
      }}
      title={`Cancel order #${order.number}?`}
      description="A cancelled order is final. Tracked stock of its items goes back to the products."
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const trimmed = reason.trim();
          move.mutate({ status: 'cancelled', ...(trimmed ? { reason: trimmed } : {}) }, { onSuccess: () => onOpenChange(false) });
        }}
        className="space-y-3"
      >
        {paid > 0 ? (
          <Notice tone="warning" live={false}>
            {formatMoney(paid, order.currency)} has been paid on this order: refund it before cancelling.
          </Notice>
        ) : null}
        <div className="space-y-1">
          <label htmlFor={id} className="block text-xs font-medium">
            Reason <span className="font-normal text-muted">(optional, kept in the activity log)</span>
          </label>
          <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} rows={2} className={cx(inputClass, 'h-auto py-1.5')} />
        </div>
        <FormError message={failed ? errorMessage(move.error) : null} />
        <DialogActions>
          <DialogClose asChild>
            <Button>Keep order</Button>
          </DialogClose>
          <Button type="submit" variant="danger" disabled={move.isPending}>
            {move.isPending ? 'Cancelling…' : 'Cancel order'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
