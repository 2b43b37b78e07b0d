import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, invitation, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { InvitePage } from './invite-page';

const token = 'invite-token-0123456789abcdef';
const lookup = `GET /api/invitations/${token}`;

let server: MockApi;
beforeEach(() => {
  server = mockApi();
});
afterEach(() => {
  server.restore();
});

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function open() {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[`/invite/${token}`]}>
        <Routes>
          <Route path="/invite/:token" element={<InvitePage />} />
          <Route path="*" element={<p>Elsewhere</p>} />
        </Routes>
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const heading = () => screen.findByRole('heading', { name: 'Join Acme Coffee', level: 1 });

describe('InvitePage', () => {
  it('shows the workspace, who invited, the role and the expiry to anyone with the link', async () => {
    sessionStore.signOut('initial');
    server.on(lookup, { status: 200, body: invitation({ role: 'admin', email: 'new@example.com', expiresAt: '2026-01-08T10:00:00.000Z' }) });
    open();

    await heading();
    expect(screen.getByText('Olivia Owner invited new@example.com to join Acme Coffee on Switchboard as admin.')).toBeInTheDocument();
    const facts = screen.getByText('Invited by').closest('dl')!;
    expect(within(facts).getByText('Olivia Owner')).toBeInTheDocument();
    expect(within(facts).getByText('Admin')).toBeInTheDocument();
    expect(within(facts).getByText(/2026/)).toHaveAttribute('datetime', '2026-01-08T10:00:00.000Z');
  });

  it('signed out: creating an account uses the invited email (locked) and the token, then lands in the workspace', async () => {
    sessionStore.signOut('initial');
    server.on(lookup, { status: 200, body: invitation({ email: 'new@example.com' }) });
    server.on('POST /api/auth/register', { status: 201, body: auth('registered', { email: 'new@example.com', name: 'Nia New' }) });
    open();
    await heading();

    // Signing in instead comes back here afterwards.
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', `/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`);

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const form = screen.getByRole('form', { name: 'Create your account' });
    const email = within(form).getByLabelText('Work email');
    expect(email).toHaveValue('new@example.com');
    expect(email).toHaveAttribute('readonly');
    await user.type(email, 'x');
    expect(email).toHaveValue('new@example.com');

    await user.type(within(form).getByLabelText('Name'), 'Nia New');
    await user.type(within(form).getByLabelText('Password'), 'Tr1cky!Passphrase');
    await user.click(within(form).getByRole('button', { name: 'Create account' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/w/${ids.workspace}`));
    expect(server.requests.find((r) => r.url === '/api/auth/register')?.body).toEqual({
      name: 'Nia New',
      email: 'new@example.com',
      password: 'Tr1cky!Passphrase',
      invitationToken: token,
    });
    expect(sessionStore.getAccessToken()).toBe('registered');
  });

  it('signed in as the invited email: accepting joins and opens the workspace', async () => {
    sessionStore.signIn(auth('t', { email: 'Me@Example.com' }));
    server.on(lookup, { status: 200, body: invitation({ email: 'me@example.com' }) });
    server.on(`POST /api/invitations/${token}/accept`, { status: 200, body: workspace('agent') });
    open();
    await heading();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept invitation' }));

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/w/${ids.workspace}`));
    expect(screen.queryByText(/Verify your email address first/)).not.toBeInTheDocument();
  });

  it('signed in with an unverified email: offers the verification link, also when accepting says so', async () => {
    sessionStore.signIn(auth('t', { emailVerifiedAt: null }));
    server.on(lookup, { status: 200, body: invitation() });
    server.on('POST /api/auth/verify-email/request', { status: 204 });
    server.on(`POST /api/invitations/${token}/accept`, {
      status: 403,
      body: errorBody('email_not_verified', 'Verify your email address first: open the link we emailed you, then accept again'),
    });
    open();
    await heading();
    const user = userEvent.setup();

    expect(screen.getByText(/Verify your email address first/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send verification link' }));
    expect(await screen.findByText('Verification link sent to me@example.com. It works for 24 hours.')).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST' && r.url === '/api/auth/verify-email/request')).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    await waitFor(() => expect(server.requests.some((r) => r.url === `/api/invitations/${token}/accept`)).toBe(true));
    expect(screen.getByTestId('location')).toHaveTextContent(`/invite/${token}`);
    expect(screen.getByText(/Verify your email address first/)).toBeInTheDocument();
  });

  it('signed in as someone else: says whose invitation it is and offers to sign out', async () => {
    sessionStore.signIn(auth('t', { email: 'someone@else.com' }));
    server.on(lookup, { status: 200, body: invitation({ email: 'new@example.com' }) });
    server.on('POST /api/auth/logout', { status: 204 });
    open();
    await heading();

    expect(screen.getByText(/This invitation is for/)).toHaveTextContent(
      'This invitation is for new@example.com, and you are signed in as someone@else.com. Sign out, then sign in or create an account with new@example.com.',
    );
    expect(screen.queryByRole('button', { name: 'Accept invitation' })).not.toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign out of someone@else.com' }));

    // Signed out, on the same page: the ways in for the invited person.
    expect(await screen.findByRole('button', { name: 'Create account' })).toBeInTheDocument();
    expect(sessionStore.get()).toMatchObject({ status: 'signed-out' });
    expect(screen.getByTestId('location')).toHaveTextContent(`/invite/${token}`);
  });

  it('shows the mismatch when accepting answers email_mismatch', async () => {
    sessionStore.signIn(auth('t'));
    server.on(lookup, { status: 200, body: invitation() });
    server.on(`POST /api/invitations/${token}/accept`, {
      status: 403,
      body: errorBody('email_mismatch', 'This invitation is for me@example.com; sign in with that address to accept it'),
    });
    open();
    await heading();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect(await screen.findByRole('button', { name: 'Sign out of me@example.com' })).toBeInTheDocument();
  });

  it('declines after confirming; the page then says so', async () => {
    sessionStore.signIn(auth('t'));
    server.on(lookup, { status: 200, body: invitation() });
    server.on(`POST /api/invitations/${token}/decline`, { status: 204 });
    open();
    await heading();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Decline' }));
    const dialog = await screen.findByRole('dialog', { name: 'Decline invitation?' });
    expect(server.requests.some((r) => r.url.endsWith('/decline'))).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Decline invitation' }));

    expect(await screen.findByRole('heading', { name: 'Invitation declined', level: 1 })).toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'POST' && r.url === `/api/invitations/${token}/decline`)).toHaveLength(1);
  });

  it.each([
    [410, 'gone', 'This invitation is no longer valid'],
    [404, 'not_found', 'This invitation link is not valid'],
  ])('explains a %s answer', async (status, code, title) => {
    sessionStore.signOut('initial');
    server.on(lookup, { status, body: errorBody(code, 'No') });
    open();

    expect(await screen.findByRole('heading', { name: title, level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create account' })).not.toBeInTheDocument();
  });
});
