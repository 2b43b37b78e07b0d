// "Tasks" on a project's page (slot project.details): how far along it is, how many tasks are in each column,
// its first ten tasks with their status, and the way to its board. It reads the board's own cache entry, so it
// stays live with the board's events.
import { useQuery } from '@tanstack/react-query';
import { KanbanSquare } from 'lucide-react';
import { useId } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { Spinner } from '@/components/spinner';
import { errorMessage } from '@/lib/api-error';
import type { SlotProps } from '@/lib/feature';
import { boardQueryOptions, projectQueryOptions } from '../api';
import { COLUMNS, isOverdue, localToday, STATUS_LABELS, type BoardData, type TaskStatus } from '../board-logic';
import { formatDay, PriorityBadge } from './task-card';

const STATUS_DOT: Record<TaskStatus, string> = { pending: 'bg-border-strong', in_progress: 'bg-accent', completed: 'bg-success' };

/** The share of completed tasks, when every column is loaded (else the server's figure). */
function progressOf(data: BoardData): number | null {
  if (COLUMNS.some(({ status }) => data[status].nextCursor !== null)) return null;
  const total = COLUMNS.reduce((sum, { status }) => sum + data[status].tasks.length, 0);
  return total === 0 ? 0 : Math.floor((100 * data.completed.tasks.length) / total);
}

export function ProjectTasksPanel({ wid, id }: SlotProps['project.details']) {
  const headingId = useId();
  const board = useQuery(boardQueryOptions(wid, id));
  const local = board.data ? progressOf(board.data) : null;
  const project = useQuery({ ...projectQueryOptions(wid, id), enabled: board.isSuccess && local === null });
  const progress = local ?? project.data?.progress ?? null;
  const today = localToday();
  const first = board.data ? COLUMNS.flatMap(({ status }) => board.data[status].tasks).slice(0, 10) : [];
  const total = board.data ? COLUMNS.reduce((sum, { status }) => sum + board.data[status].tasks.length, 0) : 0;

  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-border bg-surface" data-testid="project-tasks-panel">
      <header className="flex items-center justify-between gap-3 border-b border-border px-4 py-3">
        <h2 id={headingId} className="text-sm font-semibold">
          Tasks
        </h2>
        <Link
          to={`/w/${wid}/projects/${id}/board`}
          className="inline-flex h-7 items-center gap-1.5 rounded-md border border-border-strong bg-surface px-2.5 text-xs font-medium hover:bg-subtle"
        >
          <KanbanSquare aria-hidden className="size-3.5" />
          Open board
        </Link>
      </header>
      <div className="space-y-4 p-4">
        {board.isPending ? (
          <Spinner label="Loading tasks" />
        ) : board.isError ? (
          <div role="alert" className="text-xs text-danger">
            {errorMessage(board.error)}{' '}
            <Button size="sm" className="mt-2" onClick={() => void board.refetch()}>
              Try again
            </Button>
          </div>
        ) : (
          <>
            <div>
              <div className="mb-1 flex items-baseline justify-between text-xs">
                <span id={`${headingId}-progress`} className="font-medium">
                  Progress
                </span>
                <span className="text-muted tabular-nums">{progress === null ? '…' : `${progress}%`}</span>
              </div>
              <div
                role="progressbar"
                aria-labelledby={`${headingId}-progress`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={progress ?? undefined}
                className="h-2 overflow-hidden rounded-full bg-subtle"
              >
                <div className="h-full rounded-full bg-success transition-[width]" style={{ width: `${progress ?? 0}%` }} />
              </div>
            </div>
            <dl className="grid grid-cols-3 gap-2 text-center">
              {COLUMNS.map(({ status, label }) => (
                <div key={status} className="rounded-md bg-subtle px-2 py-1.5">
                  <dt className="text-xs text-muted">{label}</dt>
                  <dd className="text-base font-semibold tabular-nums">
                    {board.data[status].tasks.length}
                    {board.data[status].nextCursor ? '+' : ''}
                  </dd>
                </div>
              ))}
            </dl>
            {first.length === 0 ? (
              <p className="text-xs text-muted">No tasks yet. Open the board to add the first one.</p>
            ) : (
              <ul className="-mx-2 divide-y divide-border">
                {first.map((task) => (
                  <li key={task.id} className="flex items-center gap-2 px-2 py-1.5 text-sm">
                    <span aria-hidden className={`size-2 shrink-0 rounded-full ${STATUS_DOT[task.status]}`} />
                    <Link to={`/w/${wid}/tasks/${task.id}`} className="min-w-0 flex-1 truncate hover:underline">
                      {task.title}
                    </Link>
                    {task.dueDate ? (
                      <span className={`hidden text-xs sm:inline ${isOverdue(task, today) ? 'font-medium text-danger' : 'text-muted'}`}>
                        {formatDay(task.dueDate)}
                      </span>
                    ) : null}
                    <PriorityBadge priority={task.priority} />
                    <span className="w-20 shrink-0 text-right text-xs text-muted">{STATUS_LABELS[task.status]}</span>
                  </li>
                ))}
              </ul>
            )}
            {total > first.length ? (
              <p className="text-xs text-muted">
                {total - first.length}
                {COLUMNS.some(({ status }) => board.data[status].nextCursor) ? '+' : ''} more on the board.
              </p>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
