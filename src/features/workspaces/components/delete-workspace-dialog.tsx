import { useState } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import type { Workspace } from '../../../../contracts/workspaces';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { TextField } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { useDeleteWorkspace } from '../api';

/** Deleting a workspace erases everything in it, so the owner types its name to confirm. */
export function DeleteWorkspaceDialog({ workspace, open, onOpenChange }: { workspace: Workspace; open: boolean; onOpenChange: (open: boolean) => void }) {
  const remove = useDeleteWorkspace(workspace.id);
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const [mismatch, setMismatch] = useState(false);

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          setTyped('');
          setMismatch(false);
          remove.reset();
        }
        onOpenChange(next);
      }}
      title="Delete workspace?"
      description={`This permanently deletes “${workspace.name}” with its conversations, customers and members. It cannot be undone.`}
      confirmLabel="Delete workspace"
      cancelLabel="Keep workspace"
      pendingLabel="Deleting…"
      pending={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onConfirm={() => {
        if (typed !== workspace.name) {
          setMismatch(true);
          return;
        }
        remove.mutate(undefined, {
          onSuccess: () => {
            toast.success(`${workspace.name} was deleted`);
            onOpenChange(false);
            navigate('/', { replace: true });
          },
        });
      }}
    >
      <TextField
        label={`Type ${workspace.name} to confirm`}
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          setMismatch(false);
        }}
        error={mismatch ? 'The name does not match' : undefined}
        autoComplete="off"
        className="mb-3"
      />
    </ConfirmDialog>
  );
}
