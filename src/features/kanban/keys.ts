// The task board's query keys, under ['w', wid, 'kanban']: a board (a project's tasks, or the workspace's tasks
// without a project) with its three columns in one entry, the names of the employees cards show, the projects
// the board switcher offers, and the signed-in member's own tasks.
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('kanban');

/** A board: a project's id, or null for the workspace's tasks without a project. */
export type BoardId = string | null;

export const kanbanKeys = {
  ...base,
  boards: (wid: string) => [...base.all(wid), 'board'] as const,
  board: (wid: string, board: BoardId) => [...base.all(wid), 'board', board ?? 'none'] as const,
  employees: (wid: string) => [...base.all(wid), 'employees'] as const,
  projects: (wid: string) => [...base.all(wid), 'projects'] as const,
  project: (wid: string, id: string) => [...base.all(wid), 'project', id] as const,
  mine: (wid: string) => [...base.all(wid), 'mine'] as const,
};

/** The board a cached board query holds, from its key. */
export const boardOfKey = (key: readonly unknown[]): BoardId => (key[4] === 'none' ? null : (key[4] as string));
