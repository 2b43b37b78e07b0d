// Every page is its own lazy chunk; the entry holds only the router, the session and the API client.
import { lazy, Suspense, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { PublicOnly, RequireAuth } from './route-guards';
import { Splash } from './splash';

function lazyNamed<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const AuthLayout = lazyNamed(() => import('./auth-layout'), 'AuthLayout');
const AppLayout = lazyNamed(() => import('./app-layout'), 'AppLayout');
const WorkspaceGate = lazyNamed(() => import('./workspace-gate'), 'WorkspaceGate');
const NotFoundPage = lazyNamed(() => import('./not-found-page'), 'NotFoundPage');
const SignInPage = lazyNamed(() => import('@/features/auth/pages/sign-in-page'), 'SignInPage');
const RegisterPage = lazyNamed(() => import('@/features/auth/pages/register-page'), 'RegisterPage');
const HomePage = lazyNamed(() => import('@/features/workspaces/pages/home-page'), 'HomePage');
const WorkspaceSettingsPage = lazyNamed(() => import('@/features/workspaces/pages/workspace-settings-page'), 'WorkspaceSettingsPage');
const AccountSettingsPage = lazyNamed(() => import('@/features/account/pages/account-settings-page'), 'AccountSettingsPage');
const ActivityPage = lazyNamed(() => import('@/features/activity/pages/activity-page'), 'ActivityPage');
const DashboardPage = lazyNamed(() => import('@/features/dashboard/pages/dashboard-page'), 'DashboardPage');
const InboxPage = lazyNamed(() => import('@/features/inbox/pages/inbox-page'), 'InboxPage');
const CustomersPage = lazyNamed(() => import('@/features/customers/pages/customers-page'), 'CustomersPage');
const CustomerPage = lazyNamed(() => import('@/features/customers/pages/customer-page'), 'CustomerPage');

export function AppRoutes() {
  return (
    <Suspense fallback={<Splash />}>
      <Routes>
        <Route element={<PublicOnly />}>
          <Route element={<AuthLayout />}>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/register" element={<RegisterPage />} />
          </Route>
        </Route>
        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            <Route index element={<HomePage />} />
            <Route path="settings/account" element={<AccountSettingsPage />} />
            <Route path="w/:wid" element={<WorkspaceGate />}>
              <Route index element={<DashboardPage />} />
              <Route path="inbox/:conversationId?" element={<InboxPage />} />
              <Route path="customers" element={<CustomersPage />} />
              <Route path="customers/:customerId" element={<CustomerPage />} />
              <Route path="activity" element={<ActivityPage />} />
              <Route path="settings" element={<WorkspaceSettingsPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
