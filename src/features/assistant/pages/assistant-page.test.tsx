import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantSettings } from '../../../../contracts/assistant';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { AssistantPage } from './assistant-page';

const base = `/api/workspaces/${ids.workspace}`;
const settings = (over: Partial<AssistantSettings> = {}): AssistantSettings => ({
  available: true,
  enabledForNewConversations: false,
  knowledge: 'We ship within 2 days.',
  updatedAt: '2026-03-10T12:00:00.000Z',
  ...over,
});

let server: MockApi;
beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

function serve(role: Role, body: AssistantSettings) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/assistant`, { status: 200, body });
}
const renderPage = () => renderRoute(<AssistantPage />, { path: `/w/${ids.workspace}/settings/assistant`, pattern: '/w/:wid/settings/assistant' });

describe('AssistantPage', () => {
  it('lets an admin change the knowledge text and the default for new conversations', async () => {
    serve('admin', settings());
    server.on(`PUT ${base}/assistant`, (request) => ({ status: 200, body: settings(request.body as Partial<AssistantSettings>) }));
    const user = userEvent.setup();
    renderPage();
    const text = await screen.findByRole('textbox', { name: 'What the assistant should know' });
    expect(text).toHaveValue('We ship within 2 days.');
    expect(screen.queryByText(/not configured on this server/)).not.toBeInTheDocument();
    await user.clear(text);
    await user.type(text, 'Closed on Sundays.');
    await user.click(screen.getByRole('switch', { name: /Turn the assistant on for new conversations/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(server.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([
        { knowledge: 'Closed on Sundays.', enabledForNewConversations: true },
      ]),
    );
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });

  it('shows an agent the settings read-only, and says when the server has no AI API', async () => {
    serve('agent', settings({ available: false }));
    renderPage();
    expect(await screen.findByText(/not configured on this server/)).toHaveTextContent('AI_BASE_URL, AI_API_KEY and AI_MODEL');
    expect(screen.getByRole('textbox', { name: 'What the assistant should know' })).toHaveAttribute('readonly');
    expect(screen.getByRole('switch', { name: /Turn the assistant on/ })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.getByText('Only admins and owners change these settings.')).toBeInTheDocument();
  });

  it('tells a viewer the settings are for agents and up, without asking the API', async () => {
    serve('viewer', settings());
    renderPage();
    expect(await screen.findByText('Only agents, admins and owners see the assistant’s settings')).toBeInTheDocument();
    expect(server.requests.some((r) => r.url.endsWith('/assistant'))).toBe(false);
  });
});
