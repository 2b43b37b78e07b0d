// The electronic signature of a release or a rejection: the signed-in member signs with their own password and
// what the signature means (preset, editable), and the produced quantity (required on release). The rule that
// someone other than the starter signs is said up front; the server's refusals land on the field they concern.
import { useId, useState, type FormEvent } from 'react';
import type { TransitionBody } from '../../../../contracts/operations';
import { Button } from '@/components/button';
import { Dialog, DialogActions } from '@/components/dialog';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';

export interface SignatureDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  to: 'released' | 'rejected';
  batch: { code: string; product: string; plannedQuantity: number; unit: string };
  signer: { name: string; email: string };
  starterName: string | null;
  onSign: (body: TransitionBody) => Promise<unknown>;
}

export function SignatureDialog({ open, onOpenChange, ...rest }: SignatureDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`${rest.to === 'released' ? 'Release' : 'Reject'} ${rest.batch.code}`}
      description="An electronic signature: it is kept in the batch history with your name, the time and what it means."
    >
      {open ? <SignatureForm {...rest} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function SignatureForm({ to, batch, signer, starterName, onSign, onDone }: Omit<SignatureDialogProps, 'open' | 'onOpenChange'> & { onDone: () => void }) {
  const releasing = to === 'released';
  const [password, setPassword] = useState('');
  const [meaning, setMeaning] = useState(releasing ? 'Approved for release' : 'Rejected');
  const [quantity, setQuantity] = useState(releasing ? String(batch.plannedQuantity) : '');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ password?: string; meaning?: string; producedQuantity?: string; form?: string }>({});
  const [pending, setPending] = useState(false);
  const ruleId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: typeof errors = {};
    if (!password) local.password = 'Enter your password';
    if (!meaning.trim()) local.meaning = 'Say what the signature means';
    const produced = quantity.trim() === '' ? undefined : Number(quantity);
    if (releasing && produced === undefined) local.producedQuantity = 'Enter the quantity produced';
    else if (produced !== undefined && (!Number.isInteger(produced) || produced < 0)) local.producedQuantity = 'Use a whole number, 0 or more';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setPending(true);
    try {
      await onSign({
        to,
        ...(produced !== undefined ? { producedQuantity: produced } : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        signature: { password, meaning: meaning.trim() },
      });
      onDone();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setPassword('');
      setErrors({
        password: fields['signature.password'],
        meaning: fields['signature.meaning'],
        producedQuantity: fields.producedQuantity,
        form: fields['signature.password'] ? undefined : errorMessage(error),
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-describedby={ruleId}>
      <p id={ruleId} className="text-sm text-muted">
        Signing as <strong className="text-fg">{signer.name}</strong> ({signer.email}). The batch must be signed by a member other than the one who started it
        {starterName ? ` (${starterName})` : ''}.
      </p>
      <p className="text-sm">
        {batch.product} · {batch.code}
      </p>
      <TextField
        label={releasing ? 'Produced quantity' : 'Produced quantity (optional)'}
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
        hint={batch.unit}
        error={errors.producedQuantity}
      />
      <TextField label="Meaning" value={meaning} maxLength={200} onChange={(e) => setMeaning(e.target.value)} error={errors.meaning} />
      <TextField label="Reason (optional)" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      <TextField
        label="Your password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
      />
      {errors.form ? (
        <p role="alert" className="text-sm text-danger">
          {errors.form}
        </p>
      ) : null}
      <DialogActions>
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant={releasing ? 'primary' : 'danger'} disabled={pending}>
          {pending ? 'Signing…' : releasing ? 'Sign and release' : 'Sign and reject'}
        </Button>
      </DialogActions>
    </form>
  );
}
