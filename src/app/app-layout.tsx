import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { Toaster } from 'sonner';
import { LoadingBlock } from '@/components/spinner';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';
import { useCurrentWorkspaceId } from './use-current-workspace-id';

/** The signed-in frame: sidebar, top bar, and the page. Pages load lazily inside it. */
export function AppLayout() {
  const workspaceId = useCurrentWorkspaceId();
  return (
    <div className="flex h-full min-w-[1024px]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <Sidebar workspaceId={workspaceId} />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar workspaceId={workspaceId} />
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-y-auto px-8 py-6 outline-none">
          <Suspense fallback={<LoadingBlock />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <Toaster theme="system" position="bottom-right" closeButton toastOptions={{ className: 'text-sm' }} />
    </div>
  );
}
