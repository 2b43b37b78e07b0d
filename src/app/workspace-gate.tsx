// `/w/:wid/*`: loads the workspace (and the caller's role in it) before its pages, and remembers it as the
// last one opened. A workspace the caller cannot see answers 404, like one that does not exist.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { getLastWorkspaceId, setLastWorkspaceId } from '@/lib/last-workspace';
import { workspaceQueryOptions } from '@/lib/workspace';
import { WorkspaceRealtime } from './workspace-realtime';

export function WorkspaceGate() {
  const { wid = '' } = useParams();
  const { data, isPending, isError, error, refetch } = useQuery(workspaceQueryOptions(wid));

  useEffect(() => {
    if (data) setLastWorkspaceId(data.id);
    else if (isError && error.status === 404 && getLastWorkspaceId() === wid) setLastWorkspaceId(null);
  }, [data, isError, error, wid]);

  if (isPending) return <LoadingBlock label="Loading workspace" />;
  if (isError) {
    if (error.status === 404 || error.code === 'validation_failed') {
      return (
        <StateMessage
          title="Workspace not found"
          level={1}
          action={
            <Link to="/" className="font-medium text-accent hover:underline">
              Go to your workspaces
            </Link>
          }
        >
          It may have been deleted, or you are no longer a member.
        </StateMessage>
      );
    }
    return (
      <StateMessage title="Could not load this workspace" tone="error" action={<Button onClick={() => refetch()}>Try again</Button>}>
        {errorMessage(error)}
      </StateMessage>
    );
  }
  return (
    <>
      <WorkspaceRealtime workspaceId={data.id} />
      <Outlet />
    </>
  );
}
