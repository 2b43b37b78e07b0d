import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import type { Workspace } from '../../../../contracts/workspaces';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { errorMessage } from '@/lib/api-error';
import { useCurrentUser } from '@/lib/session-store';
import { useRemoveMember } from '../api';

export function LeaveWorkspaceDialog({ workspace, open, onOpenChange }: { workspace: Workspace; open: boolean; onOpenChange: (open: boolean) => void }) {
  const me = useCurrentUser();
  const leave = useRemoveMember(workspace.id);
  const navigate = useNavigate();
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) leave.reset();
        onOpenChange(next);
      }}
      title="Leave workspace?"
      description={`You will lose access to “${workspace.name}” until someone invites you again.`}
      confirmLabel="Leave workspace"
      cancelLabel="Stay"
      pendingLabel="Leaving…"
      pending={leave.isPending}
      error={leave.error ? errorMessage(leave.error) : null}
      onConfirm={() =>
        leave.mutate(
          { memberId: me.id, self: true },
          {
            onSuccess: () => {
              toast.success(`You left ${workspace.name}`);
              onOpenChange(false);
              navigate('/', { replace: true });
            },
          },
        )
      }
    />
  );
}
