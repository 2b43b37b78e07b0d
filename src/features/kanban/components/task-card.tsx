// A task as the board shows it: code, title (a link to the task's page), priority, assignee and due date (red
// once it has passed). The board adds the drag handle; the drag overlay shows the same card.
import { CalendarDays, UserRound } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { cx } from '@/lib/cx';
import { isOverdue, type Task } from '../board-logic';

const PRIORITY: Record<Task['priority'], { label: string; className: string }> = {
  low: { label: 'Low', className: 'bg-subtle text-muted' },
  medium: { label: 'Medium', className: 'bg-accent-soft text-accent-soft-fg' },
  high: { label: 'High', className: 'bg-warning-soft text-warning-soft-fg' },
  urgent: { label: 'Urgent', className: 'bg-danger-soft text-danger ring-1 ring-danger/40 ring-inset' },
};

export function PriorityBadge({ priority }: { priority: Task['priority'] }) {
  const { label, className } = PRIORITY[priority];
  return <span className={cx('inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium', className)}>{label}</span>;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

/** A date (YYYY-MM-DD) in the reader's words, as the calendar day it names. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat.format(new Date(y!, m! - 1, d!));
}

export function TaskCard({
  task,
  wid,
  assignee,
  today,
  handle,
  overlay = false,
}: {
  task: Task;
  wid: string;
  assignee: string | null;
  today: string;
  handle?: ReactNode;
  overlay?: boolean;
}) {
  const overdue = isOverdue(task, today);
  return (
    <div className={cx('group flex gap-1 rounded-md border border-border bg-surface p-2.5 text-sm shadow-xs', overlay && 'shadow-lg ring-2 ring-ring')}>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex items-center justify-between gap-2">
          <span className="font-mono text-xs text-muted">{task.code}</span>
          <PriorityBadge priority={task.priority} />
        </div>
        <Link to={`/w/${wid}/tasks/${task.id}`} className="block font-medium break-words text-fg hover:underline" draggable={false}>
          {task.title}
        </Link>
        {assignee || task.dueDate ? (
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
            {assignee ? (
              <span className="inline-flex min-w-0 items-center gap-1">
                <UserRound aria-hidden className="size-3.5 shrink-0" />
                <span className="sr-only">Assignee: </span>
                <span className="truncate">{assignee}</span>
              </span>
            ) : null}
            {task.dueDate ? (
              <span className={cx('inline-flex items-center gap-1', overdue && 'font-medium text-danger')}>
                <CalendarDays aria-hidden className="size-3.5 shrink-0" />
                <span className="sr-only">Due: </span>
                {formatDay(task.dueDate)}
                {overdue ? <span> (overdue)</span> : null}
              </span>
            ) : null}
          </div>
        ) : null}
      </div>
      {handle}
    </div>
  );
}
