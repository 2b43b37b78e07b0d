import { useEffect, useRef, type ReactNode } from 'react';
import { cx } from '@/lib/cx';

/**
 * Takes focus when it appears: for a result that replaces the form (and the focused button) it came from, so
 * keyboard and screen-reader users continue from what happened instead of from the top of the page.
 */
export function FocusTarget({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className={cx('outline-none', className)}>
      {children}
    </div>
  );
}
