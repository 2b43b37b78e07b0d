// `/w/:wid/tasks/mine`: the tasks assigned to the employee the signed-in member is (an employee's "Member"
// field links it to a member), open ones first by due date, then the ten last completed. Without a linked
// employee, it says how to link one.
import { useQuery } from '@tanstack/react-query';
import { KanbanSquare } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { Button } from '@/components/button';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { hasRole } from '@/lib/roles';
import { useCurrentUser } from '@/lib/session-store';
import { useWorkspaceRole } from '@/lib/workspace';
import { myTasksQueryOptions } from '../api';
import { isOverdue, localToday, type Task, type TaskStatus } from '../board-logic';
import { formatDay, PriorityBadge } from '../components/task-card';

/** Due ones first, soonest first; then those without a date. */
const byDue = (a: Task, b: Task) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || a.title.localeCompare(b.title);

const SECTIONS: { status: TaskStatus; title: string; empty: string }[] = [
  { status: 'in_progress', title: 'In progress', empty: 'Nothing in progress.' },
  { status: 'pending', title: 'Pending', empty: 'Nothing waiting.' },
  { status: 'completed', title: 'Recently completed', empty: 'Nothing completed yet.' },
];

export function MyTasksPage() {
  const { wid = '' } = useParams();
  const user = useCurrentUser();
  const role = useWorkspaceRole(wid);
  const mine = useQuery(myTasksQueryOptions(wid, user.id));
  const today = localToday();

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="My tasks"
        description={mine.data?.employee ? `Assigned to ${mine.data.employee.name}` : 'The tasks assigned to you'}
        actions={
          <Link
            to={`/w/${wid}/tasks/board`}
            className="inline-flex h-8 items-center gap-2 rounded-md border border-border-strong bg-surface px-3 text-sm font-medium hover:bg-subtle"
          >
            <KanbanSquare aria-hidden className="size-4" />
            Task board
          </Link>
        }
      />
      {mine.isPending ? (
        <LoadingBlock label="Loading your tasks" />
      ) : mine.isError ? (
        <StateMessage title="Your tasks could not be loaded" tone="error" action={<Button onClick={() => void mine.refetch()}>Try again</Button>}>
          {errorMessage(mine.error)}
        </StateMessage>
      ) : !mine.data.employee ? (
        <StateMessage title="You are not linked to an employee yet">
          <p>
            Tasks are assigned to employees. To see yours here, an admin opens your employee record and sets its <strong>Member</strong> field to you.
          </p>
          {hasRole(role, 'admin') ? (
            <p className="mt-2">
              <Link to={`/w/${wid}/employees`} className="font-medium text-accent hover:underline">
                Go to employees
              </Link>
            </p>
          ) : null}
        </StateMessage>
      ) : (
        <div className="space-y-6">
          {SECTIONS.map(({ status, title, empty }) => {
            const list = mine.data.columns![status];
            const tasks = status === 'completed' ? list.data : [...list.data].sort(byDue);
            return (
              <section key={status} aria-labelledby={`mine-${status}`}>
                <h2 id={`mine-${status}`} className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">
                  {title}{' '}
                  <span className="tabular-nums">
                    ({tasks.length}
                    {list.nextCursor && status !== 'completed' ? '+' : ''})
                  </span>
                </h2>
                {tasks.length === 0 ? (
                  <p className="text-sm text-muted">{empty}</p>
                ) : (
                  <ul className="divide-y divide-border rounded-lg border border-border bg-surface">
                    {tasks.map((task) => (
                      <li key={task.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                        <span className="font-mono text-xs text-muted">{task.code}</span>
                        <Link to={`/w/${wid}/tasks/${task.id}`} className="min-w-0 flex-1 font-medium hover:underline">
                          {task.title}
                        </Link>
                        {task.dueDate ? (
                          <span className={cx('text-xs', isOverdue(task, today) ? 'font-medium text-danger' : 'text-muted')}>
                            {isOverdue(task, today) ? 'Overdue · ' : 'Due '}
                            {formatDay(task.dueDate)}
                          </span>
                        ) : null}
                        <PriorityBadge priority={task.priority} />
                        {task.projectId ? (
                          <Link to={`/w/${wid}/projects/${task.projectId}/board`} className="text-xs text-muted hover:underline">
                            Board
                          </Link>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
