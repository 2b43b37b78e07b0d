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
