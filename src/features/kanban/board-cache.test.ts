// The realtime handlers on the cached boards: a card another member moves moves here too (across columns and
// boards), a renumbered column takes its new positions, a deleted task goes, and the member's own tasks refetch.
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { BoardData, Task } from './board-logic';
import { kanbanKeys } from './keys';
import { kanbanEventHandlers } from './realtime/handlers';

const wid = 'w1';
let clock = Date.parse('2026-03-01T10:00:00Z');
const task = (id: string, fields: Partial<Task> = {}): Task => ({
  id,
  code: `TSK-${id}`,
  title: id,
  description: null,
  projectId: 'p1',
  status: 'pending',
  priority: 'medium',
  assigneeEmployeeId: null,
  dueDate: null,
  position: 1024,
  createdAt: '2026-03-01T09:00:00.000Z',
  updatedAt: new Date((clock += 1000)).toISOString(),
  ...fields,
});
const empty = { tasks: [], nextCursor: null };
const ids = (data: BoardData | undefined, status: Task['status']) => data?.[status].tasks.map((t) => t.id);

/** The handlers load the cache code on their first event: wait for it. */
async function deliver<E extends keyof typeof kanbanEventHandlers>(
  queryClient: QueryClient,
  name: E,
  payload: Parameters<NonNullable<(typeof kanbanEventHandlers)[E]>>[0],
) {
  (kanbanEventHandlers[name] as (p: unknown, c: unknown) => void)(payload, { queryClient, wid });
  await import('./board-cache');
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function setUp() {
  const queryClient = new QueryClient();
  const a = task('a', { position: 1024 });
  const b = task('b', { position: 2048 });
  const loose = task('loose', { projectId: null });
  queryClient.setQueryData<BoardData>(kanbanKeys.board(wid, 'p1'), { pending: { tasks: [a, b], nextCursor: null }, in_progress: empty, completed: empty });
  queryClient.setQueryData<BoardData>(kanbanKeys.board(wid, null), { pending: { tasks: [loose], nextCursor: null }, in_progress: empty, completed: empty });
  return { queryClient, a, b, loose, board: (id: string | null) => queryClient.getQueryData<BoardData>(kanbanKeys.board(wid, id)) };
}

describe('kanban realtime handlers', () => {
  it('moves a card within and across columns on task.updated', async () => {
    const { queryClient, a, b, board } = setUp();
    await deliver(queryClient, 'task.updated', { task: { ...b, position: 512, updatedAt: new Date((clock += 1000)).toISOString() } });
    expect(ids(board('p1'), 'pending')).toEqual(['b', 'a']);
    await deliver(queryClient, 'task.updated', { task: { ...a, status: 'completed', position: 1024, updatedAt: new Date((clock += 1000)).toISOString() } });
    expect(ids(board('p1'), 'pending')).toEqual(['b']);
    expect(ids(board('p1'), 'completed')).toEqual(['a']);
  });

  it('moves a card from a project board to the board of tasks without a project', async () => {
    const { queryClient, a, board } = setUp();
    await deliver(queryClient, 'task.updated', { task: { ...a, projectId: null, position: 2048, updatedAt: new Date((clock += 1000)).toISOString() } });
    expect(ids(board('p1'), 'pending')).toEqual(['b']);
    expect(ids(board(null), 'pending')).toEqual(['loose', 'a']);
  });

  it('adds created tasks, drops deleted ones, and applies a renumbered column of its own board only', async () => {
    const { queryClient, board } = setUp();
    await deliver(queryClient, 'task.created', { task: task('c', { position: 3072 }) });
    expect(ids(board('p1'), 'pending')).toEqual(['a', 'b', 'c']);
    await deliver(queryClient, 'task.reordered', {
      projectId: 'p1',
      status: 'pending',
      positions: [
        { id: 'c', position: 1024 },
        { id: 'a', position: 2048 },
        { id: 'b', position: 3072 },
      ],
    });
    expect(ids(board('p1'), 'pending')).toEqual(['c', 'a', 'b']);
    await deliver(queryClient, 'task.reordered', { projectId: null, status: 'pending', positions: [{ id: 'a', position: 1 }] });
    expect(ids(board('p1'), 'pending')).toEqual(['c', 'a', 'b']);
    await deliver(queryClient, 'task.deleted', { id: 'a' });
    expect(ids(board('p1'), 'pending')).toEqual(['c', 'b']);
  });

  it("refetches the member's own tasks on any task change, and the boards after an import", async () => {
    const { queryClient } = setUp();
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await deliver(queryClient, 'task.deleted', { id: 'b' });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: kanbanKeys.mine(wid) });
    await deliver(queryClient, 'task.imported', { created: 120, updated: 0 });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: kanbanKeys.all(wid) });
  });
});
