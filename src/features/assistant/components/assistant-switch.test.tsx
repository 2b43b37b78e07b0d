import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantSettings } from '../../../../contracts/assistant';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, conversationDetail, ids, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { AssistantSwitch } from './assistant-switch';

const base = `/api/workspaces/${ids.workspace}`;
const detail = conversationDetail(1, { aiActive: true });
const settings = (available: boolean): AssistantSettings => ({ available, enabledForNewConversations: true, knowledge: '', updatedAt: null });

let server: MockApi;
beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

function serve(role: Role, available: boolean) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/assistant`, { status: 200, body: settings(available) });
  server.on(`GET ${base}/conversations/${detail.id}`, { status: 200, body: detail });
}
const renderSwitch = () =>
  renderRoute(<AssistantSwitch wid={ids.workspace} conversationId={detail.id} customerId={detail.customer.id} refreshConversation={() => {}} />);

describe('AssistantSwitch', () => {
  it('turns the assistant off for the conversation', async () => {
    serve('agent', true);
    server.on(`PATCH ${base}/conversations/${detail.id}`, (request) => ({ status: 200, body: { ...detail, ...(request.body as object) } }));
    const user = userEvent.setup();
    renderSwitch();
    const toggle = await screen.findByRole('switch', { name: 'AI assistant on' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ aiActive: false }]));
    expect(await screen.findByRole('switch', { name: 'AI assistant off' })).not.toBeChecked();
  });

  it('shows nothing when the server has no AI API', async () => {
    serve('admin', false);
    renderSwitch();
    await waitFor(() => expect(server.requests.some((r) => r.url.endsWith('/assistant'))).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});
