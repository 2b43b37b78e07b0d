// `/`: straight into the last workspace used (or the first one); a new account is invited to create one.
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { Navigate } from 'react-router';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { getLastWorkspaceId } from '@/lib/last-workspace';
import { workspaceListQueryOptions } from '@/lib/workspace';
import { CreateWorkspaceDialog } from '../components/create-workspace-dialog';

export function HomePage() {
  const { data, isPending, isError, error, refetch } = useQuery(workspaceListQueryOptions());
  const [creating, setCreating] = useState(false);

  if (isPending) return <LoadingBlock label="Loading your workspaces" />;
  if (isError)
    return (
      <StateMessage title="Could not load your workspaces" tone="error" action={<Button onClick={() => refetch()}>Try again</Button>}>
        {errorMessage(error)}
      </StateMessage>
    );

  const last = getLastWorkspaceId();
  const target = data.data.find((w) => w.id === last) ?? data.data[0];
  if (target) return <Navigate to={`/w/${target.id}`} replace />;

  return (
    <>
      <title>Welcome · Switchboard</title>
      <StateMessage
        title="Create your first workspace"
        level={1}
        action={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden className="size-4" />
            Create workspace
          </Button>
        }
      >
        A workspace holds your business's inbox, customers and team. If someone invited you, open the link in the invitation email to join their workspace.
      </StateMessage>
      <CreateWorkspaceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
