// The colour theme: the user's choice (System, Light or Dark) kept in localStorage and applied as a class on
// <html> (`light` or `dark`; none for System, where src/index.css follows prefers-color-scheme). public/theme.js
// applies the stored choice before the first paint, with the same key and classes; this module keeps it
// applied as the user changes it, here or in another tab.
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
export const THEME_LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };
/** Also read by public/theme.js. */
export const THEME_STORAGE_KEY = 'switchboard:theme';

const isChoice = (value: unknown): value is ThemeChoice => value === 'light' || value === 'dark' || value === 'system';

function readStored(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return isChoice(value) ? value : 'system';
  } catch {
    // Storage refused (private mode, blocked cookies): the system's theme.
    return 'system';
  }
}

/** Sets <html>'s class and color-scheme (form controls and scrollbars) for a choice. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  root.classList.toggle('dark', choice === 'dark');
  root.classList.toggle('light', choice === 'light');
  root.style.colorScheme = choice === 'system' ? '' : choice;
}

let current: ThemeChoice | null = null;
const listeners = new Set<() => void>();

export function getTheme(): ThemeChoice {
  return (current ??= readStored());
}

/** Stores and applies a choice (System removes the stored value). */
export function setTheme(choice: ThemeChoice): void {
  if (!isChoice(choice)) throw new Error(`Unknown theme: ${String(choice)}`);
  current = choice;
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not stored: still applied for this page.
  }
  applyTheme(choice);
  for (const listener of listeners) listener();
}

function onStorage(event: StorageEvent) {
  if (event.key !== THEME_STORAGE_KEY && event.key !== null) return;
  current = readStored();
  applyTheme(current);
  for (const listener of listeners) listener();
}

export function subscribeTheme(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

/** The current choice, re-rendering when it changes (in this tab or another). */
export function useTheme(): ThemeChoice {
  return useSyncExternalStore(subscribeTheme, getTheme, () => 'system');
}

/** Forgets the cached choice (tests). */
export function resetThemeForTests(): void {
  current = null;
}
