import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey, CreatedApiKey } from '../../../../contracts/api-keys';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { curlExample } from '../components/new-key-panel';
import { ApiKeysPage, GUIDE_URL } from './api-keys-page';

const base = `/api/workspaces/${ids.workspace}`;
const NOW = new Date('2026-03-10T12:00:00.000Z').getTime();
const SECRET = 'sbk_Xk3v9QaLr2P0dYw8mNcT5uJhZbVfGqE1oKsA7iLnB4x';

const key = (over: Partial<ApiKey> & Pick<ApiKey, 'id' | 'name'>): ApiKey => ({
  prefix: 'sbk_Ab12Cd34',
  scopes: ['read'],
  lastUsedAt: null,
  createdAt: new Date(NOW - 3 * 86_400_000).toISOString(),
  createdBy: { id: ids.me, name: 'Mia Me' },
  ...over,
});

const reporting = key({
  id: '00000000-0000-4000-8000-0000000000e1',
  name: 'Reporting script',
  prefix: 'sbk_Rp0rT1ng',
  scopes: ['read', 'write'],
  lastUsedAt: new Date(NOW - 2 * 3_600_000).toISOString(),
});
const chatbot = key({
  id: '00000000-0000-4000-8000-0000000000e2',
  name: 'Chatbot metrics',
  prefix: 'sbk_Ch4tB0ts',
  scopes: ['metrics:write'],
  createdBy: { id: ids.other, name: 'Ada Admin' },
});

let server: MockApi;

