import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import type { Member, Workspace } from '../../../../contracts/workspaces';
import { Badge, roleLabel } from '@/components/badge';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { useCurrentUser } from '@/lib/session-store';
import { membersQueryOptions } from '@/lib/workspace';
import { useRemoveMember, useUpdateMemberRole } from '../api';
import { assignableRoles, canEditMember } from '../permissions';
import { RoleSelect } from './role-select';

const displayName = (m: Member) => m.name ?? m.email;

/** Members and invitations; admins change roles and remove people, owners also manage owners. */
export function MembersTable({ workspace }: { workspace: Workspace }) {
  const me = useCurrentUser();
  const members = useInfiniteQuery(membersQueryOptions(workspace.id));
  const updateRole = useUpdateMemberRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const [removing, setRemoving] = useState<Member | null>(null);
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

  return (
    <>
      <div ref={tableRef} tabIndex={-1} className="overflow-hidden rounded-md border border-border">
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
                  <td className="px-3 py-2">{member.status === 'invited' ? <Badge tone="warning">Invited</Badge> : <Badge tone="neutral">Active</Badge>}</td>
                  <td className="px-3 py-2 text-right">
                    {editable ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => {
                          focusAfterRemove.current = null;
                          setRemoving(member);
                        }}
                        aria-label={`Remove ${displayName(member)}`}
                      >
                        {member.status === 'invited' ? 'Cancel invitation' : 'Remove'}
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
        title={removing?.status === 'invited' ? 'Cancel invitation?' : 'Remove member?'}
        description={
          removing
            ? removing.status === 'invited'
              ? `${removing.email} will no longer be able to join this workspace with this invitation.`
              : `${displayName(removing)} will lose access to this workspace and everything in it.`
            : undefined
        }
        returnFocusTo={focusAfterRemove}
        confirmLabel={removing?.status === 'invited' ? 'Cancel invitation' : 'Remove'}
        pendingLabel="Removing…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { memberId: removing.id, self: false },
            {
              onSuccess: () => {
                toast.success(removing.status === 'invited' ? 'Invitation cancelled' : `${displayName(removing)} removed`);
                focusAfterRemove.current = tableRef.current;
                setRemoving(null);
              },
            },
          );
        }}
      />
    </>
  );
}
