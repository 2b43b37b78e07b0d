import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { ApiError } from '@/lib/api-error';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useLoginTwoFactor } from '../api';

type Mode = 'code' | 'recovery';
type Field = 'code' | 'recoveryCode';

// The same rules as totpCodeSchema and recoveryCodeSchema in contracts/auth.ts, checked here without zod so the
// sign-in page stays light; the server checks again with the contract.
const normalizeCode = (value: string) => value.replace(/\s+/g, '');
const normalizeRecoveryCode = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
const CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app';
const RECOVERY_MESSAGE = 'Enter a recovery code like abcde-12345';

/**
 * The second step of signing in to an account with two-factor sign-in: a code from the authenticator app, or one
 * of the recovery codes. `onRestart` goes back to the password step (asked for, or the challenge expired).
 */
export function TwoFactorStep({ mfaToken, onRestart }: { mfaToken: string; onRestart: (message?: string) => void }) {
  const verify = useLoginTwoFactor();
  const introId = useId();
  const [mode, setMode] = useState<Mode>('code');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const field: Field = mode === 'code' ? 'code' : 'recoveryCode';

  function switchMode() {
    setMode((m) => (m === 'code' ? 'recovery' : 'code'));
    setValue('');
    setErrors(noFormErrors);
    verify.reset();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const normalized = mode === 'code' ? normalizeCode(value) : normalizeRecoveryCode(value);
    const valid = mode === 'code' ? /^\d{6}$/.test(normalized) : /^[a-z0-9]{10}$/.test(normalized);
    if (!valid) {
      setErrors({ fields: { [field]: mode === 'code' ? CODE_MESSAGE : RECOVERY_MESSAGE }, form: null });
      return;
    }
    setErrors(noFormErrors);
    verify.mutate(mode === 'code' ? { mfaToken, code: normalized } : { mfaToken, recoveryCode: normalized }, {
      onError: (error) => {
        // The challenge expired or is not valid any more: the password step has to be done again.
        if (error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials') {
          onRestart(error.message);
          return;
        }
        const found = formErrorsFrom(error, ['code', 'recoveryCode'] as const, { invalid_credentials: field });
        // The server names the field it checked; show its message on the field the person is using.
        const message = found.fields.code ?? found.fields.recoveryCode;
        setErrors(message ? { fields: { [field]: message }, form: null } : found);
      },
    });
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Two-factor sign-in" aria-describedby={introId}>
      <p id={introId} className="text-sm text-muted">
        {mode === 'code'
          ? 'Your account has two-factor sign-in. Enter the 6-digit code your authenticator app shows for Switchboard.'
          : 'Enter one of the recovery codes you saved when you set up two-factor sign-in. Each code works once.'}
      </p>
      <FormError message={errors.form} />
      {mode === 'code' ? (
        <TextField
          key="code"
          label="Authentication code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={9}
          placeholder="123456"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={errors.fields.code}
        />
      ) : (
        <TextField
          key="recovery"
          label="Recovery code"
          name="recoveryCode"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          maxLength={30}
          placeholder="abcde-12345"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={errors.fields.recoveryCode}
        />
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={verify.isPending}>
        {verify.isPending ? 'Verifying…' : 'Verify and sign in'}
      </Button>
      <div className="flex items-center justify-between gap-2 text-sm">
        <button type="button" className="rounded font-medium text-accent hover:underline" onClick={switchMode}>
          {mode === 'code' ? 'Use a recovery code' : 'Use the authenticator app'}
        </button>
        <button type="button" className="rounded text-muted hover:text-fg hover:underline" onClick={() => onRestart()}>
          Start over
        </button>
      </div>
    </form>
  );
}
