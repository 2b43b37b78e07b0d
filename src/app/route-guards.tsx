import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { useSession } from '@/lib/session-store';
import { safeNext } from '@/lib/safe-next';

/** Signed-out visitors of an app URL go to /sign-in?next=<that URL> and come back after signing in. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'signed-in') return <Outlet />;
  const here = `${location.pathname}${location.search}${location.hash}`;
  const remember = session.status === 'signed-out' && session.reason !== 'logout' && here !== '/';
  return <Navigate to={remember ? `/sign-in?next=${encodeURIComponent(here)}` : '/sign-in'} replace />;
}

/** Sign-in and register: a signed-in user goes on to `next` (or home). */
export function PublicOnly() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;
  return <Outlet />;
}
