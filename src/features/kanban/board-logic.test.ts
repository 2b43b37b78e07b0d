// The board's ordering logic: the placement a drop sends to POST /tasks/{id}/move, the optimistic move, and the
// realtime events applied to a cached board (the order the server keeps: position, then id).
import { describe, expect, it } from 'vitest';
import {
  appendPage,
  applyPositions,
  applyTask,
  compareTasks,
  isOverdue,
  isPlaced,
  moveLocally,
  placementFor,
  removeTask,
  type BoardData,
  type Task,
} from './board-logic';

const P = 'project-1';
let clock = Date.parse('2026-03-01T10:00:00Z');
function task(id: string, fields: Partial<Task> = {}): Task {
  return {
    id,
    code: `TSK-${id}`,
    title: `Task ${id}`,
    description: null,
    projectId: P,
    status: 'pending',
    priority: 'medium',
    assigneeEmployeeId: null,
    dueDate: null,
    position: 1024,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: new Date((clock += 1000)).toISOString(),
    ...fields,
  };
}
function board(columns: Partial<Record<Task['status'], Task[]>>, more: Partial<Record<Task['status'], string>> = {}): BoardData {
  return {
    pending: { tasks: columns.pending ?? [], nextCursor: more.pending ?? null },
    in_progress: { tasks: columns.in_progress ?? [], nextCursor: more.in_progress ?? null },
    completed: { tasks: columns.completed ?? [], nextCursor: more.completed ?? null },
  };
}
const ids = (b: BoardData, status: Task['status']) => b[status].tasks.map((t) => t.id);

describe('placementFor (a drop → afterId/beforeId)', () => {
  it('names the card above the dropped one, else the card below, else nothing (an empty column: the end)', () => {
    expect(placementFor(['a', 'x', 'b'], 'x')).toEqual({ afterId: 'a' });
    expect(placementFor(['a', 'b', 'x'], 'x')).toEqual({ afterId: 'b' });
    expect(placementFor(['x', 'a', 'b'], 'x')).toEqual({ beforeId: 'a' });
    expect(placementFor(['x'], 'x')).toEqual({});
    expect(() => placementFor(['a'], 'x')).toThrow();
  });
});

describe('moveLocally (the optimistic move)', () => {
  const a = task('a', { position: 1024 });
  const b = task('b', { position: 2048 });
  const c = task('c', { position: 3072 });
  const x = task('x', { status: 'in_progress', position: 1024 });

  it('moves within a column, between its new neighbours', () => {
    const moved = moveLocally(board({ pending: [a, b, c] }), 'c', 'pending', 1);
    expect(ids(moved, 'pending')).toEqual(['a', 'c', 'b']);
    expect(moved.pending.tasks[1]!.position).toBe(1536);
    expect([...moved.pending.tasks].sort(compareTasks).map((t) => t.id)).toEqual(['a', 'c', 'b']);
  });

  it('moves across columns: to the top, the end, and into an empty column', () => {
    const start = board({ pending: [a, b], in_progress: [x] });
    const top = moveLocally(start, 'b', 'in_progress', 0);
    expect(ids(top, 'pending')).toEqual(['a']);
    expect(ids(top, 'in_progress')).toEqual(['b', 'x']);
    expect(top.in_progress.tasks[0]).toMatchObject({ status: 'in_progress' });
    expect(top.in_progress.tasks[0]!.position).toBeLessThan(1024);
    expect(ids(moveLocally(start, 'a', 'in_progress', 1), 'in_progress')).toEqual(['x', 'a']);
    const empty = moveLocally(start, 'x', 'completed', 0);
    expect(ids(empty, 'completed')).toEqual(['x']);
    expect(ids(empty, 'in_progress')).toEqual([]);
  });

  it('leaves the board alone for a task it does not have', () => {
    const start = board({ pending: [a] });
    expect(moveLocally(start, 'nope', 'completed', 0)).toBe(start);
  });
});

describe('isPlaced (did the answer land where the drop asked?)', () => {
  it('checks the neighbour the move named', () => {
    const b = board({ pending: [task('a', { position: 1 }), task('x', { position: 2 }), task('b', { position: 3 })] });
    expect(isPlaced(b, 'pending', 'x', { afterId: 'a' })).toBe(true);
    expect(isPlaced(b, 'pending', 'x', { beforeId: 'b' })).toBe(true);
    expect(isPlaced(b, 'pending', 'x', { afterId: 'b' })).toBe(false);
    expect(isPlaced(b, 'completed', 'x', {})).toBe(false);
  });
});

