// Sign-in (with its two-factor step), registration, sign-out, and the links people open from their email:
// password reset, email verification and invitations. The session itself lives in lib/session-store (memory only).
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AuthResponse, LoginBody, LoginResponse, MfaChallenge, RegisterBody } from '../../../contracts/auth';
import { call } from '@/lib/api-client';
import { setLastWorkspaceId } from '@/lib/last-workspace';
import { accountScope } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session-store';
import { workspaceKeys } from '@/lib/workspace-keys';

/** Under ['me'] (src/lib/query-keys.ts): the signed-in user's own data. Links are looked up by their token. */
export const authKeys = {
  me: () => [...accountScope, 'profile'] as const,
  invitation: (token: string) => ['invitations', token] as const,
  emailVerification: (token: string) => ['email-verification', token] as const,
};

/** GET /api/auth/me: the user and their workspaces with roles. */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => call('auth.me', { signal }),
  });

/** Login answers a session, or (two-factor sign-in) a challenge to finish with a code. */
export const isMfaChallenge = (answer: LoginResponse): answer is MfaChallenge => 'mfaRequired' in answer && answer.mfaRequired === true;

export function useLogin() {
  return useMutation({
    mutationFn: (body: LoginBody) => call('auth.login', { body }),
    onSuccess: (answer) => {
      if (!isMfaChallenge(answer)) sessionStore.signIn(answer);
    },
  });
}

/** The second step: the challenge token with a code from the authenticator app, or a recovery code. */
export function useLoginTwoFactor() {
  return useMutation({
    mutationFn: (body: { mfaToken: string; code: string } | { mfaToken: string; recoveryCode: string }) => call('auth.loginTwoFactor', { body }),
    onSuccess: (auth: AuthResponse) => sessionStore.signIn(auth),
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

export function useForgotPassword() {
  return useMutation({ mutationFn: (email: string) => call('auth.forgotPassword', { body: { email } }) });
}

/** Sets the new password; the server signs out every session of the account, this browser's included. */
export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) => call('auth.resetPassword', { body }),
    onSuccess: () => {
      if (sessionStore.get().status !== 'signed-in') return;
      setLastWorkspaceId(null);
      sessionStore.signOut('logout');
      queryClient.clear();
    },
  });
}

/**
 * Verifying happens when the link is opened. A link works once, so this is a query (one request however often
 * the page renders, StrictMode included) that never refetches by itself.
 */
export const verifyEmailQueryOptions = (token: string) =>
  queryOptions({
    queryKey: authKeys.emailVerification(token),
    queryFn: async () => {
      await call('auth.verifyEmail', { body: { token } });
      // Signed in (as whoever the link belongs to or not): the session's user learns the new state from the server.
      if (sessionStore.get().status === 'signed-in') {
        const me = await call('auth.me').catch(() => null);
        if (me) sessionStore.updateUser(me.user);
      }
      return { verified: true as const };
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnMount: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

export function useRequestEmailVerification() {
  return useMutation({ mutationFn: () => call('auth.requestEmailVerification') });
}

/** GET /api/invitations/{token}: public; 410 once expired, revoked or answered, 404 for an unknown link. */
export const invitationQueryOptions = (token: string) =>
  queryOptions({
    queryKey: authKeys.invitation(token),
    queryFn: ({ signal }) => call('invitations.getInvitation', { params: { token }, signal }),
    staleTime: 60_000,
  });

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('invitations.acceptInvitation', { params: { token } }),
    onSuccess: (workspace) => {
      queryClient.setQueryData(workspaceKeys.detail(workspace.id), workspace);
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.lists() });
    },
  });
}

export function useDeclineInvitation(token: string) {
  return useMutation({ mutationFn: () => call('invitations.declineInvitation', { params: { token } }) });
}
