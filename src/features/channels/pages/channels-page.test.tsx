import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectedChannel } from '../../../../contracts/channels';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { navigate } from '../components/connect-dialog';
import { ChannelPage } from './channel-page';
import { ChannelsPage } from './channels-page';

const base = `/api/workspaces/${ids.workspace}`;
const NOW = new Date('2026-03-10T12:00:00.000Z').getTime();
const PUBLIC_KEY = 'pk_AbCdEfGhIjKlMnOpQrStUvWx';

const channel = (over: Partial<ConnectedChannel> & Pick<ConnectedChannel, 'id' | 'type' | 'name'>): ConnectedChannel => ({
  status: 'connected',
  publicKey: null,
  settings: {},
  lastActivityAt: null,
  lastError: null,
  createdAt: new Date(NOW - 86_400_000).toISOString(),
  updatedAt: new Date(NOW - 86_400_000).toISOString(),
  ...over,
});
const widget = channel({
  id: '00000000-0000-4000-8000-0000000000c1',
  type: 'web',
  name: 'Shop chat',
  publicKey: PUBLIC_KEY,
  settings: { allowedOrigins: ['https://shop.example.com'] },
  lastActivityAt: new Date(NOW - 3 * 60_000).toISOString(),
});
const bot = channel({
  id: '00000000-0000-4000-8000-0000000000c2',
  type: 'telegram',
  name: 'Shop bot',
  status: 'error',
  lastError: 'Telegram refused the token',
});

let server: MockApi;

function serve(role: Role, channels: ConnectedChannel[] | (() => ConnectedChannel[])) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/channels`, () => ({ status: 200, body: page(typeof channels === 'function' ? channels() : channels) }));
}

const renderList = (query = '') =>
  renderRoute(<ChannelsPage />, { path: `/w/${ids.workspace}/settings/channels${query}`, pattern: '/w/:wid/settings/channels' });
const renderChannel = (id: string) =>
  renderRoute(<ChannelPage />, { path: `/w/${ids.workspace}/settings/channels/${id}`, pattern: '/w/:wid/settings/channels/:channelId' });

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

describe('ChannelsPage', () => {
  it('lists the channels with their kind, status, problem and last activity', async () => {
    serve('admin', [widget, bot]);
    renderList();
    const link = await screen.findByRole('link', { name: 'Shop chat' });
    expect(link).toHaveAttribute('href', `/w/${ids.workspace}/settings/channels/${widget.id}`);
    const web = within(screen.getByRole('row', { name: /Shop chat/ }));
    expect(web.getByText('Web widget')).toBeInTheDocument();
    expect(web.getByText('Connected')).toBeInTheDocument();
    expect(web.getByText('3 minutes ago')).toBeInTheDocument();
    const telegram = within(screen.getByRole('row', { name: /Shop bot/ }));
    expect(telegram.getByText('Needs attention')).toBeInTheDocument();
    expect(telegram.getByText('Telegram refused the token')).toBeInTheDocument();
    expect(telegram.getByText('No messages yet')).toBeInTheDocument();
  });

  it('tells agents that only admins and owners manage channels, and asks the API nothing', async () => {
    serve('agent', [widget]);
    renderList();
    expect(await screen.findByRole('heading', { name: 'Only admins and owners manage channels' })).toBeInTheDocument();
    expect(server.requests.some((r) => r.url.endsWith('/channels'))).toBe(false);
  });

  it('connects a web widget and shows its embed code to copy', async () => {
    let channels: ConnectedChannel[] = [];
    serve('owner', () => channels);
    server.on(`POST ${base}/channels`, (request) => {
      const body = request.body as { name: string; settings: Record<string, unknown> };
      const made = channel({ id: '00000000-0000-4000-8000-0000000000c3', type: 'web', name: body.name, publicKey: PUBLIC_KEY, settings: body.settings });
      channels = [made];
      return { status: 201, body: made };
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    expect(await screen.findByRole('heading', { name: 'No channels yet' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Connect a channel' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect a channel' });
    for (const label of ['Web widget', 'Telegram', 'Viber', 'Facebook Messenger', 'Instagram', 'WhatsApp', 'TikTok'])
      expect(within(dialog).getByRole('button', { name: new RegExp(label) })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /Web widget/ }));

    const form = await screen.findByRole('dialog', { name: 'Connect Web widget' });
    // No site yet: said before anything is sent.
    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    expect(await within(form).findByText(/Add the site that will show the widget/)).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.type(within(form).getByLabelText('Allowed origins'), 'https://shop.example.com{enter}{enter}http://localhost:5173');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));

    const snippet = await screen.findByRole('region', { name: 'Widget embed code' });
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ type: 'web', name: 'Website chat', settings: { allowedOrigins: ['https://shop.example.com', 'http://localhost:5173'] } });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const expected = `<script src="${window.location.origin}/widget.js" data-key="${PUBLIC_KEY}" async></script>`;
    expect(snippet).toHaveTextContent(expected);
    await user.click(screen.getByRole('button', { name: 'Copy Widget embed code' }));
    expect(await navigator.clipboard.readText()).toBe(expected);
    expect(await screen.findByRole('link', { name: 'Website chat' })).toBeInTheDocument();
  });

  it('shows the server’s refusal of an origin on its line, and of a bot token beside the field', async () => {
    serve('admin', [widget]);
    server.on(`POST ${base}/channels`, (request) =>
      (request.body as { type: string }).type === 'web'
        ? {
            status: 422,
            body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'settings.allowedOrigins.1', message: 'Enter a site’s origin' }]),
          }
        : {
            status: 422,
            body: errorBody('validation_failed', 'Some fields are not valid', [
              { path: 'credentials.botToken', message: 'Telegram refused this token: Unauthorized. Copy the token again from @BotFather.' },
            ]),
          },
    );
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Connect a channel' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: /Web widget/ }));
    let form = await screen.findByRole('dialog', { name: 'Connect Web widget' });
    await user.type(within(form).getByLabelText('Allowed origins'), 'https://ok.example.com{enter}shop.example.com/path');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    expect(await within(form).findByText('Line 2: Enter a site’s origin')).toBeInTheDocument();
    expect(within(form).getByLabelText('Allowed origins')).toHaveAttribute('aria-invalid', 'true');

    await user.click(within(form).getByRole('button', { name: 'Back' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: /Telegram/ }));
    form = await screen.findByRole('dialog', { name: 'Connect Telegram' });
    expect(within(form).getByText(/@BotFather/)).toBeInTheDocument();
    await user.type(within(form).getByLabelText('Bot token'), '123:wrong');
    await user.click(within(form).getByRole('button', { name: 'Connect' }));
    expect(await within(form).findByText(/Telegram refused this token: Unauthorized/)).toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)!.body).toEqual({
      type: 'telegram',
      name: 'Telegram',
      credentials: { botToken: '123:wrong' },
    });
  });

  it('starts an OAuth connect and goes to the provider; shows why when it cannot start', async () => {
    serve('admin', [widget]);
    const go = vi.spyOn(navigate, 'to').mockImplementation(() => {});
    server.on(`POST ${base}/channels/oauth/facebook/start`, { status: 200, body: { url: 'https://facebook.example/dialog/oauth?state=abc' } });
    server.on(`POST ${base}/channels/oauth/tiktok/start`, {
      status: 503,
      body: errorBody('unavailable', 'TikTok is not set up on this server (TIKTOK_CLIENT_KEY).'),
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Connect a channel' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: /Facebook Messenger/ }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Connect Facebook Messenger' })).getByRole('button', { name: 'Connect with Facebook Messenger' }),
    );
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://facebook.example/dialog/oauth?state=abc'));

    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Back' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: /TikTok/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Connect TikTok' })).getByRole('button', { name: 'Connect with TikTok' }));
    expect(await screen.findByText(/TikTok is not set up on this server/)).toBeInTheDocument();
    expect(go).toHaveBeenCalledTimes(1);
  });

  it('says a channel came back connected, or why nothing was, from the address', async () => {
    serve('admin', [widget]);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const first = renderList(`?connected=${widget.id}`);
    expect(await screen.findByText(/Shop chat \(Web widget\) is connected/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/is connected/)).not.toBeInTheDocument();
    first.unmount();

    renderList(`?error=${encodeURIComponent('You declined the permissions Switchboard asked for.')}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing was connected: You declined the permissions Switchboard asked for.');
    expect(screen.getByText(/Try again from Connect a channel/)).toBeInTheDocument();
  });
});

