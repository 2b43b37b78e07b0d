import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { changePasswordBodySchema } from '../../../../contracts/auth';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { PasswordPolicyHint } from '@/components/password-policy-hint';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useChangePassword } from '../api';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type Field = (typeof FIELDS)[number];

/** Change the password; the server signs out every other session. */
export function PasswordForm() {
  const change = useChangePassword();
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = changePasswordBodySchema.safeParse(values);
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    change.mutate(parsed.data, {
      onSuccess: () => {
        setValues({ currentPassword: '', newPassword: '' });
        toast.success('Password changed. Your other sessions were signed out.');
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  return (
    <form noValidate onSubmit={submit} className="max-w-sm space-y-3" aria-label="Change password">
      <FormError message={errors.form} />
      {/* Lets password managers tie the new password to this account. */}
      <input type="text" name="username" autoComplete="username" hidden readOnly />
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={(e) => setValues((v) => ({ ...v, currentPassword: e.target.value }))}
        error={errors.fields.currentPassword}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={values.newPassword}
        onChange={(e) => setValues((v) => ({ ...v, newPassword: e.target.value }))}
        error={errors.fields.newPassword}
        hint={<PasswordPolicyHint password={values.newPassword} />}
      />
      <Button type="submit" variant="primary" disabled={change.isPending}>
        {change.isPending ? 'Changing password…' : 'Change password'}
      </Button>
    </form>
  );
}
