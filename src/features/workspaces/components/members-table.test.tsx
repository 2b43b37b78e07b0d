import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toast, Toaster } from 'sonner';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../../contracts/roles';
import type { Member } from '../../../../contracts/workspaces';
import { sessionStore } from '@/lib/session-store';
import { workspaceKeys } from '@/lib/workspace-keys';
import { auth, ids, invitedMember, member, page, workspace } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import workspacesDeferred from '../deferred';
import { EMAIL_POLL_MS, EMAIL_POLL_WINDOW_MS, MembersTable, pendingEmailPoller } from './members-table';
import { InviteMemberForm } from './invite-member-form';

const base = `/api/workspaces/${ids.workspace}`;
const sentId = '00000000-0000-4000-8000-0000000000b1';
const failedId = '00000000-0000-4000-8000-0000000000b2';
const pendingId = '00000000-0000-4000-8000-0000000000b3';

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth());
});
afterEach(() => {
  server.restore();
  toast.dismiss();
  vi.restoreAllMocks();
});

function serveMembers(rows: Member[]) {
  server.on(`GET ${base}/members`, { status: 200, body: page(rows) });
}

const invitations = () => [
  member({ id: ids.me, name: 'Mia Me', role: 'admin' }),
  invitedMember({ id: sentId, email: 'sent@example.com', emailStatus: 'sent', expiresAt: '2026-01-08T09:30:00.000Z' }),
  invitedMember({ id: failedId, email: 'failed@example.com', emailStatus: 'failed' }),
  invitedMember({ id: pendingId, email: 'pending@example.com', emailStatus: 'pending' }),
];

async function renderTable(role: Role = 'admin', rows = invitations()) {
  serveMembers(rows);
  const result = renderRoute(
    <>
      <MembersTable workspace={workspace(role)} />
      <Toaster />
    </>,
  );
  await screen.findByText('sent@example.com');
  return result;
}

const row = (email: string) => screen.getByRole('row', { name: new RegExp(email.replace('.', '\\.')) });

describe('MembersTable: invited rows', () => {
  it('show the expiry and where the email is', async () => {
    await renderTable();

    const sent = row('sent@example.com');
    expect(sent).toHaveTextContent(/Invited · expires/);
    expect(within(sent).getByText(/2026/)).toHaveAttribute('datetime', '2026-01-08T09:30:00.000Z');
    expect(sent).toHaveTextContent('Email sent');
    expect(row('failed@example.com')).toHaveTextContent('Email failed; copy the link instead');
    expect(row('pending@example.com')).toHaveTextContent('Sending email…');
    // An active member has none of it.
    expect(row('Mia Me')).not.toHaveTextContent('Invited');
  });

  it('resend emails a new link and says so', async () => {
    await renderTable();
    server.on(`POST ${base}/members/${sentId}/resend`, {
      status: 200,
      body: invitedMember({ id: sentId, email: 'sent@example.com', emailStatus: 'pending' }),
    });
    serveMembers(invitations().map((m) => (m.id === sentId ? { ...m, emailStatus: 'pending' as const } : m)));

    await userEvent.setup().click(screen.getByRole('button', { name: 'Resend invitation to sent@example.com' }));

    expect(await screen.findByText('Invitation emailed again to sent@example.com. The earlier link no longer works.')).toBeInTheDocument();
    await waitFor(() => expect(row('sent@example.com')).toHaveTextContent('Sending email…'));
    expect(server.requests.filter((r) => r.method === 'POST' && r.url === `${base}/members/${sentId}/resend`)).toHaveLength(1);
  });

  it('copy link puts a fresh link on the clipboard and says the earlier one stopped working', async () => {
    const user = userEvent.setup();
    await renderTable();
    const url = 'http://localhost:3000/invite/fresh-token-0123456789abcdef';
    server.on(`POST ${base}/members/${failedId}/link`, { status: 200, body: { url, expiresAt: '2026-01-15T00:00:00.000Z' } });

    await user.click(screen.getByRole('button', { name: 'Copy invitation link for failed@example.com' }));

    expect(await screen.findByText(/^Link for failed@example\.com copied; it works until .*2026.*\. The earlier link stopped working\.$/)).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(url);
  });

  it('copy link shows the link to copy by hand when the clipboard refuses', async () => {
    const user = userEvent.setup();
    await renderTable();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Denied', 'NotAllowedError'));
    const url = 'http://localhost:3000/invite/fresh-token-0123456789abcdef';
    server.on(`POST ${base}/members/${failedId}/link`, { status: 200, body: { url, expiresAt: '2026-01-15T00:00:00.000Z' } });

    await user.click(screen.getByRole('button', { name: 'Copy invitation link for failed@example.com' }));

    const dialog = await screen.findByRole('dialog', { name: 'Invitation link' });
    expect(dialog).toHaveAccessibleDescription(/Send this link to failed@example\.com yourself\. .*the earlier link stopped working\./);
    expect(within(dialog).getByRole('textbox', { name: 'Link' })).toHaveValue(url);
    expect(within(dialog).getByRole('textbox', { name: 'Link' })).toHaveFocus();
  });

  it('revoke deletes the invitation by its id after confirming', async () => {
    const user = userEvent.setup();
    await renderTable();
    server.on(`DELETE ${base}/members/${sentId}`, { status: 204 });

    await user.click(screen.getByRole('button', { name: 'Revoke invitation for sent@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke invitation?' });
    expect(dialog).toHaveTextContent('The link sent to sent@example.com stops working');
    serveMembers(invitations().filter((m) => m.id !== sentId));
    await user.click(within(dialog).getByRole('button', { name: 'Revoke invitation' }));

    expect(await screen.findByText('Invitation for sent@example.com revoked')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('sent@example.com')).not.toBeInTheDocument());
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`${base}/members/${sentId}`]);
  });

  it('offers no invitation actions below admin, and none on owner invitations to an admin', async () => {
    await renderTable('agent');
    expect(screen.queryByRole('button', { name: /^(Resend|Copy invitation link|Revoke)/ })).not.toBeInTheDocument();
  });

  it('an admin cannot manage an invitation to be an owner', async () => {
    await renderTable('admin', [...invitations(), invitedMember({ id: ids.invitation, email: 'boss@example.com', role: 'owner' })]);
    expect(screen.queryByRole('button', { name: 'Resend invitation to boss@example.com' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke invitation for boss@example.com' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resend invitation to sent@example.com' })).toBeInTheDocument();
  });
});

