// Workspaces, members and invitations (API.md: Workspaces and members).
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  AddMemberBody,
  CreateWorkspaceBody,
  ListResponse,
  Member,
  UpdateWorkspaceBody,
  Workspace,
} from '../../../contracts/identity';
import type { Role } from '../../../contracts/roles';
import { api } from '@/lib/api-client';

export const workspaceKeys = {
  all: ['workspaces'] as const,
  lists: () => [...workspaceKeys.all, 'list'] as const,
  list: (filters: Record<string, unknown> = {}) => [...workspaceKeys.lists(), filters] as const,
  details: () => [...workspaceKeys.all, 'detail'] as const,
  detail: (id: string) => [...workspaceKeys.details(), id] as const,
  members: (id: string) => [...workspaceKeys.detail(id), 'members'] as const,
};

/** The switcher shows up to 100 workspaces (a person rarely belongs to more). */
const WORKSPACE_LIST_LIMIT = 100;
const MEMBERS_PAGE_SIZE = 100;

export const workspaceListQueryOptions = () =>
  queryOptions({
    queryKey: workspaceKeys.list({ limit: WORKSPACE_LIST_LIMIT }),
    queryFn: async ({ signal }) =>
      (await api.get<ListResponse<Workspace>>('/api/workspaces', { params: { limit: WORKSPACE_LIST_LIMIT }, signal })).data,
  });

export const workspaceQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: workspaceKeys.detail(wid),
    queryFn: async ({ signal }) => (await api.get<Workspace>(`/api/workspaces/${encodeURIComponent(wid)}`, { signal })).data,
  });

export const membersQueryOptions = (wid: string) =>
  infiniteQueryOptions({
    queryKey: workspaceKeys.members(wid),
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) =>
      (
        await api.get<ListResponse<Member>>(`/api/workspaces/${encodeURIComponent(wid)}/members`, {
          params: { limit: MEMBERS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        })
      ).data,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateWorkspaceBody) => (await api.post<Workspace>('/api/workspaces', body)).data,
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKeys.detail(workspace.id), workspace);
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
    },
  });
}

export function useRenameWorkspace(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateWorkspaceBody) =>
      (await api.patch<Workspace>(`/api/workspaces/${encodeURIComponent(wid)}`, body)).data,
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKeys.detail(wid), workspace);
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
    },
  });
}

export function useDeleteWorkspace(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.delete(`/api/workspaces/${encodeURIComponent(wid)}`);
    },
    onSuccess: () => forgetWorkspace(queryClient, wid),
  });
}

export function useAddMember(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AddMemberBody) =>
      (await api.post<Member>(`/api/workspaces/${encodeURIComponent(wid)}/members`, body)).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

export function useUpdateMemberRole(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ memberId, role }: { memberId: string; role: Role }) =>
      (await api.patch<Member>(`/api/workspaces/${encodeURIComponent(wid)}/members/${encodeURIComponent(memberId)}`, { role }))
        .data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

export function useRemoveMember(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ memberId }: { memberId: string; self: boolean }) => {
      await api.delete(`/api/workspaces/${encodeURIComponent(wid)}/members/${encodeURIComponent(memberId)}`);
    },
    onSuccess: (_data, { self }) =>
      self ? forgetWorkspace(queryClient, wid) : queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

/** After deleting or leaving a workspace: drop its cached data and refresh the list. */
function forgetWorkspace(queryClient: ReturnType<typeof useQueryClient>, wid: string) {
  queryClient.setQueryData<ListResponse<Workspace>>(workspaceKeys.list({ limit: WORKSPACE_LIST_LIMIT }), (list) =>
    list ? { ...list, data: list.data.filter((w) => w.id !== wid) } : list,
  );
  queryClient.removeQueries({ queryKey: workspaceKeys.detail(wid) });
  return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
}
