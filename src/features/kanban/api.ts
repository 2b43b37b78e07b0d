// The board's data and writes: a board's three columns in one cache entry (each column's first 100 tasks in
// order, more on demand), the employee names and projects its cards and switcher show, a move (optimistic, put
// back with a toast when the server refuses it) and the quick add. Writes announce their events so other
// features' caches (the task list and pages) follow.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { call } from '@/lib/api-client';
import { errorMessage } from '@/lib/api-error';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { applyTaskChanged } from './board-cache';
import { appendPage, COLUMNS, isPlaced, moveLocally, type BoardData, type Placement, type Task, type TaskStatus } from './board-logic';
import { kanbanKeys, type BoardId } from './keys';

/** Tasks per column loaded at a time. */
export const COLUMN_PAGE_SIZE = 100;

const columnPage = (wid: string, board: BoardId, status: TaskStatus, cursor?: string, signal?: AbortSignal) =>
  call('crm.listTasks', {
    params: { wid },
    query: { projectId: board ?? 'none', status, sort: 'position', limit: COLUMN_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
    signal,
  });

export const boardQueryOptions = (wid: string, board: BoardId) =>
  queryOptions({
    queryKey: kanbanKeys.board(wid, board),
    queryFn: async ({ signal }): Promise<BoardData> => {
      const pages = await Promise.all(COLUMNS.map(({ status }) => columnPage(wid, board, status, undefined, signal)));
      return Object.fromEntries(COLUMNS.map(({ status }, i) => [status, { tasks: pages[i]!.data, nextCursor: pages[i]!.nextCursor }])) as BoardData;
    },
  });

/** Loads a column's next tasks into the board. */
export async function loadMoreTasks(queryClient: QueryClient, wid: string, board: BoardId, status: TaskStatus): Promise<void> {
  const cursor = queryClient.getQueryData<BoardData>(kanbanKeys.board(wid, board))?.[status].nextCursor;
  if (!cursor) return;
  const page = await columnPage(wid, board, status, cursor);
  queryClient.setQueryData<BoardData>(kanbanKeys.board(wid, board), (data) => (data ? appendPage(data, status, page) : data));
}

/** Employee names by id, for the cards' assignees (the workspace's first 1,000 employees). */
export const employeeNamesQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: kanbanKeys.employees(wid),
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const names: Record<string, string> = {};
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: { data: { id: string; name: string }[]; nextCursor: string | null } = await call('crm.listEmployees', {
          params: { wid },
          query: { sort: 'name', limit: 100, ...(cursor ? { cursor } : {}) },
          signal,
        });
        for (const e of res.data) names[e.id] = e.name;
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      return names;
    },
  });

/** The projects the board switcher offers (the first 100 by name). */
export const projectsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: kanbanKeys.projects(wid),
    staleTime: 60_000,
    queryFn: ({ signal }) => call('crm.listProjects', { params: { wid }, query: { sort: 'name', limit: 100 }, signal }).then((res) => res.data),
  });

export const projectQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: kanbanKeys.project(wid, id),
    queryFn: ({ signal }) => call('crm.getProject', { params: { wid, id }, signal }),
  });

interface MoveInput {
  task: Task;
  status: TaskStatus;
  /** Its index in the destination column without it. */
  index: number;
  placement: Placement;
}

/**
 * POST /tasks/{id}/move: the card moves at once (in the same render as the drop, so it never flashes back); the
 * server's answer then takes its place, and when the server renumbered the column (its neighbours' positions
 * changed), the board loads again. A refusal puts the card back where it was and says why.
 */
export function useMoveTask(wid: string, board: BoardId) {
  const queryClient = useQueryClient();
  const key = kanbanKeys.board(wid, board);
  const mutation = useMutation({
    mutationFn: ({ task, status, placement }: MoveInput & { before: BoardData | undefined }) =>
      call('crm.moveTask', { params: { wid, id: task.id }, body: { status, ...placement } }),
    onError: (error, { task, before }) => {
      if (before) queryClient.setQueryData(key, before);
      toast.error(`“${task.title}” could not be moved: ${errorMessage(error)}`);
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onSuccess: (moved, { status, placement }) => {
      announceWorkspaceEvent(kanbanKeys.domain, wid, 'task.updated', { task: moved });
      applyTaskChanged(queryClient, wid, moved);
      const data = queryClient.getQueryData<BoardData>(key);
      if (data && !isPlaced(data, status, moved.id, placement)) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (input: MoveInput) => {
    void queryClient.cancelQueries({ queryKey: key });
    const before = queryClient.getQueryData<BoardData>(key);
    if (before) queryClient.setQueryData<BoardData>(key, moveLocally(before, input.task.id, input.status, input.index));
    mutation.mutate({ ...input, before });
  };
}

/** The quick add at the bottom of a column: a task with a title, at the end of that column of this board. */
export function useCreateTask(wid: string, board: BoardId) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ title, status }: { title: string; status: TaskStatus }) =>
      call('crm.createTask', { params: { wid }, body: { title, status, projectId: board }, idempotencyKey: crypto.randomUUID() }),
    onSuccess: (task) => {
      announceWorkspaceEvent(kanbanKeys.domain, wid, 'task.created', { task });
      applyTaskChanged(queryClient, wid, task);
    },
  });
}

/** The employee the signed-in member is (an admin links one with its "Member" field), and their open and recent tasks. */
export const myTasksQueryOptions = (wid: string, userId: string) =>
  queryOptions({
    queryKey: [...kanbanKeys.mine(wid), userId],
    queryFn: async ({ signal }) => {
      const employees = await call('crm.listEmployees', { params: { wid }, query: { userId, sort: 'name', limit: 10 }, signal });
      const employee = employees.data[0];
      if (!employee) return { employee: null, columns: null };
      const lists = await Promise.all(
        COLUMNS.map(({ status }) =>
          call('crm.listTasks', {
            params: { wid },
            query: {
              assigneeEmployeeId: employee.id,
              status,
              sort: status === 'completed' ? '-updatedAt' : 'dueDate',
              limit: status === 'completed' ? 10 : 100,
            },
            signal,
          }),
        ),
      );
      return {
        employee,
        columns: Object.fromEntries(COLUMNS.map(({ status }, i) => [status, lists[i]!])) as Record<TaskStatus, { data: Task[]; nextCursor: string | null }>,
      };
    },
  });
