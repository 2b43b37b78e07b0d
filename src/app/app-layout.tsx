import { lazy, Suspense } from 'react';
import { Outlet } from 'react-router';
import { LoadingBlock } from '@/components/spinner';
import { useAfterIdle } from '@/lib/use-after-idle';
import { Sidebar } from './sidebar';
import { useCurrentWorkspaceId } from './use-current-workspace-id';

// Not needed for the first paint: the top bar (its menus pull in Radix) and the toaster load once the page's
// first queries have settled (src/lib/use-after-idle.ts).
const TopBar = lazy(async () => ({ default: (await import('./top-bar')).TopBar }));
const Toaster = lazy(async () => ({ default: (await import('sonner')).Toaster }));

/** The signed-in frame: sidebar, top bar, and the page. Pages load lazily inside it. */
export function AppLayout() {
  const workspaceId = useCurrentWorkspaceId();
  const idle = useAfterIdle();
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
        <Suspense fallback={<div className="h-12 shrink-0 border-b border-border bg-surface" />}>{idle && <TopBar workspaceId={workspaceId} />}</Suspense>
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-y-auto px-8 py-6 outline-none">
          <Suspense fallback={<LoadingBlock />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <Suspense fallback={null}>{idle && <Toaster theme="system" position="bottom-right" closeButton toastOptions={{ className: 'text-sm' }} />}</Suspense>
    </div>
  );
}
