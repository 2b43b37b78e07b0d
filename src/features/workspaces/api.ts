// Workspaces, members and invitations (API.md: Workspaces and members): the writes. The reads every feature
// shares (the caller's workspaces, one workspace with the caller's role, its members) and their keys live in
// src/lib/workspace.ts.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AddMemberBody, CreateWorkspaceBody, UpdateWorkspaceBody, Workspace } from '../../../contracts/workspaces';
import type { ListResponse } from '../../../contracts/common';
import type { Role } from '../../../contracts/roles';
import { call } from '@/lib/api-client';
import { workspaceScope } from '@/lib/query-keys';
import { WORKSPACE_LIST_LIMIT } from '@/lib/workspace';
import { workspaceKeys } from '@/lib/workspace-keys';

export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWorkspaceBody) => call('workspaces.createWorkspace', { body }),
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKeys.detail(workspace.id), workspace);
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
    },
  });
}

export function useRenameWorkspace(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateWorkspaceBody) => call('workspaces.renameWorkspace', { params: { wid }, body }),
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKeys.detail(wid), workspace);
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
    },
  });
}

export function useDeleteWorkspace(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('workspaces.deleteWorkspace', { params: { wid } }),
    onSuccess: () => forgetWorkspace(queryClient, wid),
  });
}

export function useAddMember(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddMemberBody) => call('workspaces.addMember', { params: { wid }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

/** Emails a pending invitation again with a new link (the earlier link stops working). */
export function useResendInvitation(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('workspaces.resendInvitation', { params: { wid, id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

/** A new link for a pending invitation, to share another way (the emailed link stops working). */
export function useInvitationLink(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('workspaces.invitationLink', { params: { wid, id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

export function useUpdateMemberRole(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: Role }) =>
      call('workspaces.changeMemberRole', { params: { wid, userId: memberId }, body: { role } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) }),
  });
}

export function useRemoveMember(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId }: { memberId: string; self: boolean }) => call('workspaces.removeMember', { params: { wid, userId: memberId } }),
    onSuccess: (_data, { self }) => (self ? forgetWorkspace(queryClient, wid) : queryClient.invalidateQueries({ queryKey: workspaceKeys.members(wid) })),
  });
}

/** After deleting or leaving a workspace: drop everything cached for it (['w', wid]) and refresh the list. */
function forgetWorkspace(queryClient: QueryClient, wid: string) {
  queryClient.setQueryData<ListResponse<Workspace>>(workspaceKeys.list({ limit: WORKSPACE_LIST_LIMIT }), (list) =>
    list ? { ...list, data: list.data.filter((w) => w.id !== wid) } : list,
  );
  queryClient.removeQueries({ queryKey: workspaceScope(wid) });
  return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
}
