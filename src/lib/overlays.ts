// Which of the shell's keyboard overlays is open: the command palette (⌘K / Ctrl+K, the top bar's search
// button) or the keyboard shortcuts sheet (`?`). A tiny store so the top bar, the palette's own actions and the
// global key handler open them without importing them (both load on first use, src/app/global-overlays.tsx).
import { useSyncExternalStore } from 'react';

export type Overlay = 'palette' | 'shortcuts' | null;

let open: Overlay = null;
/** What had focus when an overlay opened, to get it back on close. */
let opener: HTMLElement | null = null;
const listeners = new Set<() => void>();

function set(next: Overlay, from?: HTMLElement | null) {
  if (next === open) return;
  if (next && !open)
    opener = from ?? (document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null);
  open = next;
  for (const listener of listeners) listener();
}

/** `from`: the control that opened it (focus returns there); by default whatever has focus. */
export const openPalette = (from?: HTMLElement | null) => set('palette', from);
export const openShortcuts = (from?: HTMLElement | null) => set('shortcuts', from);
export const closeOverlay = () => set(null);
export const currentOverlay = (): Overlay => open;

/** The element to give focus back to on close, if it is still on the page. */
export function overlayOpener(): HTMLElement | null {
  return opener?.isConnected ? opener : null;
}

export function subscribeOverlay(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOverlay(): Overlay {
  return useSyncExternalStore(subscribeOverlay, currentOverlay, () => null);
}
