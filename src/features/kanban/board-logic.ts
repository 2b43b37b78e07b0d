// The board's order, as the server keeps it (api/_lib/crm/tasks.ts): each column of a board is its tasks by
// (position, id), a missing position first. Pure functions over a board's cached columns: where a dropped card
// goes (afterId/beforeId for POST /tasks/{id}/move), the optimistic move, and the realtime events applied.
import type { taskResource } from '../../../contracts/crm';
import type { RecordOf } from '../../../contracts/resource';
import type { BoardId } from './keys';

export type Task = RecordOf<typeof taskResource>;
export type TaskStatus = Task['status'];

/** The board's columns, left to right. */
export const COLUMNS: readonly { status: TaskStatus; label: string }[] = [
  { status: 'pending', label: 'Pending' },
  { status: 'in_progress', label: 'In progress' },
  { status: 'completed', label: 'Completed' },
];
export const STATUS_LABELS = Object.fromEntries(COLUMNS.map((c) => [c.status, c.label])) as Record<TaskStatus, string>;

/** A column as loaded: its first tasks in order, and the cursor of the rest (null: all loaded). */
export interface ColumnData {
  tasks: Task[];
  nextCursor: string | null;
}
export type BoardData = Record<TaskStatus, ColumnData>;

/** Where a task goes in its new column: right after one task, right before one, or (neither) the end. */
export type Placement = { afterId: string; beforeId?: undefined } | { beforeId: string; afterId?: undefined } | { afterId?: undefined; beforeId?: undefined };

const sortKey = (task: Pick<Task, 'position'>) => task.position ?? -1;

/** The server's column order: position (none first), then id. */
export function compareTasks(a: Pick<Task, 'position' | 'id'>, b: Pick<Task, 'position' | 'id'>): number {
  return sortKey(a) - sortKey(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export const boardOf = (task: Pick<Task, 'projectId'>): BoardId => task.projectId ?? null;

export function findTask(board: BoardData, id: string): Task | undefined {
  for (const { status } of COLUMNS) {
    const found = board[status].tasks.find((t) => t.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The placement a drop asks for, from the destination column's order once the card is in it: after the card
 * above it, else before the card below it, else (an empty column) the end. Cards not loaded yet sit below the
 * loaded ones, so "after the last loaded card" is exactly where the drop put it.
 */
export function placementFor(columnIds: readonly string[], id: string): Placement {
  const index = columnIds.indexOf(id);
  if (index < 0) throw new Error(`placementFor: ${id} is not in the column`);
  if (index > 0) return { afterId: columnIds[index - 1]! };
  if (index < columnIds.length - 1) return { beforeId: columnIds[index + 1]! };
  return {};
}

/** True when the task sits where the placement asked (after a renumbering elsewhere it may not, until refetched). */
export function isPlaced(board: BoardData, status: TaskStatus, id: string, placement: Placement): boolean {
  const ids = board[status].tasks.map((t) => t.id);
  const index = ids.indexOf(id);
  if (index < 0) return false;
  if (placement.afterId) return ids[index - 1] === placement.afterId;
  if (placement.beforeId) return ids[index + 1] === placement.beforeId;
  return index === ids.length - 1 || board[status].nextCursor !== null;
}

/**
 * The optimistic move: the task out of its column and into `status` at `index` (of the column without it), with
 * a position between its new neighbours' so that later events sort it among them until the server's answer lands.
 */
export function moveLocally(board: BoardData, id: string, status: TaskStatus, index: number): BoardData {
  const task = findTask(board, id);
  if (!task) return board;
  const dest = board[status].tasks.filter((t) => t.id !== id);
  const at = Math.max(0, Math.min(index, dest.length));
  const above = dest[at - 1];
  const below = dest[at];
  const position = above && below ? (sortKey(above) + sortKey(below)) / 2 : above ? sortKey(above) + 1024 : below ? sortKey(below) - 1 : 1024;
  const moved: Task = { ...task, status, position };
  const next = { ...board };
  for (const column of COLUMNS) {
    if (column.status === status) next[status] = { ...board[status], tasks: [...dest.slice(0, at), moved, ...dest.slice(at)] };
    else if (column.status === task.status) next[column.status] = { ...board[column.status], tasks: board[column.status].tasks.filter((t) => t.id !== id) };
  }
  return next;
}

/**
 * A task created or changed (an event, or a write's answer): in its column, in order, when it belongs to this
 * board; out of every other column. Past the loaded part of a longer column it is left out (it shows when that
 * part loads). An older copy than the one the board has (events can arrive out of order) changes nothing.
 */
export function applyTask(board: BoardData, boardId: BoardId, task: Task): BoardData {
  const known = findTask(board, task.id);
  if (known && Date.parse(known.updatedAt) > Date.parse(task.updatedAt)) return board;
  const next = { ...board };
  let changed = false;
  for (const { status } of COLUMNS) {
    const column = board[status];
    const rest = column.tasks.filter((t) => t.id !== task.id);
    const belongs = boardOf(task) === boardId && task.status === status;
    const last = rest.at(-1);
    const loaded = column.nextCursor === null || (last !== undefined && compareTasks(task, last) < 0);
    if (belongs && loaded) {
      next[status] = { ...column, tasks: [...rest, task].sort(compareTasks) };
      changed = true;
    } else if (rest.length !== column.tasks.length) {
      next[status] = { ...column, tasks: rest };
      changed = true;
    }
  }
  return changed ? next : board;
}

export function removeTask(board: BoardData, id: string): BoardData {
  if (!findTask(board, id)) return board;
  const next = { ...board };
  for (const { status } of COLUMNS) next[status] = { ...board[status], tasks: board[status].tasks.filter((t) => t.id !== id) };
  return next;
}

/** A renumbered column (`task.reordered`): the new positions of the tasks it names, the column re-sorted. */
export function applyPositions(board: BoardData, status: TaskStatus, positions: readonly { id: string; position: number }[]): BoardData {
  const byId = new Map(positions.map((p) => [p.id, p.position]));
  const column = board[status];
  if (!column.tasks.some((t) => byId.has(t.id))) return board;
  const tasks = column.tasks.map((t) => (byId.has(t.id) ? { ...t, position: byId.get(t.id)! } : t)).sort(compareTasks);
  return { ...board, [status]: { ...column, tasks } };
}

/** Appends a further page of a column, without the tasks it already shows. */
export function appendPage(board: BoardData, status: TaskStatus, page: { data: Task[]; nextCursor: string | null }): BoardData {
  const column = board[status];
  const seen = new Set(column.tasks.map((t) => t.id));
  return { ...board, [status]: { tasks: [...column.tasks, ...page.data.filter((t) => !seen.has(t.id))], nextCursor: page.nextCursor } };
}

/** A due date (YYYY-MM-DD) before today, for a task not completed. */
export function isOverdue(task: Pick<Task, 'dueDate' | 'status'>, today: string): boolean {
  return task.dueDate !== null && task.status !== 'completed' && task.dueDate < today;
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
