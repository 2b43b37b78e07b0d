// The signed-in user's profile, password and sessions (API.md: Auth and account).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody, ListResponse, Session, UpdateMeBody, User } from '../../../contracts/identity';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';

export const accountKeys = {
  all: ['account'] as const,
  lists: () => [...accountKeys.all, 'sessions'] as const,
  list: (filters: Record<string, unknown> = {}) => [...accountKeys.lists(), filters] as const,
  detail: (id: string) => [...accountKeys.all, 'detail', id] as const,
};

const SESSIONS_LIMIT = 100;

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: accountKeys.list({ limit: SESSIONS_LIMIT }),
    queryFn: async ({ signal }) =>
      (await api.get<ListResponse<Session>>('/api/auth/sessions', { params: { limit: SESSIONS_LIMIT }, signal })).data,
  });

export function useUpdateProfile() {
  return useMutation({
    mutationFn: async (body: UpdateMeBody) => (await api.patch<User>('/api/auth/me', body)).data,
    onSuccess: (user) => sessionStore.updateUser(user),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ChangePasswordBody) => {
      await api.post('/api/auth/password', body);
    },
    // Every other session was revoked.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.lists() }),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await api.delete(`/api/auth/sessions/${encodeURIComponent(id)}`);
    },
    onSuccess: (_data, id) => {
      queryClient.setQueryData<ListResponse<Session>>(accountKeys.list({ limit: SESSIONS_LIMIT }), (list) =>
        list ? { ...list, data: list.data.filter((s) => s.id !== id) } : list,
      );
      return queryClient.invalidateQueries({ queryKey: accountKeys.lists() });
    },
  });
}
