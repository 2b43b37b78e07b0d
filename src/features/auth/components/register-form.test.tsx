import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passwordSchema } from '../../../../contracts/auth';
import { sessionStore } from '@/lib/session-store';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { RegisterForm } from './register-form';

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  sessionStore.signOut('initial');
});
afterEach(() => {
  server.restore();
});

describe('RegisterForm', () => {
  it('checks the password policy locally, with the contract the server uses', async () => {
    const user = userEvent.setup();
    renderRoute(<RegisterForm />);
    await user.type(screen.getByLabelText('Name'), 'Nia New');
    await user.type(screen.getByLabelText('Work email'), 'nia@example.com');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/Use at least 8 characters/);
    expect(server.requests).toHaveLength(0);
  });

  it('puts a taken email (409) on the email field', async () => {
    server.on('POST /api/auth/register', { status: 409, body: errorBody('conflict', 'An account with this email already exists') });
    const user = userEvent.setup();
    renderRoute(<RegisterForm />);
    await user.type(screen.getByLabelText('Name'), 'Nia New');
    await user.type(screen.getByLabelText('Work email'), 'nia@example.com');
    await user.type(screen.getByLabelText('Password'), 'Tr1cky!Passphrase');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('An account with this email already exists')).toBeInTheDocument();
    expect(screen.getByLabelText('Work email')).toHaveAttribute('aria-invalid', 'true');
    expect(server.requests[0]?.body).toEqual({ name: 'Nia New', email: 'nia@example.com', password: 'Tr1cky!Passphrase' });
  });
});

describe('password policy (contracts/auth.ts)', () => {
  it.each([
    ['Switchboard!2026', true],
    ['switchboard!2026', false], // no upper-case letter
    ['SWITCHBOARD!2026', false], // no lower-case letter
    ['Switchboard!', false], // no digit
    ['Switchboard2026', false], // no symbol
    ['Sb!1', false], // too short
    ['P@ssw0rd', false], // common
    ['Aa1!' + 'é'.repeat(35), false], // 74 bytes in UTF-8
    ['Aa1!' + 'e'.repeat(68), true], // exactly 72 bytes
    ['Switch\u0000board!2026', false], // NUL
  ])('%j → %s', (password, ok) => {
    expect(passwordSchema.safeParse(password).success).toBe(ok);
  });
});
