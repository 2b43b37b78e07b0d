// `/w/:wid/projects/:id/board` (a project's tasks) and `/w/:wid/tasks/board` (the workspace's tasks without a
// project): the task board, live for everyone on it (src/features/kanban/realtime), with a switcher to the other
// boards.
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useId } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '@/components/button';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { boardQueryOptions, employeeNamesQueryOptions, projectQueryOptions, projectsQueryOptions } from '../api';
import { localToday } from '../board-logic';
import { Board } from '../components/board';

export function BoardPage() {
  const { wid = '', id } = useParams();
  const board = id ?? null;
  const role = useWorkspaceRole(wid);
  const data = useQuery(boardQueryOptions(wid, board));
  const names = useQuery(employeeNamesQueryOptions(wid));
  const project = useQuery({ ...projectQueryOptions(wid, id ?? ''), enabled: Boolean(id) });
  const title = id ? (project.data?.name ?? 'Project board') : 'Tasks without a project';

  return (
    <div className="mx-auto max-w-6xl">
      <PageHeader
        title={title}
        description={
          id ? (
            <Link to={`/w/${wid}/projects/${id}`} className="inline-flex items-center gap-1 hover:underline">
              <ArrowLeft aria-hidden className="size-3.5" />
              {project.data?.code ? `${project.data.code} · ` : ''}Project details
            </Link>
          ) : (
            'Tasks that belong to no project, by status. Drag a card to reorder it or move it to another column.'
          )
        }
        actions={<BoardSwitcher wid={wid} current={board} />}
      />
      {data.isPending ? (
        <LoadingBlock label="Loading the board" />
      ) : data.isError ? (
        <StateMessage title="The board could not be loaded" tone="error" action={<Button onClick={() => void data.refetch()}>Try again</Button>}>
          {errorMessage(data.error)}
        </StateMessage>
      ) : (
        <Board wid={wid} board={board} data={data.data} canWrite={hasRole(role, 'agent')} names={names.data ?? {}} today={localToday()} />
      )}
    </div>
  );
}

/** Another board: a project's, or the tasks without a project. */
function BoardSwitcher({ wid, current }: { wid: string; current: string | null }) {
  const projects = useQuery(projectsQueryOptions(wid));
  const navigate = useNavigate();
  const id = useId();
  const listed = projects.data ?? [];
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-xs font-medium text-muted">
        Board
      </label>
      <select
        id={id}
        className={`${inputClass} w-48`}
        value={current ?? ''}
        onChange={(e) => void navigate(e.target.value ? `/w/${wid}/projects/${e.target.value}/board` : `/w/${wid}/tasks/board`)}
      >
        <option value="">No project</option>
        {current && !listed.some((p) => p.id === current) ? <option value={current}>This project</option> : null}
        {listed.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
