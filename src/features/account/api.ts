// The signed-in user's profile, password and sessions (API.md: Auth and account).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, Session, UpdateMeBody } from '../../../contracts/auth';
import type { ListResponse } from '../../../contracts/common';
import { call } from '@/lib/api-client';
import { accountScope } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session-store';

const SESSIONS_LIMIT = 100;

/** Under ['me'] (src/lib/query-keys.ts). */
export const accountKeys = {
  sessionLists: () => [...accountScope, 'sessions'] as const,
  sessions: (query: { limit: number }) => [...accountKeys.sessionLists(), query] as const,
};

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: accountKeys.sessions({ limit: SESSIONS_LIMIT }),
    queryFn: ({ signal }) => call('auth.listSessions', { query: { limit: SESSIONS_LIMIT }, signal }),
  });

export function useUpdateProfile() {
  return useMutation({
    mutationFn: (body: UpdateMeBody) => call('auth.updateMe', { body }),
    onSuccess: (user) => sessionStore.updateUser(user),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => call('auth.changePassword', { body }),
    // Every other session was revoked.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessionLists() }),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('auth.revokeSession', { params: { id } }),
    onSuccess: (_data, id) => {
      queryClient.setQueryData<ListResponse<Session>>(accountKeys.sessions({ limit: SESSIONS_LIMIT }), (list) =>
        list ? { ...list, data: list.data.filter((s) => s.id !== id) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: accountKeys.sessionLists() });
    },
  });
}
