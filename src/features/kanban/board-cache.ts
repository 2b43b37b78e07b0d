// The board's cache updates, shared by its own writes and the realtime handlers (which load this module on
// their first event, so it stays out of the first page load). Every cached board of the workspace takes each
// change: a task moved to another project leaves one board and joins another.
import type { QueryClient } from '@tanstack/react-query';
import { applyPositions, applyTask, removeTask, type BoardData, type Task, type TaskStatus } from './board-logic';
import { boardOfKey, kanbanKeys, type BoardId } from './keys';

function eachBoard(queryClient: QueryClient, wid: string, update: (board: BoardData, id: BoardId) => BoardData) {
  for (const [key, data] of queryClient.getQueriesData<BoardData>({ queryKey: kanbanKeys.boards(wid) })) {
    if (!data) continue;
    const next = update(data, boardOfKey(key));
    if (next !== data) queryClient.setQueryData(key, next);
  }
}

/** The lists that are not kept in order here (the member's own tasks) refetch on any change of a task. */
const refreshMine = (queryClient: QueryClient, wid: string) => void queryClient.invalidateQueries({ queryKey: kanbanKeys.mine(wid) });

export function applyTaskChanged(queryClient: QueryClient, wid: string, task: Task) {
  eachBoard(queryClient, wid, (board, id) => applyTask(board, id, task));
  refreshMine(queryClient, wid);
}

export function applyTaskDeleted(queryClient: QueryClient, wid: string, id: string) {
  eachBoard(queryClient, wid, (board) => removeTask(board, id));
  refreshMine(queryClient, wid);
}

export function applyTasksReordered(
  queryClient: QueryClient,
  wid: string,
  event: { projectId: string | null; status: TaskStatus; positions: { id: string; position: number }[] },
) {
  eachBoard(queryClient, wid, (board, id) => (id === event.projectId ? applyPositions(board, event.status, event.positions) : board));
}

/** Many tasks changed at once (a large import): the boards load again. */
export function refreshBoards(queryClient: QueryClient, wid: string) {
  void queryClient.invalidateQueries({ queryKey: kanbanKeys.all(wid) });
}
