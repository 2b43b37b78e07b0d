// The router, composed from the feature manifests (./features.ts): each feature's routes mount under the
// guard and layout their `mount` names. Every page is its own lazy chunk; the entry holds only the router,
// the session, the API client and the manifests.
import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import type { Mount } from '@/lib/feature';
import { routesFor } from './compose-features';
import { features } from './features';
import { PublicOnly, RequireAuth } from './route-guards';
import { Splash } from './splash';

function lazyNamed<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const AuthLayout = lazyNamed(() => import('./auth-layout'), 'AuthLayout');
const AppLayout = lazyNamed(() => import('./app-layout'), 'AppLayout');
const WorkspaceGate = lazyNamed(() => import('./workspace-gate'), 'WorkspaceGate');
const SettingsLayout = lazyNamed(() => import('./settings-layout'), 'SettingsLayout');
const NotFoundPage = lazyNamed(() => import('./not-found-page'), 'NotFoundPage');

function mounted(mount: Mount) {
  return routesFor(features, mount).map(({ key, index, path, page: Page }) =>
    index ? <Route key={key} index element={<Page />} /> : <Route key={key} path={path} element={<Page />} />,
  );
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Splash />}>
      <Routes>
        {mounted('public')}
        <Route element={<PublicOnly />}>
          <Route element={<AuthLayout />}>{mounted('guest')}</Route>
        </Route>
        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            {mounted('app')}
            <Route path="w/:wid" element={<WorkspaceGate />}>
              {mounted('workspace')}
              <Route path="settings" element={<SettingsLayout />}>
                {mounted('settings')}
              </Route>
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
