// `/w/:wid/*`: loads the workspace (and the caller's role in it) alongside its pages, which render at once
// and start their own queries (a page shows role-dependent actions once the role has arrived), and remembers
// it as the last one opened. A workspace the caller cannot see answers 404, like one that does not exist. The
// realtime subscription (and its zod event schemas) loads once the first queries have settled.
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Outlet, useParams } from 'react-router';
import { Button } from '@/components/button';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { getLastWorkspaceId, setLastWorkspaceId } from '@/lib/last-workspace';
import { useAfterIdle } from '@/lib/use-after-idle';
import { workspaceQueryOptions } from '@/lib/workspace';

const WorkspaceRealtime = lazy(async () => ({ default: (await import('./workspace-realtime')).WorkspaceRealtime }));

export function WorkspaceGate() {
  const { wid = '' } = useParams();
  const idle = useAfterIdle();
  const { data, isError, error, refetch } = useQuery(workspaceQueryOptions(wid));

  useEffect(() => {
    if (data) setLastWorkspaceId(data.id);
    else if (isError && error.status === 404 && getLastWorkspaceId() === wid) setLastWorkspaceId(null);
  }, [data, isError, error, wid]);

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
      {data && idle && (
        <Suspense fallback={null}>
          <WorkspaceRealtime workspaceId={data.id} />
        </Suspense>
      )}
      <Outlet />
    </>
  );
}
