// The signed-in user's profile, email verification, password, two-factor sign-in and sessions (API.md: Auth and
// account, Account lifecycle).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ChangePasswordBody, Session, TwoFactorDisableBody, UpdateMeBody, User } from '../../../contracts/auth';
import type { ListResponse } from '../../../contracts/common';
import { call } from '@/lib/api-client';
import { accountScope } from '@/lib/query-keys';
import { sessionStore } from '@/lib/session-store';

const SESSIONS_LIMIT = 100;

/** Under ['me'] (src/lib/query-keys.ts). */
export const accountKeys = {
  /** GET /api/auth/me (the same entry the auth feature reads). */
  profile: () => [...accountScope, 'profile'] as const,
  sessionLists: () => [...accountScope, 'sessions'] as const,
  sessions: (query: { limit: number }) => [...accountKeys.sessionLists(), query] as const,
};

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: accountKeys.sessions({ limit: SESSIONS_LIMIT }),
    queryFn: ({ signal }) => call('auth.listSessions', { query: { limit: SESSIONS_LIMIT }, signal }),
  });

/**
 * The account as the server has it now, kept in the session: whether the email is verified may have changed since
 * sign-in (the link opened in another tab), and React Query refetches on focus.
 */
export function useFreshUser() {
  const me = useQuery({ queryKey: accountKeys.profile(), queryFn: ({ signal }) => call('auth.me', { signal }), staleTime: 0 });
  useEffect(() => {
    if (me.data) sessionStore.updateUser(me.data.user);
  }, [me.data]);
}

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

export function useRequestEmailVerification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('auth.requestEmailVerification'),
    // 409: verified already (in another tab, say): the page learns it from the server.
    onError: (error) => {
      if (error.status === 409) void queryClient.invalidateQueries({ queryKey: accountKeys.profile() });
    },
  });
}

/** Starts set-up: a new secret for the authenticator app, not in force until a first code enables it. */
export function useSetupTwoFactor() {
  return useMutation({ mutationFn: () => call('auth.setupTwoFactor') });
}

/** Turns two-factor sign-in on; answers the recovery codes, which the server never shows again. */
export function useEnableTwoFactor() {
  return useMutation({
    mutationFn: (code: string) => call('auth.enableTwoFactor', { body: { code } }),
    onSuccess: () => updateUser({ twoFactorEnabled: true }),
  });
}

export function useDisableTwoFactor() {
  return useMutation({
    mutationFn: (body: TwoFactorDisableBody) => call('auth.disableTwoFactor', { body }),
    onSuccess: () => updateUser({ twoFactorEnabled: false }),
  });
}

function updateUser(change: Partial<User>) {
  const session = sessionStore.get();
  if (session.status === 'signed-in') sessionStore.updateUser({ ...session.user, ...change });
}
