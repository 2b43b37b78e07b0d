import { useState, type ChangeEvent, type FormEvent } from 'react';
import { registerBodySchema, type AuthResponse } from '../../../../contracts/auth';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { PasswordPolicyHint } from '@/components/password-policy-hint';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useRegister } from '../api';

const FIELDS = ['name', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** Registering from an invitation link: the invited email (not editable) and the link's token. */
export interface RegisterInvitation {
  email: string;
  token: string;
}

/**
 * Name, email, password; checked locally with the same contract the server uses, then by the server. From an
 * invitation link the email is the invited one and the token goes along, which verifies the email and joins
 * that workspace; registering without it never joins anything.
 */
export function RegisterForm({ invitation, onRegistered }: { invitation?: RegisterInvitation; onRegistered?: (auth: AuthResponse) => void } = {}) {
  const register = useRegister();
  const [values, setValues] = useState({ name: '', email: invitation?.email ?? '', password: '' });
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const set = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: event.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { ...values, email: invitation?.email ?? values.email.trim(), ...(invitation ? { invitationToken: invitation.token } : {}) };
    const parsed = registerBodySchema.safeParse(body);
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    register.mutate(parsed.data, {
      onSuccess: (auth) => onRegistered?.(auth),
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS, { conflict: 'email' })),
    });
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Create your account">
      <FormError message={errors.form} />
      <TextField label="Name" name="name" autoComplete="name" autoFocus value={values.name} onChange={set('name')} error={errors.fields.name} />
      <TextField
        label="Work email"
        type="email"
        name="email"
        autoComplete="email"
        value={values.email}
        onChange={set('email')}
        readOnly={invitation !== undefined}
        className={invitation ? '[&_input]:bg-subtle' : undefined}
        hint={invitation ? 'The invitation was sent to this address.' : undefined}
        error={errors.fields.email}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="new-password"
        value={values.password}
        onChange={set('password')}
        error={errors.fields.password}
        hint={<PasswordPolicyHint password={values.password} />}
      />
      <Button type="submit" variant="primary" className="w-full" disabled={register.isPending}>
        {register.isPending ? 'Creating account…' : 'Create account'}
      </Button>
    </form>
  );
}
