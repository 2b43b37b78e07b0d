// Deleting a product, after confirming. A product that is on orders cannot be deleted (409 in_use): the dialog
// says so and offers to deactivate it instead, which keeps it off new orders.
import type { Product } from '../../../../contracts/products';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useDeleteProduct, useUpdateProduct } from '../api';

export function DeleteProductDialog({ wid, product, onOpenChange }: { wid: string; product: Product | null; onOpenChange: (open: boolean) => void }) {
  const remove = useDeleteProduct(wid);
  const update = useUpdateProduct(wid);
  const inUse = remove.error instanceof ApiError && remove.error.code === 'in_use';
  const close = (open: boolean) => {
    if (!open) {
      remove.reset();
      update.reset();
    }
    onOpenChange(open);
  };

  return (
    <Dialog
      open={product !== null}
      onOpenChange={close}
      title={inUse ? 'This product is on orders' : 'Delete product?'}
      description={product ? (inUse ? undefined : `${product.name} (${product.sku}) will be deleted. This cannot be undone.`) : undefined}
    >
      {inUse ? (
        <Notice tone="warning">
          {product?.active
            ? 'This product is on orders: deactivate it instead. It stays on past orders and cannot be ordered again.'
            : 'This product is on orders, so it stays; it is already inactive and cannot be ordered.'}
        </Notice>
      ) : (
        <FormError message={remove.isError ? errorMessage(remove.error) : null} />
      )}
      <FormError message={update.isError ? errorMessage(update.error) : null} />
      <DialogActions>
        <DialogClose asChild>
          <Button>{inUse && !product?.active ? 'Close' : 'Keep product'}</Button>
        </DialogClose>
        {!inUse ? (
          <Button variant="danger" disabled={remove.isPending} onClick={() => product && remove.mutate(product.id, { onSuccess: () => close(false) })}>
            {remove.isPending ? 'Deleting…' : 'Delete product'}
          </Button>
        ) : product?.active ? (
          <Button
            variant="primary"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: product.id, body: { active: false } }, { onSuccess: () => close(false) })}
          >
            {update.isPending ? 'Deactivating…' : 'Deactivate'}
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
