// Every keyboard shortcut of the app, in one list: the "Keyboard shortcuts" sheet (`?`) shows it, and the code
// that handles a key can take its hint from here (`shortcutHint('inbox.next')`), so the sheet, the hints and
// the handlers name the same keys.

/** A key as KeyboardEvent.key names it, or `Mod` (⌘ on Apple devices, Ctrl elsewhere). */
export type ShortcutKey = string;

export interface Shortcut {
  id: string;
  /** The keys pressed together (`['Mod', 'K']`). */
  keys: readonly ShortcutKey[];
  description: string;
}

export interface ShortcutGroup {
  id: string;
  title: string;
  shortcuts: readonly Shortcut[];
}

export const SHORTCUT_GROUPS = [
  {
    id: 'global',
    title: 'Anywhere',
    shortcuts: [
      { id: 'global.palette', keys: ['Mod', 'K'], description: 'Search or run a command' },
      { id: 'global.shortcuts', keys: ['?'], description: 'Show keyboard shortcuts' },
      { id: 'global.close', keys: ['Escape'], description: 'Close a dialog or menu' },
    ],
  },
  {
    id: 'inbox',
    title: 'Inbox',
    shortcuts: [
      { id: 'inbox.next', keys: ['j'], description: 'Next conversation' },
      { id: 'inbox.previous', keys: ['k'], description: 'Previous conversation' },
      { id: 'inbox.close', keys: ['e'], description: 'Close the conversation and open the next' },
      { id: 'inbox.search', keys: ['/'], description: 'Search conversations' },
      { id: 'inbox.undo', keys: ['z'], description: 'Undo the last change' },
    ],
  },
  {
    id: 'composer',
    title: 'Writing a reply',
    shortcuts: [
      { id: 'composer.send', keys: ['Enter'], description: 'Send' },
      { id: 'composer.newline', keys: ['Shift', 'Enter'], description: 'New line' },
      { id: 'composer.canned', keys: ['/'], description: 'Insert a canned reply (at the start of a line)' },
    ],
  },
] as const satisfies readonly ShortcutGroup[];

export type ShortcutId = (typeof SHORTCUT_GROUPS)[number]['shortcuts'][number]['id'];

export function findShortcut(id: ShortcutId): Shortcut {
  for (const group of SHORTCUT_GROUPS) for (const shortcut of group.shortcuts as readonly Shortcut[]) if (shortcut.id === id) return shortcut;
  throw new Error(`Unknown shortcut: ${id}`);
}

/** Whether this device labels the command key ⌘ (Apple) rather than Ctrl. */
export function isApple(): boolean {
  if (typeof navigator === 'undefined') return false;
  const platform = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

const NAMES: Record<string, string> = { Escape: 'Esc', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };

/** How a key is printed on a keycap. */
export function keyLabel(key: ShortcutKey, apple = isApple()): string {
  if (key === 'Mod') return apple ? '⌘' : 'Ctrl';
  if (key.length === 1) return key.toUpperCase();
  return NAMES[key] ?? key;
}

/** A shortcut as plain text for a hint or aria-keyshortcuts' reader: `Ctrl+K`, `J`. */
export function shortcutHint(id: ShortcutId, apple = isApple()): string {
  return findShortcut(id)
    .keys.map((key) => keyLabel(key, apple))
    .join(apple ? '' : '+');
}

/** The value of aria-keyshortcuts for a shortcut (`Control+K`, `Meta+K`). */
export function ariaKeyShortcuts(id: ShortcutId, apple = isApple()): string {
  return findShortcut(id)
    .keys.map((key) => (key === 'Mod' ? (apple ? 'Meta' : 'Control') : key))
    .join('+');
}

export { isTypingTarget } from './keyboard';
