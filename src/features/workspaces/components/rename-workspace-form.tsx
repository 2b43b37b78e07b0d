import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { updateWorkspaceBodySchema, type Workspace } from '../../../../contracts/workspaces';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useRenameWorkspace } from '../api';
import { canRenameWorkspace } from '../permissions';

const FIELDS = ['name'] as const;

/** The workspace's name: a form for admins and owners, plain text for everyone else. */
export function RenameWorkspaceForm({ workspace }: { workspace: Workspace }) {
  const rename = useRenameWorkspace(workspace.id);
  const [name, setName] = useState(workspace.name);
  const [errors, setErrors] = useState<FormErrors<'name'>>(noFormErrors);

  if (!canRenameWorkspace(workspace.role)) {
    return (
      <dl>
        <dt className="text-xs font-medium text-muted">Workspace name</dt>
        <dd className="mt-1">{workspace.name}</dd>
      </dl>
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = updateWorkspaceBodySchema.safeParse({ name });
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    rename.mutate(parsed.data, {
      onSuccess: (updated) => {
        setName(updated.name);
        toast.success('Workspace renamed');
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  const unchanged = name.trim() === workspace.name;
  return (
    <form noValidate onSubmit={submit} className="space-y-3">
      <FormError message={errors.form} />
      <div className="flex items-end gap-2">
        <TextField
          label="Workspace name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          maxLength={100}
          className="max-w-sm flex-1"
        />
        <Button type="submit" variant="primary" disabled={rename.isPending || unchanged} className={errors.fields.name ? 'mb-5' : ''}>
          {rename.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  );
}
