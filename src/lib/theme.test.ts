import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getTheme, resetThemeForTests, setTheme, THEME_STORAGE_KEY, useTheme, type ThemeChoice } from './theme';

const html = document.documentElement;
const reset = () => {
  localStorage.clear();
  html.className = '';
  html.style.colorScheme = '';
  resetThemeForTests();
};

describe('the theme store', () => {
  beforeEach(reset);
  afterEach(reset);

  it('starts at System, with no class on <html>', () => {
    expect(getTheme()).toBe('system');
  });

  it('stores Dark and Light and puts their class (and colour scheme) on <html>; System removes both', () => {
    setTheme('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(html.classList.contains('dark')).toBe(true);
    expect(html.style.colorScheme).toBe('dark');

    setTheme('light');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect([...html.classList]).toEqual(['light']);

    setTheme('system');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect([...html.classList]).toEqual([]);
    expect(html.style.colorScheme).toBe('');
  });

  it('reads the stored choice, and treats anything else stored as System', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    expect(getTheme()).toBe('dark');
    resetThemeForTests();
    localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    expect(getTheme()).toBe('system');
  });

  it('refuses an unknown choice, changing nothing', () => {
    setTheme('dark');
    expect(() => setTheme('purple' as ThemeChoice)).toThrow(/Unknown theme/);
    expect(getTheme()).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
  });

  it('re-renders its users on a change here or in another tab', () => {
    const { result, unmount } = renderHook(() => useTheme());
    expect(result.current).toBe('system');
    act(() => setTheme('dark'));
    expect(result.current).toBe('dark');
    // Another tab chose Light: the storage event carries it here.
    act(() => {
      localStorage.setItem(THEME_STORAGE_KEY, 'light');
      window.dispatchEvent(new StorageEvent('storage', { key: THEME_STORAGE_KEY, newValue: 'light' }));
    });
    expect(result.current).toBe('light');
    expect([...html.classList]).toEqual(['light']);
    unmount();
  });
});

describe('public/theme.js (before the first paint)', () => {
  const script = readFileSync(path.join(import.meta.dirname, '../../public/theme.js'), 'utf8');
  const run = () => new Function(script)();
  beforeEach(reset);
  afterEach(reset);

  it('applies what the store saved, under the same key and classes', () => {
    for (const choice of ['dark', 'light'] as const) {
      reset();
      setTheme(choice);
      html.className = '';
      html.style.colorScheme = '';
      run();
      expect([...html.classList]).toEqual([choice]);
      expect(html.style.colorScheme).toBe(choice);
    }
  });

  it('leaves <html> alone for System or an unknown stored value', () => {
    run();
    expect([...html.classList]).toEqual([]);
    localStorage.setItem(THEME_STORAGE_KEY, 'x" onload="');
    run();
    expect([...html.classList]).toEqual([]);
  });
});
