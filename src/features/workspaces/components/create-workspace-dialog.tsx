import { useState, type FormEvent, type RefObject } from 'react';
import { useNavigate } from 'react-router';
import { createWorkspaceBodySchema } from '../../../../contracts/workspaces';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCreateWorkspace } from '../api';

const FIELDS = ['name'] as const;

/** "Create workspace": a name, then straight into the new workspace (the caller is its owner). */
export function CreateWorkspaceDialog({
  open,
  onOpenChange,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const create = useCreateWorkspace();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FormErrors<'name'>>(noFormErrors);

  function change(next: boolean) {
    if (!next) {
      setName('');
      setErrors(noFormErrors);
      create.reset();
    }
    onOpenChange(next);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createWorkspaceBodySchema.safeParse({ name });
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    create.mutate(parsed.data, {
      onSuccess: (workspace) => {
        change(false);
        navigate(`/w/${workspace.id}`);
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={change}
      title="Create workspace"
      description="A workspace holds one business's inbox, customers and team. You will be its owner."
      returnFocusTo={returnFocusTo}
    >
      <form noValidate onSubmit={submit} className="space-y-4">
        <FormError message={errors.form} />
        <TextField label="Workspace name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} autoFocus maxLength={100} />
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create workspace'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
