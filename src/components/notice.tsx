import type { ReactNode } from 'react';
import { cx } from '@/lib/cx';

const TONES = {
  success: 'border-success/40 bg-success/10',
  info: 'border-border bg-subtle',
  warning: 'border-transparent bg-warning-soft text-warning-soft-fg',
} as const;

/**
 * A short message in a page or a card: what just happened, or what is needed next. A status live region by
 * default, so it is announced when it appears (pass `live={false}` for a message that is there from the start).
 */
export function Notice({
  children,
  tone = 'info',
  live = true,
  className,
}: {
  children: ReactNode;
  tone?: keyof typeof TONES;
  live?: boolean;
  className?: string;
}) {
  return (
    <div role={live ? 'status' : undefined} className={cx('rounded-md border px-3 py-2 text-sm text-fg', TONES[tone], className)}>
      {children}
    </div>
  );
}
