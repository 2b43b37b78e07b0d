// The workspace context every feature and the shell read: the caller's workspaces, one workspace with the
// caller's role in it, and its members. It lives in lib (not in features/workspaces) because features never
// import each other and nearly all of them need the role; the workspaces feature owns the writes.
import { infiniteQueryOptions, queryOptions, useQuery } from '@tanstack/react-query';
import type { Role } from '../../contracts/roles';
import { call } from './api-client';
import { workspaceKeys } from './workspace-keys';

/** The switcher shows up to 100 workspaces (a person rarely belongs to more). */
export const WORKSPACE_LIST_LIMIT = 100;
const MEMBERS_PAGE_SIZE = 100;

export const workspaceListQueryOptions = () =>
  queryOptions({
    queryKey: workspaceKeys.list({ limit: WORKSPACE_LIST_LIMIT }),
    queryFn: ({ signal }) => call('workspaces.listWorkspaces', { query: { limit: WORKSPACE_LIST_LIMIT }, signal }),
  });

export const workspaceQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: workspaceKeys.detail(wid),
    queryFn: ({ signal }) => call('workspaces.getWorkspace', { params: { wid }, signal }),
  });

export const membersQueryOptions = (wid: string) =>
  infiniteQueryOptions({
    queryKey: workspaceKeys.members(wid),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      call('workspaces.listMembers', {
        params: { wid },
        query: { limit: MEMBERS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });

/** The caller's role in the workspace (the workspace gate has loaded it already). */
export function useWorkspaceRole(wid: string): Role | undefined {
  return useQuery(workspaceQueryOptions(wid)).data?.role;
}
