// The shell's keyboard overlays: ⌘K / Ctrl+K (anywhere) opens the command palette, `?` (outside text fields)
// the keyboard shortcuts sheet. Part of the first load, so it holds only the key handler: the palette and the
// sheet are separate chunks, fetched the first time they open.
import { lazy, Suspense, useEffect } from 'react';
import { closeOverlay, currentOverlay, openPalette, openShortcuts, useOverlay } from '@/lib/overlays';
import { isTypingTarget } from '@/lib/keyboard';

const CommandPalette = lazy(async () => ({ default: (await import('./command-palette/command-palette')).CommandPalette }));
const ShortcutsSheet = lazy(async () => ({ default: (await import('./shortcuts-sheet')).ShortcutsSheet }));

/** What a key press opens, if anything (exported for tests). */
export function overlayForKey(event: Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'target'>): 'palette' | 'shortcuts' | null {
  if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === 'k') return 'palette';
  if (event.key === '?' && !event.metaKey && !event.ctrlKey && !event.altKey && !isTypingTarget(event.target)) return 'shortcuts';
  return null;
}

export function GlobalOverlays({ wid }: { wid: string | null }) {
  const overlay = useOverlay();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      const wanted = overlayForKey(event);
      if (!wanted) return;
      // `?` leaves other dialogs alone; ⌘K toggles the palette, and replaces the sheet.
      if (wanted === 'shortcuts' && (currentOverlay() !== null || document.querySelector('[role="dialog"], [role="menu"]'))) return;
      event.preventDefault();
      if (wanted === 'palette') {
        if (currentOverlay() === 'palette') closeOverlay();
        else openPalette();
      } else openShortcuts();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <Suspense fallback={null}>
      {overlay === 'palette' ? <CommandPalette wid={wid} onClose={closeOverlay} /> : null}
      {overlay === 'shortcuts' ? <ShortcutsSheet onClose={closeOverlay} /> : null}
    </Suspense>
  );
}
