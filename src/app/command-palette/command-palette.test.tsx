import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { closeOverlay } from '@/lib/overlays';
import { sessionStore } from '@/lib/session-store';
import { resetThemeForTests } from '@/lib/theme';
import { auth, conversation, customer, ids, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { loadDeferredFeatures } from '../deferred-features';
import { features } from '../features';
import { GlobalOverlays, overlayForKey } from '../global-overlays';

function Where() {
  const location = useLocation();
  return <p data-testid="location">{location.pathname + location.search}</p>;
}

function renderShell(role: 'viewer' | 'admin' = 'admin') {
  const server = mockApi()
    .on(`GET /api/workspaces/${ids.workspace}`, { status: 200, body: workspace(role) })
    .on('GET /api/workspaces', {
      status: 200,
      body: page([workspace(role), workspace('agent', { id: '00000000-0000-4000-8000-0000000000f2', name: 'Second shop' })]),
    });
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={[`/w/${ids.workspace}/inbox`]}>
        <Routes>
          <Route
            path="*"
            element={
              <>
                <button type="button">Somewhere on the page</button>
                <input aria-label="A text field" />
                <Where />
                <GlobalOverlays wid={ids.workspace} />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { server, user };
}

const location = () => screen.getByTestId('location').textContent;
// The palette's chunk loads on its first opening: the first test waits for the import.
const combobox = () => screen.findByRole('combobox', { name: 'Search or run a command' }, { timeout: 5_000 });
const options = () => within(screen.getByRole('listbox')).getAllByRole('option');
const selected = () => options().find((o) => o.getAttribute('aria-selected') === 'true')?.textContent;

describe('the command palette', () => {
  let server: MockApi | undefined;
  // The palette, the sheet and the features' actions load on first use; compiling them once here keeps each
  // test's waits about the component, not the test runner's transform.
  beforeAll(async () => {
    await Promise.all([import('./command-palette'), import('../shortcuts-sheet'), loadDeferredFeatures(features)]);
  }, 60_000);
  beforeEach(() => {
    sessionStore.signIn(auth());
    localStorage.clear();
    resetThemeForTests();
  });
  afterEach(() => {
    server?.restore();
    act(() => closeOverlay());
  });

  it('opens on Ctrl+K, filters pages and actions as you type, and goes to the chosen page with Enter', async () => {
    const shell = renderShell();
    server = shell.server;
    await shell.user.keyboard('{Control>}k{/Control}');
    const input = await combobox();
    expect(input).toHaveFocus();
    expect(screen.getByRole('dialog', { name: 'Search or run a command' })).toBeInTheDocument();
    // Every page of the navigation the role may see, and the features' actions once loaded.
    await waitFor(() => expect(screen.getByRole('option', { name: 'Sign out' })).toBeInTheDocument());
    expect(screen.getByRole('option', { name: /^Activity/ })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Switch workspace to Second shop' })).toBeInTheDocument();
    // Admins only: offered once the role has loaded.
    expect(await screen.findByRole('option', { name: 'Invite a member' })).toBeInTheDocument();

    await shell.user.type(input, 'ord');
    expect(options()[0]).toHaveTextContent(/^Orders/);
    expect(selected()).toMatch(/^Orders/);
    expect(input).toHaveAttribute('aria-activedescendant', options()[0]!.id);
    await shell.user.keyboard('{Enter}');
    expect(location()).toBe(`/w/${ids.workspace}/orders`);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('moves through the list with the arrow keys, wrapping at the ends', async () => {
    const shell = renderShell();
    server = shell.server;
    await shell.user.keyboard('{Control>}k{/Control}');
    const input = await combobox();
    await shell.user.type(input, 'theme');
    await waitFor(() => expect(options().map((o) => o.textContent)).toEqual(['Switch theme: light', 'Switch theme: dark']));
    expect(selected()).toBe('Switch theme: light');
    await shell.user.keyboard('{ArrowDown}');
    expect(selected()).toBe('Switch theme: dark');
    await shell.user.keyboard('{ArrowDown}');
    expect(selected()).toBe('Switch theme: light');
    await shell.user.keyboard('{ArrowUp}');
    expect(selected()).toBe('Switch theme: dark');
    await shell.user.keyboard('{Enter}');
    expect(document.documentElement).toHaveClass('dark');
    expect(localStorage.getItem('switchboard:theme')).toBe('dark');
  });

  it('finds customers and conversations through the list endpoints, and opens the chosen customer', async () => {
    const shell = renderShell();
    server = shell.server;
    server
      .on(`GET /api/workspaces/${ids.workspace}/customers`, { status: 200, body: page([customer({ name: 'Maya Chen' })]) })
      .on(`GET /api/workspaces/${ids.workspace}/conversations`, { status: 200, body: page([conversation(7, { subject: 'Grinder refund' })]) });
    await shell.user.keyboard('{Control>}k{/Control}');
    const input = await combobox();
    await shell.user.type(input, 'maya');
    expect(await screen.findByRole('option', { name: /^Maya Chen/ })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /#7 Grinder refund/ })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'New conversation with Maya Chen' })).toBeInTheDocument();
    const searches = server.requests.filter((r) => r.url.endsWith('/customers') || r.url.endsWith('/conversations'));
    // Debounced: one search per endpoint for the whole word, not one per letter.
    expect(searches.map((r) => [r.url.split('/').at(-1), r.params.q, r.params.limit])).toEqual([
      ['customers', 'maya', 5],
      ['conversations', 'maya', 5],
    ]);
    expect(selected()).toMatch(/^Maya Chen/);
    await shell.user.keyboard('{Enter}');
    expect(location()).toBe(`/w/${ids.workspace}/customers/${customer().id}`);
  });

  it('leaves out the pages the role may not see', async () => {
    const shell = renderShell('viewer');
    server = shell.server;
    await shell.user.keyboard('{Control>}k{/Control}');
    await combobox();
    await waitFor(() => expect(screen.getByRole('option', { name: 'Sign out' })).toBeInTheDocument());
    expect(screen.getByRole('option', { name: /^Inbox/ })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /^Activity/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Invite a member' })).not.toBeInTheDocument();
    // A viewer finds customers but is not offered to write to them.
    server
      .on(`GET /api/workspaces/${ids.workspace}/customers`, { status: 200, body: page([customer({ name: 'Maya Chen' })]) })
      .on(`GET /api/workspaces/${ids.workspace}/conversations`, { status: 200, body: page([]) });
    await shell.user.type(screen.getByRole('combobox'), 'maya');
    expect(await screen.findByRole('option', { name: /^Maya Chen/ })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /New conversation/ })).not.toBeInTheDocument();
  });

  it('closes on Escape and gives focus back to where it was', async () => {
    const shell = renderShell();
    server = shell.server;
    const opener = screen.getByRole('button', { name: 'Somewhere on the page' });
    opener.focus();
    await shell.user.keyboard('{Meta>}k{/Meta}');
    expect(await combobox()).toHaveFocus();
    await shell.user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(opener).toHaveFocus();
    expect(location()).toBe(`/w/${ids.workspace}/inbox`);
  });

  it('opens the keyboard shortcuts on ? outside text fields, and from the palette', async () => {
    const shell = renderShell();
    server = shell.server;
    await shell.user.type(screen.getByRole('textbox', { name: 'A text field' }), '?');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    screen.getByRole('button', { name: 'Somewhere on the page' }).focus();
    await shell.user.keyboard('?');
    const sheet = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(sheet).getByText('Close the conversation and open the next')).toBeInTheDocument();
    await shell.user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await shell.user.keyboard('{Control>}k{/Control}');
    await shell.user.type(await combobox(), 'shortcuts');
    await shell.user.keyboard('{Enter}');
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  });
});

describe('overlayForKey', () => {
  const key = (over: Partial<Parameters<typeof overlayForKey>[0]>) => ({
    key: 'k',
    metaKey: false,
    ctrlKey: false,
    altKey: false,
    target: document.body,
    ...over,
  });
  it('opens the palette on ⌘K or Ctrl+K, even in a text field, and the sheet on ? only outside one', () => {
    const input = document.createElement('input');
    expect(overlayForKey(key({ metaKey: true }))).toBe('palette');
    expect(overlayForKey(key({ ctrlKey: true, key: 'K', target: input }))).toBe('palette');
    expect(overlayForKey(key({}))).toBeNull();
    expect(overlayForKey(key({ key: '?' }))).toBe('shortcuts');
    expect(overlayForKey(key({ key: '?', target: input }))).toBeNull();
    expect(overlayForKey(key({ key: '?', ctrlKey: true }))).toBeNull();
  });
});
