import type { ReactNode, RefObject } from 'react';
import { Button } from './button';
import { Dialog, DialogActions, DialogClose } from './dialog';
import { FormError } from './form-error';

/** "Are you sure?" for a destructive action, showing the server's error if it fails. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = 'Cancel',
  pendingLabel,
  onConfirm,
  pending,
  error,
  children,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  /** The button that closes it without acting (default "Cancel"); say what it keeps, e.g. "Keep it". */
  cancelLabel?: string;
  pendingLabel?: string;
  onConfirm: () => void;
  pending: boolean;
  error?: string | null;
  children?: ReactNode;
  /** Where focus goes on close when the opener may be gone (e.g. the removed row's button). */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description} returnFocusTo={returnFocusTo}>
      {children}
      <FormError message={error} />
      <DialogActions>
        <DialogClose asChild>
          <Button variant="secondary">{cancelLabel}</Button>
        </DialogClose>
        <Button variant="danger" onClick={onConfirm} disabled={pending}>
          {pending ? (pendingLabel ?? `${confirmLabel}…`) : confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
