import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { sessionStore } from '@/lib/session-store';

// jsdom has no matchMedia; the toaster (theme="system") asks it for prefers-color-scheme.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// Without vitest globals Testing Library cannot register its own cleanup. Unmount first, then forget the
// session (the other order re-renders signed-in components with no user).
afterEach(() => {
  cleanup();
  sessionStore.reset();
});