describe('InviteMemberForm', () => {
  it('says an invitation was emailed, never that someone was added', async () => {
    server.on(`POST ${base}/members`, { status: 201, body: invitedMember({ id: sentId, email: 'existing@example.com', emailStatus: 'pending' }) });
    const user = userEvent.setup();
    renderRoute(
      <>
        <InviteMemberForm workspaceId={ids.workspace} roles={['admin', 'agent', 'viewer']} />
        <Toaster />
      </>,
    );
    await user.type(screen.getByLabelText('Email to invite'), 'existing@example.com');
    await user.click(screen.getByRole('button', { name: 'Invite' }));

    expect(await screen.findByText('Invitation emailed to existing@example.com. They join once they accept it.')).toBeInTheDocument();
    expect(screen.queryByText(/added/)).not.toBeInTheDocument();
    expect(server.requests.at(-1)?.body).toEqual({ email: 'existing@example.com', role: 'agent' });
  });
});

describe('pendingEmailPoller', () => {
  const data = (rows: Member[]) => ({ pages: [page(rows)], pageParams: [null] });
  const queued = invitedMember({ id: pendingId, email: 'q@example.com', emailStatus: 'pending', expiresAt: '2026-01-08T00:00:00.000Z' });

  it('polls while an email is queued, for a while from when it was first seen; a resend starts again', () => {
    let now = 1_000_000;
    const poll = pendingEmailPoller(new Map(), () => now);

    expect(poll(data([queued]))).toBe(EMAIL_POLL_MS);
    now += EMAIL_POLL_WINDOW_MS - 1;
    expect(poll(data([queued]))).toBe(EMAIL_POLL_MS);
    now += 1;
    expect(poll(data([queued]))).toBe(false);
    // Resent: a new expiry, a new window.
    expect(poll(data([{ ...queued, expiresAt: '2026-01-09T00:00:00.000Z' }]))).toBe(EMAIL_POLL_MS);
  });

  it('does not poll when every email has gone out or failed', () => {
    const poll = pendingEmailPoller(new Map());
    expect(
      poll(
        data([
          { ...queued, emailStatus: 'sent' },
          { ...queued, id: failedId, emailStatus: 'failed' },
        ]),
      ),
    ).toBe(false);
    expect(poll(undefined)).toBe(false);
  });
});

describe('workspaces manifest', () => {
  it('refreshes the members list on member.removed', async () => {
    serveMembers(invitations());
    const { queryClient } = await renderTable();
    const fetches = () => server.requests.filter((r) => r.url === `${base}/members`).length;
    const before = fetches();

    workspacesDeferred.realtime.events['member.removed']({ id: sentId, userId: null }, { queryClient, wid: ids.workspace });

    await waitFor(() => expect(fetches()).toBe(before + 1));
    expect(queryClient.getQueryState(workspaceKeys.members(ids.workspace))?.status).toBe('success');
  });
});
