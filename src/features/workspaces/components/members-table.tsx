import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import type { ListResponse } from '../../../../contracts/common';
import type { Member, Workspace } from '../../../../contracts/workspaces';
import { Badge, roleLabel } from '@/components/badge';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { useCurrentUser } from '@/lib/session-store';
import { membersQueryOptions } from '@/lib/workspace';
import { useInvitationLink, useRemoveMember, useResendInvitation, useUpdateMemberRole } from '../api';
import { assignableRoles, canEditMember } from '../permissions';
import { InvitationLinkDialog, type SharedLink } from './invitation-link-dialog';
import { RoleSelect } from './role-select';

const displayName = (m: Member) => m.name ?? m.email;

/** How often, and for how long after an invitation's email was queued, the list asks whether it went out. */
export const EMAIL_POLL_MS = 2_000;
export const EMAIL_POLL_WINDOW_MS = 60_000;

/**
 * The members query's refetch interval: while an invitation's email is still queued (`pending`), ask again every
 * few seconds, for a minute from when this list first saw it queued (a resend, with its new expiry, starts again).
 */
export function pendingEmailPoller(firstSeen: Map<string, number>, now: () => number = Date.now) {
  return (data: InfiniteData<ListResponse<Member>> | undefined): number | false => {
    const at = now();
    let poll = false;
    for (const member of data?.pages.flatMap((p) => p.data) ?? []) {
      if (member.emailStatus !== 'pending') continue;
      const key = `${member.id}:${member.expiresAt}`;
      const seen = firstSeen.get(key) ?? at;
      firstSeen.set(key, seen);
      if (at - seen < EMAIL_POLL_WINDOW_MS) poll = true;
    }
    return poll ? EMAIL_POLL_MS : false;
  };
}

