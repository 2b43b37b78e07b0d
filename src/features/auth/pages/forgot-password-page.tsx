import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { Button } from '@/components/button';
import { FocusTarget } from '@/components/focus-target';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useForgotPassword } from '../api';

/** `/forgot-password`: asks for a reset link. The answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const location = useLocation();
  const forgot = useForgotPassword();
  const [email, setEmail] = useState(() => (location.state as { email?: string } | null)?.email ?? '');
  const [errors, setErrors] = useState<FormErrors<'email'>>(noFormErrors);
  const [sentTo, setSentTo] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = email.trim();
    if (!address) {
      setErrors({ fields: { email: 'Enter your email' }, form: null });
      return;
    }
    setErrors(noFormErrors);
    forgot.mutate(address, {
      onSuccess: () => setSentTo(address),
      onError: (error) => setErrors(formErrorsFrom(error, ['email'] as const)),
    });
  }

  return (
    <>
      <title>Reset your password · Switchboard</title>
      <h1 className="mb-1 text-lg font-semibold tracking-tight">Reset your password</h1>
      {sentTo ? (
        <SentMessage
          email={sentTo}
          onAgain={() => {
            setSentTo(null);
            forgot.reset();
          }}
        />
      ) : (
        <>
          <p className="mb-5 text-sm text-muted">Enter the email you sign in with and we will send you a link to choose a new password.</p>
          <form noValidate onSubmit={submit} className="space-y-4" aria-label="Reset your password">
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
            <Button type="submit" variant="primary" className="w-full" disabled={forgot.isPending}>
              {forgot.isPending ? 'Sending link…' : 'Send reset link'}
            </Button>
          </form>
        </>
      )}
      <p className="mt-5 text-center text-sm text-muted">
        Remembered it?{' '}
        <Link to="/sign-in" className="font-medium text-accent hover:underline">
          Back to sign in
        </Link>
      </p>
    </>
  );
}

function SentMessage({ email, onAgain }: { email: string; onAgain: () => void }) {
  return (
    <FocusTarget className="mt-4 space-y-3">
      <Notice tone="success">
        If an account exists for <strong className="font-medium">{email}</strong>, we sent a link to reset its password. The link works for 30 minutes.
      </Notice>
      <p className="text-sm text-muted">
        No email after a few minutes? Check your spam folder, or{' '}
        <button type="button" onClick={onAgain} className="rounded font-medium text-accent hover:underline">
          send another link
        </button>
        .
      </p>
    </FocusTarget>
  );
}
