// Scalar's API reference inside a React-owned element. Scalar itself arrives with ./scalar-mount, imported
// after the first render: until then the page shows a loading line, and if it cannot be fetched, a way to retry.
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import type { ScalarConfiguration } from './scalar-configuration';

/** The prelude first, evaluated on its own, then Scalar (see ./scalar-prelude for why the order matters). */
const loadScalar = () => import('./scalar-prelude').then(() => import('./scalar-mount'));

export function ApiReference({ configuration }: { configuration: ScalarConfiguration }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    let cancelled = false;
    let unmount: (() => void) | undefined;
    loadScalar().then(
      ({ mountApiReference }) => {
        if (cancelled || !container.current) return;
        unmount = mountApiReference(container.current, configuration);
        setState('ready');
      },
      () => {
        if (!cancelled) setState('failed');
      },
    );
    return () => {
      cancelled = true;
      unmount?.();
    };
  }, [configuration]);
  return (
    <>
      {state === 'loading' ? <LoadingBlock label="Loading the API reference" /> : null}
      {state === 'failed' ? (
        <StateMessage
          level={1}
          tone="error"
          title="The API reference could not be loaded"
          action={
            <Button variant="primary" onClick={() => window.location.reload()}>
              Reload
            </Button>
          }
        >
          Check your connection and reload the page.
        </StateMessage>
      ) : null}
      <div ref={container} />
    </>
  );
}
