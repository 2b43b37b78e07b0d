import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRouter, useLocation } from 'react-router';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';
import { SessionBootstrap } from './session-bootstrap';

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  server.on('GET /api/health', { status: 200, body: { status: 'ok', db: 'ok', realtime: 'local', version: 'test' } });
});
afterEach(() => {
  server.restore();
  document.cookie = 'sb_session=; max-age=0; path=/';
});
/** What the server's sign-in leaves beside the HttpOnly refresh cookie. */
const withSessionHint = () => {
  document.cookie = 'sb_session=1; path=/';
};

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function start(path: string) {
  return render(
    <AppProviders queryClient={testQueryClient()}>
      <SessionBootstrap>
        <MemoryRouter initialEntries={[path]}>
          <AppRoutes />
          <Where />
        </MemoryRouter>
      </SessionBootstrap>
    </AppProviders>,
  );
}

const settingsPath = `/w/${ids.workspace}/settings`;

// The first test pays for transforming the lazy route chunks (Radix, the pages), hence the longer timeouts.
describe('app routes and session bootstrap', { timeout: 20_000 }, () => {
  it('sends a signed-out visitor to /sign-in?next=… with the API health, and back after signing in', async () => {
    server.on('POST /api/auth/login', { status: 200, body: auth('token-after-login') });
    server.on(`GET /api/workspaces/${ids.workspace}`, { status: 200, body: workspace('admin') });
    server.on(`GET /api/workspaces/${ids.workspace}/members`, { status: 200, body: { data: [], nextCursor: null } });
    server.on('GET /api/workspaces', { status: 200, body: { data: [workspace('admin')], nextCursor: null } });
    start(settingsPath);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/sign-in?next=${encodeURIComponent(settingsPath)}`);
    // The health line renders at once ("Checking the service…") and fills in when GET /api/health answers.
    await waitFor(() => expect(screen.getByTestId('health-status')).toHaveTextContent('All systems operational'));
    // No session hint cookie: nothing to restore, so no refresh request that could only fail.
    expect(server.requests.map((r) => r.url)).not.toContain('/api/auth/refresh');

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email'), 'admin@example.com');
    await user.type(screen.getByLabelText('Password'), 'Switchboard!2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Workspace settings' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(settingsPath);
  });

  it('restores the session from the refresh cookie on start and opens the app', async () => {
    withSessionHint();
    server.on('POST /api/auth/refresh', { status: 200, body: auth('restored') });
    server.on('GET /api/workspaces', { status: 200, body: { data: [workspace('viewer')], nextCursor: null } });
    server.on(`GET /api/workspaces/${ids.workspace}`, { status: 200, body: workspace('viewer') });
    start('/');

    // The dashboard page belongs to another feature: check where we are and the shell, not its content.
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(new RegExp(`^/w/${ids.workspace}$`)), { timeout: 10_000 });
    expect(await screen.findByRole('link', { name: 'Inbox' })).toBeInTheDocument();
    expect(sessionStore.getAccessToken()).toBe('restored');
    // A viewer has no Activity link in the sidebar.
    expect(screen.queryByRole('link', { name: 'Activity' })).not.toBeInTheDocument();
  });

  it('invites a new account with no workspace to create one', async () => {
    withSessionHint();
    server.on('POST /api/auth/refresh', { status: 200, body: auth('restored') });
    server.on('GET /api/workspaces', { status: 200, body: { data: [], nextCursor: null } });
    start('/');
    expect(await screen.findByText('Create your first workspace')).toBeInTheDocument();
  });

  it('signs out to /sign-in when the hinted session cannot be restored', async () => {
    withSessionHint();
    server.on('POST /api/auth/refresh', { status: 401, body: errorBody('unauthorized', 'Your session has ended; sign in again') });
    start('/');
    expect(await screen.findByRole('heading', { name: 'Sign in' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(server.requests.filter((r) => r.url === '/api/auth/refresh')).toHaveLength(1);
  });
});