describe('applyTask (task.created and task.updated)', () => {
  it('puts a task in its column in order, and takes it out of the one it left', () => {
    const a = task('a', { position: 1024 });
    const b = task('b', { position: 2048 });
    const start = board({ pending: [a, b] });
    const started = applyTask(start, P, { ...a, status: 'in_progress', position: 1024, updatedAt: new Date((clock += 1000)).toISOString() });
    expect(ids(started, 'pending')).toEqual(['b']);
    expect(ids(started, 'in_progress')).toEqual(['a']);
    const reordered = applyTask(start, P, { ...b, position: 512, updatedAt: new Date((clock += 1000)).toISOString() });
    expect(ids(reordered, 'pending')).toEqual(['b', 'a']);
    const created = applyTask(start, P, task('c', { position: 1536 }));
    expect(ids(created, 'pending')).toEqual(['a', 'c', 'b']);
  });

  it('orders equal positions by id, as the server does', () => {
    const start = board({ pending: [task('b', { position: 5 })] });
    expect(ids(applyTask(start, P, task('a', { position: 5 })), 'pending')).toEqual(['a', 'b']);
  });

  it("takes a task out when it moves to another board, and ignores other boards' tasks", () => {
    const a = task('a');
    const start = board({ pending: [a] });
    const elsewhere = applyTask(start, P, { ...a, projectId: 'project-2', updatedAt: new Date((clock += 1000)).toISOString() });
    expect(ids(elsewhere, 'pending')).toEqual([]);
    const other = task('z', { projectId: 'project-2' });
    expect(applyTask(start, P, other)).toBe(start);
    expect(ids(applyTask(board({}), null, task('n', { projectId: null })), 'pending')).toEqual(['n']);
  });

  it('never lets an older copy overwrite a newer one', () => {
    const older = task('a', { status: 'pending' });
    const newer = { ...older, status: 'completed' as const, updatedAt: new Date((clock += 1000)).toISOString() };
    const start = board({ completed: [newer] });
    expect(applyTask(start, P, older)).toBe(start);
  });

  it('leaves a task past the loaded part of a longer column out until that part loads', () => {
    const start = board({ pending: [task('a', { position: 1024 }), task('b', { position: 2048 })] }, { pending: 'cursor' });
    expect(ids(applyTask(start, P, task('late', { position: 9000 })), 'pending')).toEqual(['a', 'b']);
    expect(ids(applyTask(start, P, task('early', { position: 1500 })), 'pending')).toEqual(['a', 'early', 'b']);
  });
});

describe('task.deleted, task.reordered and further pages', () => {
  it('removes a deleted task', () => {
    const start = board({ pending: [task('a'), task('b', { position: 2048 })] });
    expect(ids(removeTask(start, 'a'), 'pending')).toEqual(['b']);
    expect(removeTask(start, 'nope')).toBe(start);
  });

  it('applies a renumbered column and sorts it again', () => {
    const start = board({ pending: [task('a', { position: 1 }), task('x', { position: 2 }), task('b', { position: 3 })] });
    const next = applyPositions(start, 'pending', [
      { id: 'b', position: 1024 },
      { id: 'a', position: 2048 },
      { id: 'x', position: 3072 },
    ]);
    expect(ids(next, 'pending')).toEqual(['b', 'a', 'x']);
    expect(applyPositions(start, 'completed', [{ id: 'a', position: 1 }])).toBe(start);
  });

  it('appends a page without repeating what is shown', () => {
    const start = board({ pending: [task('a'), task('b', { position: 2048 })] }, { pending: 'c1' });
    const next = appendPage(start, 'pending', { data: [task('b', { position: 2048 }), task('c', { position: 3072 })], nextCursor: null });
    expect(ids(next, 'pending')).toEqual(['a', 'b', 'c']);
    expect(next.pending.nextCursor).toBeNull();
  });
});

describe('isOverdue', () => {
  it('is a due date before today on a task not completed', () => {
    expect(isOverdue({ dueDate: '2026-03-01', status: 'pending' }, '2026-03-02')).toBe(true);
    expect(isOverdue({ dueDate: '2026-03-02', status: 'pending' }, '2026-03-02')).toBe(false);
    expect(isOverdue({ dueDate: '2026-03-01', status: 'completed' }, '2026-03-02')).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'pending' }, '2026-03-02')).toBe(false);
  });
});
