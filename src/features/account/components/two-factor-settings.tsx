import { useRef, useState, type FormEvent, type RefObject } from 'react';
import { toast } from 'sonner';
import type { TwoFactorSetup } from '../../../../contracts/auth';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FocusTarget } from '@/components/focus-target';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCurrentUser } from '@/lib/session-store';
import { useDisableTwoFactor, useEnableTwoFactor, useSetupTwoFactor } from '../api';
import { QrCode } from './qr-code';
import { RecoveryCodes } from './recovery-codes';

/** The same rule as totpCodeSchema (contracts/auth.ts): six digits, spaces allowed as apps show them. */
const normalizeCode = (value: string) => value.replace(/\s+/g, '');
const CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app';

/** "ABCD EFGH …": the secret in groups of four, easier to type into an app by hand. */
export const groupSecret = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

type Step = { kind: 'idle' } | { kind: 'setup'; setup: TwoFactorSetup } | { kind: 'codes'; codes: string[] };

/**
 * Two-factor sign-in (TOTP): set up with a QR code drawn in the browser (or the key typed by hand), turned on with a
 * first code, which answers the recovery codes once; turned off with the password and a code.
 */
export function TwoFactorSettings() {
  const user = useCurrentUser();
  const setup = useSetupTwoFactor();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [disabling, setDisabling] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  // Set once turning off succeeded: the "Turn off" button that opened the dialog is gone, so focus the section.
  const focusAfterDisable = useRef<HTMLElement | null>(null);

  if (step.kind === 'codes') return <RecoveryCodes codes={step.codes} email={user.email} onDone={() => setStep({ kind: 'idle' })} />;
  if (step.kind === 'setup')
    return (
      <SetupPanel
        setup={step.setup}
        email={user.email}
        onEnabled={(codes) => setStep({ kind: 'codes', codes })}
        onCancel={() => {
          setStep({ kind: 'idle' });
          setup.reset();
        }}
      />
    );

  return (
    <div ref={rootRef} tabIndex={-1} className="space-y-3 outline-none">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <p className="flex items-center gap-2 font-medium">
            Two-factor sign-in {user.twoFactorEnabled ? <Badge tone="accent">On</Badge> : <Badge tone="neutral">Off</Badge>}
          </p>
          <p className="mt-0.5 text-xs text-muted">
            {user.twoFactorEnabled
              ? 'Signing in asks for a code from your authenticator app after your password.'
              : 'Ask for a code from an authenticator app (1Password, Google Authenticator, Microsoft Authenticator…) after your password.'}
          </p>
        </div>
        {user.twoFactorEnabled ? (
          <Button
            onClick={() => {
              focusAfterDisable.current = null;
              setDisabling(true);
            }}
          >
            Turn off
          </Button>
        ) : (
          <Button
            variant="primary"
            disabled={setup.isPending}
            onClick={() => setup.mutate(undefined, { onSuccess: (answer) => setStep({ kind: 'setup', setup: answer }) })}
          >
            {setup.isPending ? 'Starting…' : 'Set up two-factor sign-in'}
          </Button>
        )}
      </div>
      <FormError message={setup.error ? errorMessage(setup.error) : null} />
      <DisableDialog
        open={disabling}
        onOpenChange={setDisabling}
        onDisabled={() => {
          focusAfterDisable.current = rootRef.current;
        }}
        returnFocusTo={focusAfterDisable}
      />
    </div>
  );
}

function SetupPanel({
  setup,
  email,
  onEnabled,
  onCancel,
}: {
  setup: TwoFactorSetup;
  email: string;
  onEnabled: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const enable = useEnableTwoFactor();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors<'code'>>(noFormErrors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const normalized = normalizeCode(code);
    if (!/^\d{6}$/.test(normalized)) {
      setErrors({ fields: { code: CODE_MESSAGE }, form: null });
      return;
    }
    setErrors(noFormErrors);
    enable.mutate(normalized, {
      onSuccess: ({ recoveryCodes }) => onEnabled(recoveryCodes),
      onError: (error) => setErrors(formErrorsFrom(error, ['code'] as const)),
    });
  }

  return (
    <FocusTarget className="space-y-4">
      <h3 className="text-sm font-semibold">Set up two-factor sign-in</h3>
      <ol className="list-decimal space-y-4 pl-5 text-sm">
        <li className="space-y-2">
          <p>Scan this QR code with your authenticator app.</p>
          <QrCode value={setup.otpauthUrl} label={`QR code that adds Switchboard (${email}) to an authenticator app`} />
        </li>
        <li className="space-y-1">
          <p>Or, if you cannot scan it, enter this key in the app by hand (time-based):</p>
          <TextField
            label="Set-up key"
            hideLabel
            value={groupSecret(setup.secret)}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            className="max-w-xs [&_input]:bg-subtle [&_input]:font-mono [&_input]:tracking-wide"
          />
        </li>
        <li>
          <form noValidate onSubmit={submit} aria-label="Turn on two-factor sign-in" className="max-w-xs space-y-2">
            <p>Enter the 6-digit code the app now shows for Switchboard.</p>
            <FormError message={errors.form} />
            <TextField
              label="Code from the app"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={errors.fields.code}
            />
            <div className="flex gap-2">
              <Button type="submit" variant="primary" disabled={enable.isPending}>
                {enable.isPending ? 'Turning on…' : 'Turn on'}
              </Button>
              <Button onClick={onCancel}>Cancel</Button>
            </div>
          </form>
        </li>
      </ol>
    </FocusTarget>
  );
}

const DISABLE_FIELDS = ['password', 'code'] as const;

function DisableDialog({
  open,
  onOpenChange,
  onDisabled,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDisabled: () => void;
  returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const disable = useDisableTwoFactor();
  const [values, setValues] = useState({ password: '', code: '' });
  const [errors, setErrors] = useState<FormErrors<(typeof DISABLE_FIELDS)[number]>>(noFormErrors);

  function change(next: boolean) {
    if (!next) {
      setValues({ password: '', code: '' });
      setErrors(noFormErrors);
      disable.reset();
    }
    onOpenChange(next);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const local: FormErrors<(typeof DISABLE_FIELDS)[number]>['fields'] = {};
    if (!values.password) local.password = 'Enter your password';
    if (!values.code.trim()) local.code = 'Enter a code from your authenticator app or a recovery code';
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, form: null });
      return;
    }
    setErrors(noFormErrors);
    disable.mutate(
      { password: values.password, code: values.code.trim() },
      {
        onSuccess: () => {
          toast.success('Two-factor sign-in is off. Your recovery codes no longer work.');
          onDisabled();
          change(false);
        },
        onError: (error) => setErrors(formErrorsFrom(error, DISABLE_FIELDS)),
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={change}
      title="Turn off two-factor sign-in?"
      description="Signing in will ask only for your password. Confirm with your password and a current code."
      returnFocusTo={returnFocusTo}
    >
      <form noValidate onSubmit={submit} className="space-y-3" aria-label="Turn off two-factor sign-in">
        <FormError message={errors.form} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={values.password}
          onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
          error={errors.fields.password}
        />
        <TextField
          label="Code from the app, or a recovery code"
          autoComplete="one-time-code"
          value={values.code}
          onChange={(e) => setValues((v) => ({ ...v, code: e.target.value }))}
          error={errors.fields.code}
        />
        <DialogActions>
          <DialogClose asChild>
            <Button>Keep it on</Button>
          </DialogClose>
          <Button type="submit" variant="danger" disabled={disable.isPending}>
            {disable.isPending ? 'Turning off…' : 'Turn off two-factor'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