/** Members and invitations; admins change roles, remove people and manage invitations, owners also manage owners. */
export function MembersTable({ workspace }: { workspace: Workspace }) {
  const me = useCurrentUser();
  const firstSeenPending = useRef(new Map<string, number>());
  const members = useInfiniteQuery({
    ...membersQueryOptions(workspace.id),
    refetchInterval: (query) => pendingEmailPoller(firstSeenPending.current)(query.state.data),
  });
  const updateRole = useUpdateMemberRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const resend = useResendInvitation(workspace.id);
  const link = useInvitationLink(workspace.id);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [sharedLink, setSharedLink] = useState<SharedLink | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  // Set once a removal succeeded: the row (and its button, the dialog's opener) is gone, so focus the table.
  const focusAfterRemove = useRef<HTMLElement | null>(null);
  const roles = assignableRoles(workspace.role);

  if (members.isPending) return <LoadingBlock label="Loading members" />;
  if (members.isError)
    return (
      <StateMessage title="Could not load the members" tone="error" action={<Button onClick={() => members.refetch()}>Try again</Button>}>
        {errorMessage(members.error)}
      </StateMessage>
    );

  const rows = members.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) return <StateMessage title="No members yet" />;

  function changeRole(member: Member, role: Member['role']) {
    updateRole.mutate(
      { memberId: member.id, role },
      {
        onSuccess: () => toast.success(`${displayName(member)} is now ${roleLabel(role).toLowerCase()}`),
        onError: (error) => toast.error(errorMessage(error)),
      },
    );
  }

  function resendInvitation(member: Member) {
    resend.mutate(member.id, {
      onSuccess: () => toast.success(`Invitation emailed again to ${member.email}. The earlier link no longer works.`),
      onError: (error) => toast.error(errorMessage(error)),
    });
  }

  function copyLink(member: Member) {
    link.mutate(member.id, {
      onSuccess: async ({ url, expiresAt }) => {
        try {
          await navigator.clipboard.writeText(url);
          toast.success(`Link for ${member.email} copied; it works until ${formatDateTime(expiresAt)}. The earlier link stopped working.`);
        } catch {
          // No clipboard here (permissions, an old browser): show the link to copy by hand.
          setSharedLink({ email: member.email, url, expiresAt });
        }
      },
      onError: (error) => toast.error(errorMessage(error)),
    });
  }

  return (
    <>
      <div ref={tableRef} tabIndex={-1} className="overflow-x-auto rounded-md border border-border">
        <table className="w-full text-left text-sm">
          <thead className="bg-subtle text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Email
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Role
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Status
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {rows.map((member) => {
              const isMe = member.userId === me.id;
              const editable = canEditMember(workspace.role, me.id, member);
              const pendingRole = updateRole.isPending && updateRole.variables?.memberId === member.id;
              return (
                <tr key={member.id}>
                  <td className="px-3 py-2">
                    {member.name ?? <span className="text-muted">—</span>}
                    {isMe ? <span className="ml-1.5 text-xs text-muted">(you)</span> : null}
                  </td>
                  <td className="px-3 py-2 text-muted">{member.email}</td>
                  <td className="px-3 py-2">
                    {editable ? (
                      <RoleSelect
                        label={`Role of ${displayName(member)}`}
                        value={member.role}
                        roles={roles}
                        disabled={pendingRole}
                        onChange={(role) => changeRole(member, role)}
                      />
                    ) : (
                      roleLabel(member.role)
                    )}
                  </td>
                  <td className="px-3 py-2">{member.status === 'invited' ? <InvitationStatus member={member} /> : <Badge tone="neutral">Active</Badge>}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    {editable && member.status === 'invited' ? (
                      <>
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={resend.isPending && resend.variables === member.id}
                          onClick={() => resendInvitation(member)}
                          aria-label={`Resend invitation to ${member.email}`}
                        >
                          {resend.isPending && resend.variables === member.id ? 'Sending…' : 'Resend'}
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={link.isPending && link.variables === member.id}
                          onClick={() => copyLink(member)}
                          aria-label={`Copy invitation link for ${member.email}`}
                        >
                          Copy link
                        </Button>
                      </>
                    ) : null}
                    {editable ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => {
                          focusAfterRemove.current = null;
                          setRemoving(member);
                        }}
                        aria-label={member.status === 'invited' ? `Revoke invitation for ${member.email}` : `Remove ${displayName(member)}`}
                      >
                        {member.status === 'invited' ? 'Revoke' : 'Remove'}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {members.hasNextPage ? (
        <div className="mt-3 flex justify-center">
          <Button onClick={() => members.fetchNextPage()} disabled={members.isFetchingNextPage}>
            {members.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRemoving(null);
            remove.reset();
          }
        }}
        title={removing?.status === 'invited' ? 'Revoke invitation?' : 'Remove member?'}
        description={
          removing
            ? removing.status === 'invited'
              ? `The link sent to ${removing.email} stops working, so they cannot join with it.`
              : `${displayName(removing)} will lose access to this workspace and everything in it.`
            : undefined
        }
        returnFocusTo={focusAfterRemove}
        confirmLabel={removing?.status === 'invited' ? 'Revoke invitation' : 'Remove member'}
        cancelLabel={removing?.status === 'invited' ? 'Keep invitation' : 'Keep member'}
        pendingLabel={removing?.status === 'invited' ? 'Revoking…' : 'Removing…'}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { memberId: removing.id, self: false },
            {
              onSuccess: () => {
                toast.success(removing.status === 'invited' ? `Invitation for ${removing.email} revoked` : `${displayName(removing)} removed`);
                focusAfterRemove.current = tableRef.current;
                setRemoving(null);
              },
            },
          );
        }}
      />
      <InvitationLinkDialog link={sharedLink} onClose={() => setSharedLink(null)} />
    </>
  );
}

const EMAIL_STATUS: Record<NonNullable<Member['emailStatus']>, { text: string; className: string }> = {
  pending: { text: 'Sending email…', className: 'text-muted' },
  sent: { text: 'Email sent', className: 'text-muted' },
  failed: { text: 'Email failed; copy the link instead', className: 'text-danger' },
};

/** "Invited · expires …" and where the invitation's email is. */
function InvitationStatus({ member }: { member: Member }) {
  const email = member.emailStatus ? EMAIL_STATUS[member.emailStatus] : null;
  return (
    <div className="space-y-0.5">
      <p className="flex flex-wrap items-center gap-1">
        <Badge tone="warning">Invited</Badge>{' '}
        {member.expiresAt ? (
          <span className="text-xs text-muted">
            · expires <time dateTime={member.expiresAt}>{formatDateTime(member.expiresAt)}</time>
          </span>
        ) : null}
      </p>
      {email ? <p className={`text-xs ${email.className}`}>{email.text}</p> : null}
    </div>
  );
}
