import { useId, type ReactNode } from 'react';
import { cx } from '@/lib/cx';

/** A settings section: a titled panel. */
export function Card({
  title,
  description,
  actions,
  children,
  className,
  tone = 'neutral',
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  tone?: 'neutral' | 'danger';
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={cx('rounded-lg border bg-surface', tone === 'danger' ? 'border-danger/50' : 'border-border', className)}>
      <header className="flex items-start justify-between gap-4 border-b border-border px-4 py-3">
        <div>
          <h2 id={headingId} className="text-sm font-semibold">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-muted">{description}</p> : null}
        </div>
        {actions}
      </header>
      <div className="p-4">{children}</div>
    </section>
  );
}
