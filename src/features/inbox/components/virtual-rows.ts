// What the inbox's virtualised lists (the conversation list and the thread) tell @tanstack/react-virtual
// about a scroller that is not laid out: the pane hidden on phones, or a page without layout.
import { measureElement, observeElementRect } from '@tanstack/react-virtual';

/**
 * The scroller's height, or the window's while it has none (hidden, or not laid out yet), so the first screen
 * of rows is there the moment it shows.
 */
export function observeRectOrWindow<T extends Element>(...[instance, cb]: Parameters<typeof observeElementRect<T>>) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: window.innerHeight }));
}

/** A row's drawn height; one that is not laid out (a hidden pane) keeps its estimate rather than measuring 0. */
export function measureOrKeep<T extends Element>(estimate: number) {
  return (...[element, entry, instance]: Parameters<typeof measureElement<T>>) => measureElement(element, entry, instance) || estimate;
}