function serve(role: Role, keys: ApiKey[] | (() => ApiKey[])) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/api-keys`, () => ({ status: 200, body: page(typeof keys === 'function' ? keys() : keys) }));
}

const renderPage = () => renderRoute(<ApiKeysPage />, { path: `/w/${ids.workspace}/settings/api-keys`, pattern: '/w/:wid/settings/api-keys' });
const row = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, shouldAdvanceTime: true });
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => {
  server.restore();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ApiKeysPage', () => {
  it('lists the active keys with their prefix, scopes, creator and relative times', async () => {
    serve('admin', [reporting, chatbot]);
    renderPage();
    expect(await screen.findByRole('rowheader', { name: 'Reporting script' })).toBeInTheDocument();

    const first = within(row('Reporting script'));
    expect(first.getByText('sbk_Rp0rT1ng…')).toBeInTheDocument();
    expect(first.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['read', 'write']);
    expect(first.getByText('Mia Me')).toBeInTheDocument();
    expect(first.getByText('3 days ago')).toBeInTheDocument();
    expect(first.getByText('2 hours ago')).toBeInTheDocument();

    const second = within(row('Chatbot metrics'));
    expect(second.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['metrics:write']);
    expect(second.getByText('Ada Admin')).toBeInTheDocument();
    expect(second.getByText('Never')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create key' })).toBeInTheDocument();
  });

  it('explains keys when there are none, with a link to the guide', async () => {
    serve('owner', []);
    renderPage();
    expect(await screen.findByRole('heading', { name: 'No API keys yet' })).toBeInTheDocument();
    expect(screen.getByText(/without signing in/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Read the guide to using the API' })).toHaveAttribute('href', GUIDE_URL);
    expect(screen.getByRole('button', { name: 'Create key' })).toBeInTheDocument();
  });

  it('creates a key and shows its secret once, to copy, with a curl command that uses it', async () => {
    let keys: ApiKey[] = [];
    serve('admin', () => keys);
    const created: CreatedApiKey = {
      ...key({ id: '00000000-0000-4000-8000-0000000000e3', name: 'Nightly export', prefix: SECRET.slice(0, 12) }),
      secret: SECRET,
    };
    server.on(`POST ${base}/api-keys`, (request) => {
      const body = request.body as { name: string; scopes: ApiKey['scopes'] };
      const { secret: _secret, ...listed } = { ...created, name: body.name, scopes: body.scopes };
      keys = [listed];
      return { status: 201, body: { ...created, name: body.name, scopes: body.scopes } };
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Create key' }));

    const dialog = await screen.findByRole('dialog', { name: 'Create API key' });
    const name = within(dialog).getByLabelText('Name');
    expect(name).toHaveFocus();
    await user.type(name, 'Nightly export');
    // Read is ticked by default; add the metrics scope by keyboard.
    expect(within(dialog).getByRole('checkbox', { name: /^Read/ })).toBeChecked();
    within(dialog)
      .getByRole('checkbox', { name: /^Send metrics/ })
      .focus();
    await user.keyboard(' ');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByLabelText('Secret key');
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ name: 'Nightly export', scopes: ['read', 'metrics:write'] }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(secret).toHaveValue(SECRET);
    expect(secret).toHaveAttribute('readonly');
    await waitFor(() => expect(secret).toHaveFocus());
    expect(screen.getByText('This is the only time the key is shown.')).toBeInTheDocument();
    const curl = screen.getByRole('region', { name: 'curl: list five customers' });
    expect(curl).toHaveTextContent(`Authorization: Bearer ${SECRET}`);
    expect(curl).toHaveTextContent(`/api/workspaces/${ids.workspace}/customers?limit=5`);

    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(screen.getByText('Copied to the clipboard')).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(await screen.findByRole('button', { name: 'Copy key' })).toBeInTheDocument();

    // The list shows the new key (never its secret); once dismissed, the secret is gone from the page.
    expect(await screen.findByRole('rowheader', { name: 'Nightly export' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done, I have stored it' }));
    expect(screen.queryByLabelText('Secret key')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('asks for at least one scope before sending anything', async () => {
    serve('admin', [reporting]);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create API key' });
    await user.type(within(dialog).getByLabelText('Name'), 'Nothing allowed');
    await user.click(within(dialog).getByRole('checkbox', { name: /^Read/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Choose at least one scope')).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'Scopes' })).toHaveAccessibleDescription('Choose at least one scope');
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows the server’s 422 messages beside their fields, and a refusal naming no field at the top', async () => {
    serve('admin', [reporting]);
    let answer = {
      status: 422,
      body: errorBody('validation_failed', 'The body is not valid', [{ path: 'name', message: 'Must not contain a NUL character' }]),
    };
    server.on(`POST ${base}/api-keys`, () => answer);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Create key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create API key' });
    await user.type(within(dialog).getByLabelText('Name'), 'Export');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Must not contain a NUL character')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');

    answer = { status: 422, body: errorBody('validation_failed', 'The body is not valid', [{ path: 'scopes.0', message: 'Invalid option' }]) };
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Invalid option')).toBeInTheDocument();
    expect(within(dialog).queryByText('Must not contain a NUL character')).not.toBeInTheDocument();

    answer = { status: 409, body: errorBody('conflict', 'A workspace may have at most 50 active API keys; revoke one first') };
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('at most 50 active API keys');
    expect(screen.queryByLabelText('Secret key')).not.toBeInTheDocument();
  });

  it('revokes a key after asking, naming it', async () => {
    let keys = [reporting, chatbot];
    serve('admin', () => keys);
    server.on(`DELETE ${base}/api-keys/${chatbot.id}`, () => {
      keys = [reporting];
      return { status: 204 };
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Revoke Chatbot metrics' }));

    const dialog = await screen.findByRole('dialog', { name: 'Revoke “Chatbot metrics”?' });
    expect(dialog).toHaveTextContent('Scripts using it stop working on their next request');
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`${base}/api-keys/${chatbot.id}`]);
    expect(screen.queryByRole('rowheader', { name: 'Chatbot metrics' })).not.toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Reporting script' })).toBeInTheDocument();
  });

  it('keeps the dialog open with the server’s message when a revoke fails, and Cancel sends nothing', async () => {
    serve('admin', [reporting]);
    server.on(`DELETE ${base}/api-keys/${reporting.id}`, { status: 404, body: errorBody('not_found', 'API key not found') });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Revoke Reporting script' }));
    let dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Keep key' }));
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Revoke Reporting script' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('API key not found');
    // Gone already (revoked elsewhere): the list is asked again.
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'GET' && r.url === `${base}/api-keys`)).toHaveLength(2));
  });

  it('says when the list cannot be loaded, and tries again', async () => {
    let fail = true;
    server.on(`GET ${base}`, { status: 200, body: workspace('admin') });
    server.on(`GET ${base}/api-keys`, () =>
      fail ? { status: 503, body: errorBody('unavailable', 'The database is not reachable') } : { status: 200, body: page([reporting]) },
    );
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderPage();
    expect(await screen.findByRole('alert')).toHaveTextContent('The database is not reachable');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('rowheader', { name: 'Reporting script' })).toBeInTheDocument();
  });

  it('does not ask for the keys below admin', async () => {
    serve('agent', [reporting]);
    renderPage();
    expect(await screen.findByText('Only admins and owners manage API keys')).toBeInTheDocument();
    expect(server.requests.some((r) => r.url.endsWith('/api-keys'))).toBe(false);
  });
});

describe('curlExample', () => {
  const origin = 'https://switchboard.example.com';
  it('reads when the key may read, else sends what it may write', () => {
    expect(curlExample(SECRET, ['read', 'write'], origin, ids.workspace).code).toBe(
      `curl "${origin}${base}/customers?limit=5" \\\n  -H "Authorization: Bearer ${SECRET}"`,
    );
    const metrics = curlExample(SECRET, ['metrics:write'], origin, ids.workspace).code;
    expect(metrics).toContain(`-X POST "${origin}${base}/metrics"`);
    expect(JSON.parse(metrics.match(/-d '(.*)'/)![1]!)).toEqual({ points: [{ name: 'example.requests', value: 1 }] });
    expect(curlExample(SECRET, ['write'], origin, ids.workspace).code).toContain(`-X POST "${origin}${base}/customers"`);
  });
});
