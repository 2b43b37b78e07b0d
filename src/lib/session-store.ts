// The signed-in session, in memory only: the access token never touches localStorage or a readable cookie
// (the refresh token lives in an HttpOnly cookie the SPA cannot see). React reads it via useSession().
import { useSyncExternalStore } from 'react';
import type { AuthResponse, User } from '../../contracts/auth';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: User; accessToken: string; expiresAt: string }
  /** `reason` tells the route guard whether to remember where the user was (expired) or not (logout). */
  | { status: 'signed-out'; reason: 'initial' | 'logout' | 'expired' };

type Listener = () => void;

let state: SessionState = { status: 'loading' };
/** See useCurrentUser(). */
let lastUser: User | null = null;
const listeners = new Set<Listener>();

function set(next: SessionState) {
  state = next;
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get: (): SessionState => state,
  getAccessToken: (): string | null => (state.status === 'signed-in' ? state.accessToken : null),
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Register, login and refresh all answer with the same shape. */
  signIn(auth: AuthResponse) {
    set({ status: 'signed-in', user: auth.user, accessToken: auth.accessToken, expiresAt: auth.expiresAt });
  },
  updateUser(user: User) {
    if (state.status === 'signed-in') set({ ...state, user });
  },
  signOut(reason: 'initial' | 'logout' | 'expired') {
    set({ status: 'signed-out', reason });
  },
  /** Tests only: back to the state of a fresh page load. */
  reset() {
    lastUser = null;
    set({ status: 'loading' });
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

/**
 * The signed-in user, for components behind the auth guard. In the instant between signing out and the
 * guard unmounting them, they keep the last user rather than crash.
 */
export function useCurrentUser(): User {
  const session = useSession();
  if (session.status === 'signed-in') lastUser = session.user;
  if (!lastUser) throw new Error('useCurrentUser() used outside a signed-in route');
  return lastUser;
}
