import { useId } from 'react';
import { cx } from '@/lib/cx';
import { CopyButton } from './copy-button';

/**
 * A block of code to copy as it is (a shell command, a snippet): monospace, scrolled sideways rather than wrapped,
 * with a Copy button. The scrolling box is a focusable, named region, so the keyboard can scroll it too.
 */
export function CodeBlock({
  code,
  label,
  className,
}: {
  code: string;
  /** What the code is, e.g. "curl example": names the region and its Copy button. */
  label: string;
  className?: string;
}) {
  const labelId = useId();
  return (
    <div className={cx('overflow-hidden rounded-md border border-border bg-subtle', className)}>
      <div className="flex items-center justify-between gap-2 border-b border-border px-3 py-1">
        <span id={labelId} className="text-xs text-muted">
          {label}
        </span>
        <CopyButton text={code} size="sm" variant="ghost" aria-label={`Copy ${label}`} />
      </div>
      <pre tabIndex={0} role="region" aria-labelledby={labelId} className="overflow-x-auto p-3 font-mono text-xs leading-relaxed text-fg">
        <code>{code}</code>
      </pre>
    </div>
  );
}
