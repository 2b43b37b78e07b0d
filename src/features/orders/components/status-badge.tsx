import type { ReactNode } from 'react';
import { cx } from '@/lib/cx';
import type { Tone } from '../labels';

const TONES: Record<Tone, string> = {
  neutral: 'bg-subtle text-muted',
  info: 'bg-accent-soft text-accent-soft-fg',
  success: 'bg-surface text-success ring-1 ring-success/40 ring-inset',
  warning: 'bg-warning-soft text-warning-soft-fg',
  danger: 'bg-danger-soft text-danger',
};

/** An order's or a payment's status as a small coloured label. */
export function StatusBadge({ tone, children, className }: { tone: Tone; children: ReactNode; className?: string }) {
  return <span className={cx('inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap', TONES[tone], className)}>{children}</span>;
}
