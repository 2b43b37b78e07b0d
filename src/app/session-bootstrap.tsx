// On start the access token is gone (it lived in memory); the HttpOnly refresh cookie, if any, restores it.
import { useEffect, type ReactNode } from 'react';
import { refreshSession } from '@/lib/api-client';
import { sessionStore, useSession } from '@/lib/session-store';
import { Splash } from './splash';

export function SessionBootstrap({ children }: { children: ReactNode }) {
  const session = useSession();
  useEffect(() => {
    if (sessionStore.get().status !== 'loading') return;
    // refreshSession() shares one in-flight request, so StrictMode's second effect run reuses it.
    refreshSession().catch(() => {
      if (sessionStore.get().status === 'loading') sessionStore.signOut('initial');
    });
  }, []);
  if (session.status === 'loading') return <Splash />;
  return <>{children}</>;
}
