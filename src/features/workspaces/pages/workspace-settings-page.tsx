import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { Role } from '../../../../contracts/roles';
import type { Member } from '../../../../contracts/workspaces';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { roleLabel } from '@/components/badge';
import { useCurrentUser } from '@/lib/session-store';
import { membersQueryOptions, workspaceQueryOptions } from '@/lib/workspace';
import { DeleteWorkspaceDialog } from '../components/delete-workspace-dialog';
import { InviteMemberForm } from '../components/invite-member-form';
import { LeaveWorkspaceDialog } from '../components/leave-workspace-dialog';
import { MembersTable } from '../components/members-table';
import { RenameWorkspaceForm } from '../components/rename-workspace-form';
import { assignableRoles, canDeleteWorkspace, canManageMembers } from '../permissions';

/** `/w/:wid/settings`: name, members and invitations, leaving and deleting. Only allowed actions are offered. */
export function WorkspaceSettingsPage() {
  const { wid = '' } = useParams();
  const me = useCurrentUser();
  const { data: workspace, isPending, isError, error, refetch } = useQuery(workspaceQueryOptions(wid));
  const members = useInfiniteQuery(membersQueryOptions(wid));
  const [leaving, setLeaving] = useState(false);
  const [deleting, setDeleting] = useState(false);

  if (isPending) return <LoadingBlock label="Loading workspace settings" />;
  if (isError)
    return (
      <StateMessage title="Could not load the workspace" tone="error" action={<Button onClick={() => refetch()}>Try again</Button>}>
        {errorMessage(error)}
      </StateMessage>
    );

  const manage = canManageMembers(workspace.role);
  const leave = leaveOption(workspace.role, me.id, members);
  return (
    <div className="max-w-4xl">
      <title>{`Settings · ${workspace.name} · Switchboard`}</title>
      <PageHeader title="Workspace settings" description={`Your role here: ${roleLabel(workspace.role)}`} />
      <div className="space-y-5">
        <Card title="General">
          <RenameWorkspaceForm workspace={workspace} />
        </Card>

        <Card title="Members" description={manage ? 'Invite people by email and choose what they can do.' : 'People with access to this workspace.'}>
          <div className="space-y-4">
            {manage ? <InviteMemberForm workspaceId={workspace.id} roles={assignableRoles(workspace.role)} /> : null}
            <MembersTable workspace={workspace} />
          </div>
        </Card>

        <Card title="Danger zone" tone="danger">
          <ul className="divide-y divide-border">
            <li className="flex items-center justify-between gap-4 pb-3">
              <div>
                <p className="font-medium">Leave workspace</p>
                <p className="text-xs text-muted">
                  {leave === 'only-owner'
                    ? 'You are the only owner. Make someone else an owner before you leave, or delete the workspace.'
                    : 'You lose access until someone invites you again.'}
                </p>
              </div>
              {leave === 'offer' ? <Button onClick={() => setLeaving(true)}>Leave workspace</Button> : null}
            </li>
            {canDeleteWorkspace(workspace.role) ? (
              <li className="flex items-center justify-between gap-4 pt-3">
                <div>
                  <p className="font-medium">Delete workspace</p>
                  <p className="text-xs text-muted">Permanently delete this workspace and everything in it.</p>
                </div>
                <Button variant="danger" onClick={() => setDeleting(true)}>
                  Delete workspace
                </Button>
              </li>
            ) : null}
          </ul>
        </Card>
      </div>
      <LeaveWorkspaceDialog workspace={workspace} open={leaving} onOpenChange={setLeaving} />
      {canDeleteWorkspace(workspace.role) ? <DeleteWorkspaceDialog workspace={workspace} open={deleting} onOpenChange={setDeleting} /> : null}
    </div>
  );
}

/**
 * Whether to offer leaving: the only owner may not leave (the server would answer 409), so an owner is offered it
 * once the members list shows another owner (or is too long to tell, when the server has the last word).
 */
function leaveOption(
  role: Role,
  myId: string,
  members: { data?: { pages: Array<{ data: Member[] }> }; isSuccess: boolean; hasNextPage: boolean },
): 'offer' | 'only-owner' | 'unknown' {
  if (role !== 'owner') return 'offer';
  if (!members.isSuccess || !members.data) return 'unknown';
  if (members.hasNextPage) return 'offer';
  const otherOwner = members.data.pages.some((page) => page.data.some((m) => m.status === 'active' && m.role === 'owner' && m.userId !== myId));
  return otherOwner ? 'offer' : 'only-owner';
}
