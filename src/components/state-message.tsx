import type { ReactNode } from 'react';

/** The empty or error state of a list or a page: a short title, one line and maybe an action. */
export function StateMessage({
  title,
  children,
  action,
  tone = 'neutral',
  level = 2,
}: {
  title: string;
  /** 1 when the message is the whole page (not found, first run); 2 inside a page. */
  level?: 1 | 2 | 3;
  children?: ReactNode;
  action?: ReactNode;
  tone?: 'neutral' | 'error';
}) {
  const Heading = `h${level}` as const;
  return (
    <div role={tone === 'error' ? 'alert' : undefined} className="flex flex-col items-center gap-2 px-6 py-12 text-center">
      <Heading className={tone === 'error' ? 'text-sm font-medium text-danger' : 'text-sm font-medium text-fg'}>{title}</Heading>
      {children ? <div className="max-w-sm text-muted">{children}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
