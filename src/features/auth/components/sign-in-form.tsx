import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { isMfaChallenge, useLogin } from '../api';
import { TwoFactorStep } from './two-factor-step';

const FIELDS = ['email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Email + password. On success the session store signs in and the route guard moves on to `next`; an account
 * with two-factor sign-in answers a challenge instead, and the form asks for the code.
 */
export function SignInForm() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [mfaToken, setMfaToken] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: FormErrors<Field>['fields'] = {};
    if (!email.trim()) local.email = 'Enter your email';
    if (!password) local.password = 'Enter your password';
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null });
      return;
    }
    setErrors(noFormErrors);
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (answer) => {
          if (isMfaChallenge(answer)) setMfaToken(answer.mfaToken);
        },
        onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
      },
    );
  }

  if (mfaToken) {
    return (
      <TwoFactorStep
        mfaToken={mfaToken}
        onRestart={(message) => {
          setMfaToken(null);
          setPassword('');
          login.reset();
          setErrors({ fields: {}, form: message ?? null });
        }}
      />
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Sign in">
      <FormError message={errors.form} />
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.fields.email}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.fields.password}
      />
      <p className="-mt-2 text-right text-xs">
        <Link to="/forgot-password" state={{ email: email.trim() }} className="font-medium text-accent hover:underline">
          Forgot password?
        </Link>
      </p>
      <Button type="submit" variant="primary" className="w-full" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
