import type { Customer } from '../../../../contracts/customers';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { errorMessage } from '@/lib/api-error';
import { useDeleteCustomer } from '../api';

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
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) remove.reset();
        onOpenChange(next);
      }}
      title="Delete customer?"
      description={customer ? `${customer.name} will be deleted. This cannot be undone.` : undefined}
      confirmLabel="Delete customer"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.isError ? errorMessage(remove.error) : null}
      onConfirm={() => {
        if (!customer) return;
        remove.mutate(customer.id, {
          onSuccess: () => {
            onOpenChange(false);
            onDeleted?.();
          },
        });
      }}
    />
  );
}
