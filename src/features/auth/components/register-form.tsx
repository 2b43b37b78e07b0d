import { useState, type ChangeEvent, type FormEvent } from 'react';
import { registerBodySchema } from '../../../../contracts/auth';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { PasswordPolicyHint } from '@/components/password-policy-hint';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useRegister } from '../api';

const FIELDS = ['name', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** Name, email, password; checked locally with the same contract the server uses, then by the server. */
export function RegisterForm() {
  const register = useRegister();
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const set = (field: Field) => (event: ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [field]: event.target.value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { ...values, email: values.email.trim() };
    const parsed = registerBodySchema.safeParse(body);
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    register.mutate(parsed.data, {
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS, { conflict: 'email' })),
    });
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Create your account">
      <FormError message={errors.form} />
      <TextField label="Name" name="name" autoComplete="name" autoFocus value={values.name} onChange={set('name')} error={errors.fields.name} />
      <TextField label="Work email" type="email" name="email" autoComplete="email" value={values.email} onChange={set('email')} error={errors.fields.email} />
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
