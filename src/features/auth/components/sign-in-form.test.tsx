import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { SignInForm } from './sign-in-form';

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  sessionStore.signOut('initial');
});
afterEach(() => {
  server.restore();
});

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInForm', () => {
  it('shows the server’s field errors next to the fields they name', async () => {
    server.on('POST /api/auth/login', {
      status: 422,
      body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'email', message: 'Enter a valid email address' }]),
    });
    renderRoute(<SignInForm />);

    await fillAndSubmit('not-an-email', 'whatever');

    const email = screen.getByLabelText('Email');
    expect(await screen.findByText('Enter a valid email address')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter a valid email address');
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
  });

  it('shows the server’s message when it names no field (wrong password)', async () => {
    server.on('POST /api/auth/login', { status: 401, body: errorBody('invalid_credentials', 'Email or password is incorrect') });
    renderRoute(<SignInForm />);

    await fillAndSubmit('owner@example.com', 'wrong');

    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect');
    expect(sessionStore.get().status).toBe('signed-out');
  });

  it('disables the button while signing in, then signs in', async () => {
    let answer: (value: { status: number; body: unknown }) => void = () => {};
    server.on('POST /api/auth/login', () => new Promise((resolve) => (answer = resolve)));
    renderRoute(<SignInForm />);

    await fillAndSubmit('  owner@example.com ', 'Switchboard!2026');

    const pending = await screen.findByRole('button', { name: 'Signing in…' });
    expect(pending).toBeDisabled();
    expect(server.requests[0]?.body).toEqual({ email: 'owner@example.com', password: 'Switchboard!2026' });

    answer({ status: 200, body: auth('fresh-token') });
    await waitFor(() => expect(sessionStore.getAccessToken()).toBe('fresh-token'));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('asks for missing fields without calling the server', async () => {
    renderRoute(<SignInForm />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your email')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(server.requests).toHaveLength(0);
  });
});

describe('SignInForm, two-factor step', () => {
  const challenge = { status: 200, body: { mfaRequired: true, mfaToken: 'mfa-token-1' } };

  async function passwordStep() {
    server.on('POST /api/auth/login', challenge);
    renderRoute(<SignInForm />);
    await fillAndSubmit('owner@example.com', 'Switchboard!2026');
    return screen.findByRole('textbox', { name: 'Authentication code' });
  }

  it('asks for the app’s code after the password (no session yet), then signs in with it', async () => {
    server.on('POST /api/auth/login/2fa', { status: 200, body: auth('after-2fa') });
    const code = await passwordStep();

    expect(sessionStore.get().status).toBe('signed-out');
    expect(code).toHaveFocus();
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(screen.getByRole('form', { name: 'Two-factor sign-in' })).toHaveAccessibleDescription(/6-digit code/);
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    await waitFor(() => expect(sessionStore.getAccessToken()).toBe('after-2fa'));
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/auth/login/2fa', body: { mfaToken: 'mfa-token-1', code: '123456' } });
  });

  it('checks the code’s shape locally, and shows the server’s answer to a wrong code on the field', async () => {
    server.on('POST /api/auth/login/2fa', {
      status: 422,
      body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'code', message: 'That code is not right or was used already' }]),
    });
    const code = await passwordStep();
    const user = userEvent.setup();

    await user.type(code, '12345');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(code).toHaveAccessibleDescription('Enter the 6-digit code from your authenticator app');
    expect(server.requests.filter((r) => r.url === '/api/auth/login/2fa')).toHaveLength(0);

    await user.type(code, '6');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    await waitFor(() => expect(code).toHaveAccessibleDescription('That code is not right or was used already'));
    expect(code).toHaveAttribute('aria-invalid', 'true');
    expect(sessionStore.get().status).not.toBe('signed-in');
  });

  it('switches to a recovery code, sent as the server normalises it', async () => {
    server.on('POST /api/auth/login/2fa', { status: 200, body: auth('after-recovery') });
    await passwordStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Use a recovery code' }));
    const recovery = screen.getByRole('textbox', { name: 'Recovery code' });
    expect(recovery).toHaveFocus();
    expect(screen.queryByRole('textbox', { name: 'Authentication code' })).not.toBeInTheDocument();
    await user.type(recovery, 'ABCDE-12345');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    await waitFor(() => expect(sessionStore.getAccessToken()).toBe('after-recovery'));
    expect(server.requests.at(-1)?.body).toEqual({ mfaToken: 'mfa-token-1', recoveryCode: 'abcde12345' });

    // And back: the switch names the other way.
    expect(screen.queryByRole('button', { name: 'Use the authenticator app' })).toBeInTheDocument();
  });

  it('goes back to the password step with the server’s message when the challenge has expired', async () => {
    server.on('POST /api/auth/login/2fa', { status: 401, body: errorBody('unauthorized', 'This sign-in took too long; enter your password again') });
    const code = await passwordStep();
    const user = userEvent.setup();

    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This sign-in took too long; enter your password again');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Email')).toHaveValue('owner@example.com');
    expect(sessionStore.get().status).not.toBe('signed-in');
  });

  it('offers a way back to the password step', async () => {
    await passwordStep();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Start over' }));
    expect(screen.getByRole('form', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
