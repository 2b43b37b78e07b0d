// Small helpers for key handlers, kept apart from the shortcut list (./shortcuts.ts) so a handler in the first
// load does not carry the list.

/** Whether a key press is aimed at something the user types in (single-key shortcuts leave those alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
