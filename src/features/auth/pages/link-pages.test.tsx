import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { ForgotPasswordPage } from './forgot-password-page';
import { ResetPasswordPage } from './reset-password-page';
import { SignInPage } from './sign-in-page';
import { VerifyEmailPage } from './verify-email-page';

const token = 'link-token-0123456789abcdef';

let server: MockApi;
beforeEach(() => {
  server = mockApi();
});
afterEach(() => {
  server.restore();
});

function open(path: string) {
  return render(
    <StrictMode>
      <QueryClientProvider client={testQueryClient()}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
            <Route path="/verify-email/:token" element={<VerifyEmailPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}

describe('ForgotPasswordPage', () => {
  it('says a link went out if the account exists, for how long, and moves focus to that', async () => {
    sessionStore.signOut('initial');
    server.on('POST /api/auth/password/forgot', { status: 204 });
    open('/forgot-password');
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('Email'), ' ada@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('If an account exists for ada@example.com, we sent a link to reset its password. The link works for 30 minutes.');
    await waitFor(() => expect(status.parentElement).toHaveFocus());
    expect(server.requests[0]?.body).toEqual({ email: 'ada@example.com' });
  });
});

describe('ResetPasswordPage', () => {
  it('sets the new password, signs this browser out and opens sign-in with a notice', async () => {
    sessionStore.signIn(auth());
    server.on('POST /api/auth/password/reset', { status: 204 });
    open(`/reset-password/${token}`);
    const user = userEvent.setup();

    const field = screen.getByLabelText('New password');
    expect(field).toHaveAccessibleDescription(/At least 8 characters/);
    await user.type(field, 'short');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(field).toHaveAccessibleDescription(/Use at least 8 characters/);
    expect(server.requests).toHaveLength(0);

    await user.clear(field);
    await user.type(field, 'Fresh!Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByRole('heading', { name: 'Sign in', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your password was changed and every session was signed out.');
    expect(sessionStore.get()).toMatchObject({ status: 'signed-out' });
    expect(server.requests[0]?.body).toEqual({ token, newPassword: 'Fresh!Passw0rd' });
  });

  it('explains a link that expired or was used, and links to asking for a new one', async () => {
    sessionStore.signOut('initial');
    server.on('POST /api/auth/password/reset', { status: 410, body: errorBody('gone', 'This reset link has expired') });
    open(`/reset-password/${token}`);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('New password'), 'Fresh!Passw0rd');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByRole('heading', { name: 'This reset link no longer works', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });
});

describe('VerifyEmailPage', () => {
  it('verifies once on opening (StrictMode too) and refreshes a signed-in user', async () => {
    sessionStore.signIn(auth('t', { emailVerifiedAt: null }));
    server.on('POST /api/auth/verify-email', { status: 204 });
    server.on('GET /api/auth/me', { status: 200, body: { user: auth('t', { emailVerifiedAt: '2026-02-01T00:00:00.000Z' }).user, workspaces: [] } });
    open(`/verify-email/${token}`);

    expect(await screen.findByRole('heading', { name: 'Your email address is verified', level: 1 })).toBeInTheDocument();
    expect(server.requests.filter((r) => r.url === '/api/auth/verify-email')).toHaveLength(1);
    expect(server.requests[0]?.body).toEqual({ token });
    expect(sessionStore.get()).toMatchObject({ user: { emailVerifiedAt: '2026-02-01T00:00:00.000Z' } });
    expect(screen.getByRole('link', { name: 'Continue to Switchboard' })).toHaveAttribute('href', '/');
  });

  it('signed out: verifies without a session and offers to sign in', async () => {
    sessionStore.signOut('initial');
    server.on('POST /api/auth/verify-email', { status: 204 });
    open(`/verify-email/${token}`);

    expect(await screen.findByRole('heading', { name: 'Your email address is verified', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
    expect(server.requests.map((r) => r.url)).toEqual(['/api/auth/verify-email']);
  });

  it('explains a spent link and, signed in and unverified, sends a new one', async () => {
    sessionStore.signIn(auth('t', { emailVerifiedAt: null }));
    server.on('POST /api/auth/verify-email', { status: 410, body: errorBody('gone', 'This verification link has expired') });
    server.on('POST /api/auth/verify-email/request', { status: 204 });
    open(`/verify-email/${token}`);

    expect(await screen.findByRole('heading', { name: 'This verification link no longer works', level: 1 })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Send a new link to me@example.com' }));
    expect(await screen.findByText('We sent a new link to me@example.com. It works for 24 hours.')).toBeInTheDocument();
  });
});
