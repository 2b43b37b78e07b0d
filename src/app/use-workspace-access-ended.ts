// What the SPA does when the server refuses the workspace's channel with 403 (the user was removed while it
// was open; the server ended their realtime connection and authorized it again): say so plainly, forget the
// workspace's cached data, and go to a workspace the user still has (or the home page, which offers to create
// one).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { toast } from 'sonner';
import { getLastWorkspaceId, setLastWorkspaceId } from '@/lib/last-workspace';
import { accountScope, workspaceListScope, workspaceScope } from '@/lib/query-keys';
import { workspaceListQueryOptions } from '@/lib/workspace';
import { workspaceKeys } from '@/lib/workspace-keys';

export function useWorkspaceAccessEnded(wid: string): () => void {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const endedFor = useRef<string | null>(null);

  // The workspace's cache goes once its pages have unmounted (removing it while they are mounted would refetch it).
  useEffect(
    () => () => {
      if (endedFor.current !== wid) return;
      setTimeout(() => queryClient.removeQueries({ queryKey: workspaceScope(wid) }), 0);
    },
    [queryClient, wid],
  );

  return useCallback(() => {
    if (endedFor.current === wid) return;
    endedFor.current = wid;
    const name = queryClient.getQueryData<{ name: string }>(workspaceKeys.detail(wid))?.name;
    toast.warning(`Your access to ${name ?? 'this workspace'} has ended`, {
      description: 'You are no longer a member of it, so its inbox and customers are closed to you.',
      duration: 20_000,
    });
    if (getLastWorkspaceId() === wid) setLastWorkspaceId(null);
    void queryClient.invalidateQueries({ queryKey: accountScope });
    void (async () => {
      let next: string | undefined;
      try {
        const list = await queryClient.fetchQuery({ ...workspaceListQueryOptions(), staleTime: 0 });
        next = list.data.find((w) => w.id !== wid)?.id;
      } catch {
        // The home page loads the list itself; it must not start from the old one.
        queryClient.removeQueries({ queryKey: workspaceListScope });
      }
      navigate(next ? `/w/${next}` : '/', { replace: true });
    })();
  }, [navigate, queryClient, wid]);
}
