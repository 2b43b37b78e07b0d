import { Menu } from 'lucide-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Outlet, useLocation } from 'react-router';
import { LoadingBlock } from '@/components/spinner';
import { useAfterIdle } from '@/lib/use-after-idle';
import { GlobalOverlays } from './global-overlays';
import { Sidebar } from './sidebar';
import { useCurrentWorkspaceId } from './use-current-workspace-id';

// Not needed for the first paint: the top bar (its menus pull in Radix) and the toaster load once the page's
// first queries have settled (src/lib/use-after-idle.ts).
const TopBar = lazy(async () => ({ default: (await import('./top-bar')).TopBar }));
const Toaster = lazy(async () => ({ default: (await import('./toaster')).Toaster }));

const SIDEBAR_ID = 'app-sidebar';
/** Tailwind's `md`: from here up the sidebar sits beside the page; below it, it is a drawer. */
const WIDE = '(min-width: 48rem)';

function subscribeWide(onChange: () => void) {
  const query = window.matchMedia?.(WIDE);
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}
const isWide = () => window.matchMedia?.(WIDE).matches ?? true;

/**
 * The navigation drawer of narrow screens: opened by the top bar's menu button, it takes focus, closes on
 * Escape, on the backdrop and on navigating, and gives focus back to the button. While it is open the page
 * behind it is inert.
 */
function useNavigationDrawer() {
  const wide = useSyncExternalStore(subscribeWide, isWide, () => true);
  const [open, setOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement | null>(null);
  const returnFocus = useRef(false);
  const { pathname } = useLocation();

  // Focus goes back to the menu button once the page behind is no longer inert (after the render that closes).
  const close = useCallback(() => {
    returnFocus.current = true;
    setOpen(false);
  }, []);
  useEffect(() => {
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    menuButtonRef.current?.focus();
  }, [open]);

  // A navigation (a link in the drawer, or anywhere) closes it; so does growing past `md`.
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (wide) setOpen(false);
  }, [wide]);

  useEffect(() => {
    if (!open) return;
    const drawer = document.getElementById(SIDEBAR_ID);
    (drawer?.querySelector<HTMLElement>('a[aria-current="page"]') ?? drawer?.querySelector<HTMLElement>('a, button'))?.focus();
  }, [open]);

  return { open: open && !wide, setOpen, close, menuButtonRef };
}

/** The signed-in frame: sidebar, top bar, and the page. Pages load lazily inside it. */
export function AppLayout() {
  const workspaceId = useCurrentWorkspaceId();
  const idle = useAfterIdle();
  const drawer = useNavigationDrawer();
  return (
    <div className="flex h-dvh">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <Sidebar workspaceId={workspaceId} drawer={{ id: SIDEBAR_ID, open: drawer.open, onClose: drawer.close }} />
      {drawer.open ? <div aria-hidden className="fixed inset-0 z-30 bg-black/40 md:hidden" onClick={drawer.close} /> : null}
      <div className="flex min-w-0 flex-1 flex-col" inert={drawer.open}>
        <header className="flex h-12 shrink-0 items-center border-b border-border bg-surface">
          <button
            ref={drawer.menuButtonRef}
            type="button"
            onClick={() => drawer.setOpen(true)}
            aria-expanded={drawer.open}
            aria-controls={SIDEBAR_ID}
            aria-label="Open navigation"
            className="ml-1.5 inline-flex size-10 shrink-0 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg md:hidden"
          >
            <Menu aria-hidden className="size-5" />
          </button>
          <Suspense fallback={null}>{idle && <TopBar workspaceId={workspaceId} />}</Suspense>
        </header>
        {/* Focusable (tab stop) as the page's scroll container: keyboard users scroll a page that has nothing else to focus. */}
        <main
          id="main"
          tabIndex={0}
          className="relative min-h-0 flex-1 overflow-y-auto px-4 py-4 outline-none focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent md:px-8 md:py-6"
        >
          <Suspense fallback={<LoadingBlock />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
      <Suspense fallback={null}>{idle && <Toaster />}</Suspense>
      <GlobalOverlays wid={workspaceId} />
    </div>
  );
}
