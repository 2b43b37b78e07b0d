// On start the access token is gone (it lived in memory); the HttpOnly refresh cookie, if any, restores it.
// The server sets a readable `sb_session` hint beside that cookie; without it there is nothing to restore,
// so a signed-out visitor goes straight to sign-in without a refresh request bound to fail.
import { useEffect, type ReactNode } from 'react';
import { matchPath } from 'react-router';
import { SESSION_HINT_COOKIE } from '../../contracts/session';
import { refreshSession } from '@/lib/api-client';
import { sessionStore, useSession } from '@/lib/session-store';
import { features } from './features';
import { Splash } from './splash';

/**
 * Opening /w/:wid/… with a session to restore: the frame, the gate and the page's chunk load while the refresh
 * is in flight instead of after it.
 */
function preloadWorkspacePage(pathname: string) {
  const inWorkspace = /^\/w\/[^/]+(?:\/(.*))?$/.exec(pathname);
  if (!inWorkspace) return;
  void import('./app-layout');
  void import('./workspace-gate');
  const rest = (inWorkspace[1] ?? '').replace(/\/$/, '');
  for (const route of features.flatMap((feature) => feature.routes ?? [])) {
    if (route.mount !== 'workspace') continue;
    if (route.index ? rest === '' : route.path && matchPath(`/${route.path}`, `/${rest}`)) void route.page.preload();
  }
}

export function SessionBootstrap({ children }: { children: ReactNode }) {
  const session = useSession();
  useEffect(() => {
    if (sessionStore.get().status !== 'loading') return;
    if (!hasSessionHint()) {
      sessionStore.signOut('initial');
      return;
    }
    preloadWorkspacePage(location.pathname);
    // refreshSession() shares one in-flight request, so StrictMode's second effect run reuses it.
    refreshSession().catch(() => {
      if (sessionStore.get().status === 'loading') sessionStore.signOut('initial');
    });
  }, []);
  if (session.status === 'loading') return <Splash />;
  return <>{children}</>;
}

const hasSessionHint = () => document.cookie.split(/;\s*/).includes(`${SESSION_HINT_COOKIE}=1`);
