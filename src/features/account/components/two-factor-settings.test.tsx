import { screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import userEvent from '@testing-library/user-event';
import { toast, Toaster } from 'sonner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { EmailStatus } from './email-status';
import { recoveryCodesText } from './recovery-codes';
import { groupSecret, TwoFactorSettings } from './two-factor-settings';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OTPAUTH = `otpauth://totp/Switchboard:me%40example.com?secret=${SECRET}&issuer=Switchboard`;
const CODES = Array.from({ length: 10 }, (_, i) => `code${i}-abcde`);

let server: MockApi;
beforeEach(() => {
  server = mockApi();
});
afterEach(() => {
  server.restore();
  toast.dismiss();
  vi.restoreAllMocks();
});

function renderWithToaster(element: ReactElement) {
  return renderRoute(
    <>
      {element}
      <Toaster />
    </>,
  );
}

describe('TwoFactorSettings', () => {
  it('sets up with a locally drawn QR code and the key, turns on with a code, then shows the recovery codes once', async () => {
    sessionStore.signIn(auth());
    server.on('POST /api/auth/2fa/setup', { status: 200, body: { secret: SECRET, otpauthUrl: OTPAUTH } });
    server.on('POST /api/auth/2fa/enable', { status: 200, body: { recoveryCodes: CODES } });
    const user = userEvent.setup();
    renderWithToaster(<TwoFactorSettings />);

    expect(screen.getByText('Off')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));

    // The QR code is an SVG drawn in the browser from the otpauth URL; nothing else is fetched for it.
    const qr = await screen.findByRole('img', { name: /QR code that adds Switchboard/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/auth/2fa/setup']);
    expect(screen.getByRole('textbox', { name: 'Set-up key' })).toHaveValue(groupSecret(SECRET));
    expect(groupSecret(SECRET)).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');

    const code = screen.getByLabelText('Code from the app');
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await user.type(code, '12 34');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(code).toHaveAccessibleDescription('Enter the 6-digit code from your authenticator app');
    expect(server.requests).toHaveLength(1);

    await user.type(code, '56');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(CODES);
    expect(server.requests.at(-1)?.body).toEqual({ code: '123456' });
    expect(screen.getByText(/This is the only time they are shown/)).toBeInTheDocument();
    expect(sessionStore.get()).toMatchObject({ user: { twoFactorEnabled: true } });

    // Copy puts all ten on the clipboard, one a line.
    await user.click(screen.getByRole('button', { name: 'Copy codes' }));
    expect(await navigator.clipboard.readText()).toBe(CODES.join('\n'));
    expect(await screen.findByText(/Recovery codes copied/)).toBeInTheDocument();

    // Download saves a .txt file with the codes.
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:codes'), revokeObjectURL: () => {} });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    await user.click(screen.getByRole('button', { name: 'Download .txt' }));
    expect(clicked[0]?.download).toBe('switchboard-recovery-codes.txt');
    expect(clicked[0]?.href).toBe('blob:codes');
    const text = await blobs[0]!.text();
    for (const c of CODES) expect(text).toContain(`\n${c}\n`);

    // Once stored, the codes are gone for good and the section says it is on.
    await user.click(screen.getByRole('button', { name: 'I have stored them' }));
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
    expect(screen.getByText('On')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Turn off' })).toBeInTheDocument();
  });

  it('shows the server’s answer to a wrong first code on the field', async () => {
    sessionStore.signIn(auth());
    server.on('POST /api/auth/2fa/setup', { status: 200, body: { secret: SECRET, otpauthUrl: OTPAUTH } });
    server.on('POST /api/auth/2fa/enable', {
      status: 422,
      body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'code', message: 'That code is not right; check the time on your phone' }]),
    });
    const user = userEvent.setup();
    renderWithToaster(<TwoFactorSettings />);
    await user.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    await user.type(await screen.findByLabelText('Code from the app'), '000000');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    await waitFor(() => expect(screen.getByLabelText('Code from the app')).toHaveAccessibleDescription('That code is not right; check the time on your phone'));
    expect(sessionStore.get()).toMatchObject({ user: { twoFactorEnabled: false } });
  });

  it('turns off with the password and a code', async () => {
    sessionStore.signIn(auth('t', { twoFactorEnabled: true }));
    server.on('POST /api/auth/2fa/disable', (req) =>
      (req.body as { password: string }).password === 'Right!Pass1'
        ? { status: 204 }
        : { status: 422, body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'password', message: 'Password is incorrect' }]) },
    );
    const user = userEvent.setup();
    renderWithToaster(<TwoFactorSettings />);

    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    const dialog = await screen.findByRole('dialog', { name: 'Turn off two-factor sign-in?' });
    await user.type(within(dialog).getByLabelText('Password'), 'Wrong!Pass1');
    await user.type(within(dialog).getByLabelText('Code from the app, or a recovery code'), '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Turn off two-factor' }));
    expect(await within(dialog).findByText('Password is incorrect')).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText('Password'));
    await user.type(within(dialog).getByLabelText('Password'), 'Right!Pass1');
    await user.click(within(dialog).getByRole('button', { name: 'Turn off two-factor' }));

    expect(await screen.findByText('Two-factor sign-in is off. Your recovery codes no longer work.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.requests.at(-1)?.body).toEqual({ password: 'Right!Pass1', code: '123456' });
    expect(screen.getByRole('button', { name: 'Set up two-factor sign-in' })).toBeInTheDocument();
  });
});

describe('recoveryCodesText', () => {
  it('says what the codes are, whose they are, then one a line', () => {
    expect(recoveryCodesText(['a', 'b'], 'me@example.com', new Date('2026-01-02T03:04:05.000Z'))).toBe(
      'Switchboard recovery codes for me@example.com\nCreated 2026-01-02T03:04:05.000Z\n\n' +
        'Each code signs you in once when you cannot use your authenticator app. Keep them somewhere safe.\n\na\nb\n',
    );
  });
});

describe('EmailStatus', () => {
  it('shows a verified email as verified, with nothing to send', () => {
    sessionStore.signIn(auth());
    renderWithToaster(<EmailStatus />);
    expect(screen.getByText('Verified')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send verification link' })).not.toBeInTheDocument();
  });

  it('sends a verification link for an unverified email and says where it went', async () => {
    sessionStore.signIn(auth('t', { emailVerifiedAt: null }));
    server.on('POST /api/auth/verify-email/request', { status: 204 });
    renderWithToaster(<EmailStatus />);

    expect(screen.getByText('Not verified')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Send verification link' }));

    expect(await screen.findByText('Verification link sent to me@example.com. It works for 24 hours.')).toBeInTheDocument();
  });
});
