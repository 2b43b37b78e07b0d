// The "Projects" section of a customer's page: the projects whose client they are (GET /projects?customerId=),
// each with its code, status, progress and due date, linking to the project's page.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { RecordOf } from '../../../../contracts/resource';
import type { projectResource } from '../../../../contracts/crm';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { LoadMore } from '@/components/load-more';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { Link } from 'react-router';
import { customerProjectsQueryOptions } from '../api';

type Project = RecordOf<typeof projectResource>;

const STATUS: Record<Project['status'], { label: string; className: string }> = {
  planning: { label: 'Planning', className: 'bg-subtle text-fg' },
  in_progress: { label: 'In progress', className: 'bg-accent-soft text-accent-soft-fg' },
  completed: { label: 'Completed', className: 'bg-surface text-success ring-1 ring-success/40 ring-inset' },
  cancelled: { label: 'Cancelled', className: 'bg-subtle text-muted line-through' },
};

// Due dates are calendar days (YYYY-MM-DD): shown as written, whatever the viewer's time zone.
const dayFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

export function CustomerProjects({ wid, customerId }: { wid: string; customerId: string }) {
  const projects = useInfiniteQuery(customerProjectsQueryOptions(wid, customerId));
  const list = projects.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card title="Projects">
      {projects.isPending ? (
        <LoadingBlock label="Loading projects" />
      ) : projects.isError && !projects.data ? (
        <StateMessage title="Could not load projects" tone="error" action={<Button onClick={() => projects.refetch()}>Try again</Button>}>
          {errorMessage(projects.error)}
        </StateMessage>
      ) : list.length === 0 ? (
        <StateMessage title="No projects yet">Projects that name this customer as their client are listed here.</StateMessage>
      ) : (
        <div className="-m-4 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Projects of this customer</caption>
            <thead className="border-b border-border bg-subtle text-xs text-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Project
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Code
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Progress
                </th>
                <th scope="col" className="px-4 py-2 text-right font-medium">
                  Due
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {list.map((project) => (
                <tr key={project.id} data-testid="customer-project" className="hover:bg-subtle/60">
                  <td className="max-w-64 truncate px-4 py-2">
                    <Link to={`/w/${wid}/projects/${project.id}`} className="font-medium text-fg hover:text-accent hover:underline">
                      {project.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-muted">{project.code}</td>
                  <td className="px-3 py-2">
                    <span
                      className={cx('inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap', STATUS[project.status].className)}
                    >
                      {STATUS[project.status].label}
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    <span className="flex items-center gap-2">
                      <span
                        role="progressbar"
                        aria-label={`Progress of ${project.name}`}
                        aria-valuemin={0}
                        aria-valuemax={100}
                        aria-valuenow={project.progress}
                        className="h-1.5 w-20 overflow-hidden rounded-full bg-subtle"
                      >
                        <span className="block h-full rounded-full bg-accent" style={{ width: `${project.progress}%` }} />
                      </span>
                      <span className="text-xs text-muted tabular-nums">{project.progress}%</span>
                    </span>
                  </td>
                  <td className="px-4 py-2 text-right text-xs whitespace-nowrap text-muted">{project.dueDate ? formatDay(project.dueDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={projects} />
    </Card>
  );
}
