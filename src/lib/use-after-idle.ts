// Non-critical UI (the top bar's menus, toasts, the realtime subscription) mounts once the page's first
// queries have settled and painted, so its code does not compete with what the first paint needs. A page that
// fetches nothing still gets it, after a short wait.
import { useIsFetching } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

const FALLBACK_MS = 2_000;

/** False until the first queries have settled (or FALLBACK_MS passed without any), then true for good. */
export function useAfterIdle(): boolean {
  const fetching = useIsFetching();
  const [started, setStarted] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    const fallback = setTimeout(() => setReady(true), FALLBACK_MS);
    return () => clearTimeout(fallback);
  }, [ready]);
  useEffect(() => {
    if (ready) return;
    if (fetching > 0) {
      setStarted(true);
      return;
    }
    if (!started) return;
    let frame = 0;
    const id = setTimeout(() => {
      frame = requestAnimationFrame(() => setReady(true));
    }, 0);
    return () => {
      clearTimeout(id);
      cancelAnimationFrame(frame);
    };
  }, [fetching, started, ready]);
  return ready;
}
