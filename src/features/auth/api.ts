// Sign-in, registration and sign-out. The session itself lives in lib/session-store (memory only).
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { LoginBody, RegisterBody } from '../../../contracts/auth';
import { call } from '@/lib/api-client';
import { setLastWorkspaceId } from '@/lib/last-workspace';
import { accountScope } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session-store';

/** Under ['me'] (src/lib/query-keys.ts): the signed-in user's own data. */
export const authKeys = {
  me: () => [...accountScope, 'profile'] as const,
};

/** GET /api/auth/me: the user and their workspaces with roles. */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => call('auth.me', { signal }),
  });

export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginBody) => call('auth.login', { body }),
    onSuccess: (auth) => sessionStore.signIn(auth),
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (body: RegisterBody) => call('auth.register', { body }),
    onSuccess: (auth) => sessionStore.signIn(auth),
  });
}

/** POST /api/auth/logout, then forget everything locally, even if the server could not be reached. */
export async function signOut(queryClient: QueryClient): Promise<void> {
  try {
    await call('auth.logout');
  } catch {
    // The cookie may already be gone; signing out locally is what the user asked for.
  } finally {
    setLastWorkspaceId(null);
    sessionStore.signOut('logout');
    queryClient.clear();
  }
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => signOut(queryClient) });
}