describe('ChannelPage', () => {
  it('changes the allowed origins, shows the embed code, and disconnects after asking', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('owner') });
    server.on(`GET ${base}/channels/${widget.id}`, { status: 200, body: widget });
    server.on(`PATCH ${base}/channels/${widget.id}`, (request) => {
      const body = request.body as { name: string; settings: Record<string, unknown> };
      if ((body.settings.allowedOrigins as string[]).includes('bad'))
        return {
          status: 422,
          body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'settings.allowedOrigins.1', message: 'Enter a site’s origin' }]),
        };
      return { status: 200, body: { ...widget, name: body.name, settings: body.settings, updatedAt: new Date(NOW).toISOString() } };
    });
    server.on(`DELETE ${base}/channels/${widget.id}`, { status: 204 });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderChannel(widget.id);
    expect(await screen.findByRole('heading', { name: /Shop chat/, level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Widget embed code' })).toHaveTextContent(`data-key="${PUBLIC_KEY}"`);
    const origins = screen.getByLabelText('Allowed origins');
    expect(origins).toHaveValue('https://shop.example.com');

    await user.type(origins, '{enter}bad');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Line 2: Enter a site’s origin')).toBeInTheDocument();

    await user.clear(screen.getByLabelText('Allowed origins'));
    await user.type(screen.getByLabelText('Allowed origins'), 'https://shop.example.com{enter}https://www.example.com');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'PATCH').at(-1)!.body).toEqual({
      name: 'Shop chat',
      settings: { allowedOrigins: ['https://shop.example.com', 'https://www.example.com'] },
    });

    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    const confirm = await screen.findByRole('dialog', { name: 'Disconnect Shop chat?' });
    expect(confirm).toHaveTextContent('The widget stops working on your sites at once.');
    await user.click(within(confirm).getByRole('button', { name: 'Disconnect channel' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'DELETE' && r.url === `${base}/channels/${widget.id}`)).toBe(true));
  });

  it('says what went wrong with a channel in error and what to do', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('admin') });
    server.on(`GET ${base}/channels/${bot.id}`, { status: 200, body: bot });
    renderChannel(bot.id);
    expect(await screen.findByText('Telegram refused the token')).toBeInTheDocument();
    expect(screen.getByText(/Disconnect the channel and connect it again/)).toBeInTheDocument();
    expect(screen.queryByLabelText('Allowed origins')).not.toBeInTheDocument();
  });
});
