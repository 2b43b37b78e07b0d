import { useId, useState, type FormEvent, type RefObject } from 'react';
import { API_KEY_SCOPES, createApiKeyBodySchema, type CreatedApiKey } from '../../../../contracts/api-keys';
import type { ApiKeyScope } from '../../../../contracts/endpoint';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCreateApiKey } from '../api';
import { SCOPE_INFO } from '../scopes';

type Field = 'name' | 'scopes';
const FIELDS = ['name', 'scopes'] as const satisfies readonly Field[];

/**
 * The server's refusal as the form shows it: a message beside the field it names (`name`, `scopes.0` → name,
 * scopes), and the message at the top when it names neither (409 at the key limit, 403, 5xx).
 */
export function createErrors(error: unknown): FormErrors<Field> {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const fields: Partial<Record<Field, string>> = {};
  for (const detail of error.details) {
    const field = detail.path.split('.')[0] as Field;
    if (FIELDS.includes(field)) fields[field] ??= detail.message;
  }
  return Object.keys(fields).length > 0 ? { fields, form: null } : { fields: {}, form: error.message };
}

/** "Create key": a name and at least one scope; the created key (with its secret) goes to `onCreated`. */
export function CreateApiKeyDialog({
  wid,
  open,
  onOpenChange,
  onCreated,
  returnFocusTo,
}: {
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (key: CreatedApiKey) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const create = useCreateApiKey(wid);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['read']);
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const scopesErrorId = useId();

  function change(next: boolean) {
    if (!next) {
      setName('');
      setScopes(['read']);
      setErrors(noFormErrors);
      create.reset();
    }
    onOpenChange(next);
  }

  function toggle(scope: ApiKeyScope, on: boolean) {
    // Kept in the contract's order, whatever order they were ticked in.
    setScopes((current) => API_KEY_SCOPES.filter((s) => (s === scope ? on : current.includes(s))));
    if (errors.fields.scopes) setErrors((e) => ({ ...e, fields: { ...e.fields, scopes: undefined } }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = createApiKeyBodySchema.safeParse({ name, scopes });
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    create.mutate(parsed.data, {
      onSuccess: (key) => {
        onCreated(key);
        change(false);
      },
      onError: (error) => setErrors(createErrors(error)),
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={change}
      title="Create API key"
      description="The key acts for you in this workspace, with your role (at most admin) and only within the scopes you choose. It stops working when it is revoked or when you leave the workspace."
      returnFocusTo={returnFocusTo}
      className="w-[min(32rem,calc(100vw-2rem))]"
    >
      <form noValidate onSubmit={submit} className="space-y-4">
        <FormError message={errors.form} />
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          hint="What uses it, e.g. “Nightly export” or “Chatbot metrics”."
          autoFocus
          maxLength={100}
        />
        <fieldset aria-describedby={errors.fields.scopes ? scopesErrorId : undefined}>
          <legend className="mb-1 block text-xs font-medium text-fg">Scopes</legend>
          <div className="space-y-2">
            {API_KEY_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0 accent-accent"
                  checked={scopes.includes(scope)}
                  onChange={(e) => toggle(scope, e.target.checked)}
                />
                <span>
                  <span className="font-medium">{SCOPE_INFO[scope].label}</span> <code className="font-mono text-xs text-muted">{scope}</code>
                  <span className="block text-xs text-muted">{SCOPE_INFO[scope].description}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.fields.scopes ? (
            <p id={scopesErrorId} className="mt-1 text-xs text-danger">
              {errors.fields.scopes}
            </p>
          ) : null}
        </fieldset>
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
