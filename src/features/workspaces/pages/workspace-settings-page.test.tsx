import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, member, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { WorkspaceSettingsPage } from './workspace-settings-page';

let server: MockApi;
const base = `/api/workspaces/${ids.workspace}`;

function serve(role: Role) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) }).on(`GET ${base}/members`, {
    status: 200,
    body: {
      data: [
        member({ id: ids.owner, name: 'Olivia Owner', role: 'owner' }),
        member({ id: ids.me, name: 'Mia Me', role }),
        member({ id: ids.other, name: 'Ava Agent', role: 'agent' }),
        member({ id: ids.invitation, userId: null, name: null, email: 'new@example.com', role: 'viewer', status: 'invited' }),
      ],
      nextCursor: null,
    },
  });
}

async function renderAs(role: Role) {
  serve(role);
  renderRoute(<WorkspaceSettingsPage />, { path: `/w/${ids.workspace}/settings`, pattern: '/w/:wid/settings' });
  await screen.findByText('Ava Agent');
}

beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth());
});
afterEach(() => {
  server.restore();
});

describe('WorkspaceSettingsPage', () => {
  it.each(['viewer', 'agent'] as const)('offers a %s no admin actions, only leaving', async (role) => {
    await renderAs(role);

    expect(screen.queryByRole('textbox', { name: 'Workspace name' })).not.toBeInTheDocument();
    expect(screen.getByText('Acme Coffee')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Invite a member' })).not.toBeInTheDocument();
    expect(screen.queryAllByRole('combobox')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete workspace' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Leave workspace' })).toBeInTheDocument();
    // Everyone sees who is a member and who is invited.
    expect(screen.getByText('new@example.com')).toBeInTheDocument();
    expect(screen.getByText('Invited')).toBeInTheDocument();
  });

  it('lets an admin rename, invite, change roles and remove non-owners, without the owner role', async () => {
    await renderAs('admin');

    expect(screen.getByRole('textbox', { name: 'Workspace name' })).toHaveValue('Acme Coffee');
    expect(screen.getByRole('form', { name: 'Invite a member' })).toBeInTheDocument();

    // Pickers for Ava and the invitation; none for the owner (admins do not manage owners) or for oneself.
    const pickers = screen.getAllByRole('combobox', { name: /^Role of/ });
    expect(pickers.map((p) => p.getAttribute('aria-label'))).toEqual(['Role of Ava Agent', 'Role of new@example.com']);
    for (const picker of [...pickers, screen.getByRole('combobox', { name: 'Role' })]) {
      expect(within(picker).queryByRole('option', { name: 'Owner' })).not.toBeInTheDocument();
      expect(
        within(picker)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Admin', 'Agent', 'Viewer']);
    }
    expect(screen.getByRole('button', { name: 'Remove Ava Agent' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove Olivia Owner' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete workspace' })).not.toBeInTheDocument();
  });

  it('gives an owner the owner role, owner rows and deleting the workspace', async () => {
    await renderAs('owner');

    const pickers = screen.getAllByRole('combobox', { name: /^Role of/ });
    expect(pickers.map((p) => p.getAttribute('aria-label'))).toEqual(['Role of Olivia Owner', 'Role of Ava Agent', 'Role of new@example.com']);
    expect(
      within(pickers[1]!)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Owner', 'Admin', 'Agent', 'Viewer']);
    expect(screen.getByRole('button', { name: 'Remove Olivia Owner' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete workspace' })).toBeInTheDocument();
  });

  it('does not offer leaving to the only owner (the server would refuse), but does once there is another owner', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('owner') }).on(`GET ${base}/members`, {
      status: 200,
      body: { data: [member({ id: ids.me, name: 'Mia Me', role: 'owner' }), member({ id: ids.other, name: 'Ava Agent', role: 'agent' })], nextCursor: null },
    });
    const { queryClient } = renderRoute(<WorkspaceSettingsPage />, { path: `/w/${ids.workspace}/settings`, pattern: '/w/:wid/settings' });
    expect(await screen.findByText(/You are the only owner/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Leave workspace' })).not.toBeInTheDocument();

    // Ava becomes an owner (as a member.updated event would refresh the list).
    server.on(`GET ${base}/members`, {
      status: 200,
      body: { data: [member({ id: ids.me, name: 'Mia Me', role: 'owner' }), member({ id: ids.other, name: 'Ava Agent', role: 'owner' })], nextCursor: null },
    });
    await queryClient.invalidateQueries();
    expect(await screen.findByRole('button', { name: 'Leave workspace' })).toBeInTheDocument();
    expect(screen.queryByText(/You are the only owner/)).not.toBeInTheDocument();
  });

  it('changes a role with PATCH on the member’s id (an invitation’s id for an invitation)', async () => {
    await renderAs('admin');
    server.on(`PATCH ${base}/members/${ids.invitation}`, (req) => ({
      status: 200,
      body: member({ id: ids.invitation, role: (req.body as { role: Role }).role }),
    }));

    await userEvent.setup().selectOptions(screen.getByRole('combobox', { name: 'Role of new@example.com' }), 'agent');

    await waitFor(() => expect(server.requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ role: 'agent' });
  });

  it('deletes the workspace only after its name is typed', async () => {
    const user = userEvent.setup();
    await renderAs('owner');
    server.on(`DELETE ${base}`, { status: 204 });

    await user.click(screen.getByRole('button', { name: 'Delete workspace' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete workspace?' });
    await user.type(within(dialog).getByLabelText('Type Acme Coffee to confirm'), 'Acme');
    await user.click(within(dialog).getByRole('button', { name: 'Delete workspace' }));
    expect(within(dialog).getByText('The name does not match')).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(false);

    await user.type(within(dialog).getByLabelText('Type Acme Coffee to confirm'), ' Coffee');
    await user.click(within(dialog).getByRole('button', { name: 'Delete workspace' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'DELETE' && r.url === base)).toBe(true));
  });
});
