import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { passwordSchema } from '../../../../contracts/auth';
import { Button } from '@/components/button';
import { FocusTarget } from '@/components/focus-target';
import { FormError } from '@/components/form-error';
import { PasswordPolicyHint } from '@/components/password-policy-hint';
import { StateMessage } from '@/components/state-message';
import { TextField } from '@/components/text-field';
import { ApiError } from '@/lib/api-error';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useResetPassword } from '../api';
import { LinkPageFrame } from '../components/link-page-frame';
import type { SignInPageState } from './sign-in-page';

/** `/reset-password/:token`: the link from the reset email. Works signed in or out; every session ends. */
export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors<'newPassword'>>(noFormErrors);
  const gone = reset.error instanceof ApiError && (reset.error.status === 410 || reset.error.status === 404);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setErrors({ fields: { newPassword: parsed.error.issues[0]?.message ?? 'Choose another password' }, form: null });
      return;
    }
    setErrors(noFormErrors);
    reset.mutate(
      { token, newPassword: password },
      {
        onSuccess: () => {
          const state: SignInPageState = { notice: 'Your password was changed and every session was signed out. Sign in with your new password.' };
          navigate('/sign-in', { replace: true, state });
        },
        onError: (error) => setErrors(formErrorsFrom(error, ['newPassword'] as const)),
      },
    );
  }

  return (
    <LinkPageFrame>
      <title>Choose a new password · Switchboard</title>
      {gone ? (
        <FocusTarget>
          <StateMessage
            title="This reset link no longer works"
            level={1}
            action={
              <Link to="/forgot-password" className="font-medium text-accent hover:underline">
                Ask for a new link
              </Link>
            }
          >
            Reset links work for 30 minutes and only once, and only the newest one you asked for works. Ask for a new link and use it right away.
          </StateMessage>
        </FocusTarget>
      ) : (
        <>
          <h1 className="mb-1 text-lg font-semibold tracking-tight">Choose a new password</h1>
          <p className="mb-5 text-sm text-muted">After this, every device signed in to your account is signed out.</p>
          <form noValidate onSubmit={submit} className="space-y-4" aria-label="Choose a new password">
            <FormError message={errors.form} />
            <TextField
              label="New password"
              type="password"
              name="newPassword"
              autoComplete="new-password"
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.fields.newPassword}
              hint={<PasswordPolicyHint password={password} />}
            />
            <Button type="submit" variant="primary" className="w-full" disabled={reset.isPending}>
              {reset.isPending ? 'Saving…' : 'Set new password'}
            </Button>
          </form>
        </>
      )}
    </LinkPageFrame>
  );
}
