// Deleting a customer, after confirming. A customer who is the client of projects cannot be deleted (409
// in_use): the dialog shows the server's reason and offers to mark them inactive instead.
import type { Customer } from '../../../../contracts/customers';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useDeleteCustomer, useUpdateCustomer } from '../api';

export function DeleteCustomerDialog({
  wid,
  customer,
  open,
  onOpenChange,
  onDeleted,
}: {
  wid: string;
  customer: Customer | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted?: () => void;
}) {
  const remove = useDeleteCustomer(wid);
  const update = useUpdateCustomer(wid);
  const inUse = remove.error instanceof ApiError && remove.error.code === 'in_use' ? remove.error : null;
  const active = customer?.status === 'active';
  const close = (next: boolean) => {
    if (!next) {
      remove.reset();
      update.reset();
    }
    onOpenChange(next);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={inUse ? 'This customer has projects' : 'Delete customer?'}
      description={customer && !inUse ? `${customer.name} (${customer.code}) will be deleted with their conversations. This cannot be undone.` : undefined}
    >
      {inUse ? (
        <Notice tone="warning">
          {inUse.message}
          {active ? ' Or mark them inactive: they stay on their projects and out of the active list.' : null}
        </Notice>
      ) : (
        <FormError message={remove.isError ? errorMessage(remove.error) : null} />
      )}
      <FormError message={update.isError ? errorMessage(update.error) : null} />
      <DialogActions>
        <DialogClose asChild>
          <Button>{inUse && !active ? 'Close' : 'Keep customer'}</Button>
        </DialogClose>
        {!inUse ? (
          <Button
            variant="danger"
            disabled={remove.isPending || !customer}
            onClick={() =>
              customer &&
              remove.mutate(customer.id, {
                onSuccess: () => {
                  close(false);
                  onDeleted?.();
                },
              })
            }
          >
            {remove.isPending ? 'Deleting…' : 'Delete customer'}
          </Button>
        ) : active && customer ? (
          <Button
            variant="primary"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: customer.id, body: { status: 'inactive' } }, { onSuccess: () => close(false) })}
          >
            {update.isPending ? 'Saving…' : 'Mark inactive'}
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
