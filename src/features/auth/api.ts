// Sign-in, registration and sign-out. The session itself lives in lib/session-store (memory only).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuthResponse, LoginBody, MeResponse, RegisterBody } from '../../../contracts/identity';
import { api } from '@/lib/api-client';
import { setLastWorkspaceId } from '@/lib/last-workspace';
import { sessionStore } from '@/lib/session-store';

export const authKeys = {
  all: ['auth'] as const,
  lists: () => [...authKeys.all, 'list'] as const,
  list: (filters: Record<string, unknown> = {}) => [...authKeys.lists(), filters] as const,
  detail: (id: 'me') => [...authKeys.all, 'detail', id] as const,
};

/** GET /api/auth/me: the user and their workspaces with roles. */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.detail('me'),
    queryFn: async ({ signal }) => (await api.get<MeResponse>('/api/auth/me', { signal })).data,
  });

export function useLogin() {
  return useMutation({
    mutationFn: async (body: LoginBody) => (await api.post<AuthResponse>('/api/auth/login', body)).data,
    onSuccess: (auth) => sessionStore.signIn(auth),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: async (body: RegisterBody) => (await api.post<AuthResponse>('/api/auth/register', body)).data,
    onSuccess: (auth) => sessionStore.signIn(auth),
  });
}

/** POST /api/auth/logout, then forget everything locally, even if the server could not be reached. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api.post('/api/auth/logout');
      } catch {
        // The cookie may already be gone; signing out locally is what the user asked for.
      }
    },
    onSettled: () => {
      setLastWorkspaceId(null);
      sessionStore.signOut('logout');
      queryClient.clear();
    },
  });
}
