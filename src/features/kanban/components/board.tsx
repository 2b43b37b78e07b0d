// The board itself: three columns of cards that agents and up drag to reorder and across columns, with the
// mouse or touch (the whole card) or the keyboard (each card's handle: space or enter picks it up, the arrow keys
// move it within and across columns, space or enter drops it, escape puts it back), every step announced to
// screen readers. A drop becomes one POST /tasks/{id}/move naming the card above it (or below it) in its new
// column. Viewers see the same board without handles.
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type ScreenReaderInstructions,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useQueryClient } from '@tanstack/react-query';
import { GripVertical, Plus } from 'lucide-react';
import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEventHandler, type PointerEventHandler, type ReactNode } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/button';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { loadMoreTasks, useCreateTask, useMoveTask } from '../api';
import { COLUMNS, placementFor, STATUS_LABELS, type BoardData, type Task, type TaskStatus } from '../board-logic';
import type { BoardId } from '../keys';
import { TaskCard } from './task-card';

type Columns = Record<TaskStatus, string[]>;

const idsOf = (data: BoardData): Columns => Object.fromEntries(COLUMNS.map(({ status }) => [status, data[status].tasks.map((t) => t.id)])) as Columns;
const isColumn = (id: UniqueIdentifier): id is TaskStatus => COLUMNS.some((c) => c.status === id);

const instructions: ScreenReaderInstructions = {
  draggable:
    'To move a task, press space or enter. Use the up and down arrow keys to move it within its column and the left and right arrow keys to move it to another column. Press space or enter again to drop it there, or escape to cancel.',
};

export interface BoardProps {
  wid: string;
  board: BoardId;
  data: BoardData;
  canWrite: boolean;
  /** Employee names by id, for the assignees. */
  names: Record<string, string>;
  today: string;
}

export function Board({ wid, board, data, canWrite, names, today }: BoardProps) {
  const move = useMoveTask(wid, board);
  // While a card is dragged, the columns as the drag has rearranged them; otherwise the cache's.
  const [drag, setDrag] = useState<{ id: string; columns: Columns } | null>(null);
  const columns = drag?.columns ?? idsOf(data);
  const tasks = useMemo(() => new Map(COLUMNS.flatMap(({ status }) => data[status].tasks.map((t) => [t.id, t] as const))), [data]);
  const latest = useRef(columns);
  latest.current = columns;

  const sensors = useSensors(
    // A click (less than 6 px of movement) still opens the card's link.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const containerOf = (id: UniqueIdentifier, cols: Columns = latest.current): TaskStatus | undefined =>
    isColumn(id) ? id : COLUMNS.find(({ status }) => cols[status].includes(String(id)))?.status;

  const titleOf = (id: UniqueIdentifier) => `“${tasks.get(String(id))?.title ?? 'Task'}”`;
  const whereIs = (id: UniqueIdentifier) => {
    const status = containerOf(id);
    if (!status) return '';
    const ids = latest.current[status];
    return `${STATUS_LABELS[status]}, position ${ids.indexOf(String(id)) + 1} of ${ids.length}`;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)}: ${whereIs(active.id)}.`,
    // Over itself (the drag's first moment): the pick-up message stands.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? `${titleOf(active.id)} is now in ${whereIs(active.id)}.`
          : `${titleOf(active.id)} is no longer over a column.`,
    onDragEnd: ({ active, over }) => (over ? `Dropped ${titleOf(active.id)} in ${whereIs(active.id)}.` : `Dropped ${titleOf(active.id)} where it was.`),
    onDragCancel: ({ active }) => `Moving ${titleOf(active.id)} was cancelled; it is back where it was.`,
  };

  function onDragStart({ active }: DragStartEvent) {
    setDrag({ id: String(active.id), columns: idsOf(data) });
  }

  // Across columns, the card joins the column it is over at once (so the column opens a gap for it).
  function onDragOver({ active, over }: DragOverEvent) {
    if (!over) return;
    const translated = active.rect.current.translated;
    const below = !isColumn(over.id) && translated !== null && translated.top > over.rect.top + over.rect.height / 2;
    setDrag((current) => {
      if (!current) return current;
      const from = containerOf(active.id, current.columns);
      const to = containerOf(over.id, current.columns);
      if (!from || !to || from === to) return current;
      const id = String(active.id);
      const target = current.columns[to];
      const overIndex = isColumn(over.id) ? target.length : target.indexOf(String(over.id));
      const index = overIndex < 0 ? target.length : overIndex + (below ? 1 : 0);
      return {
        id,
        columns: { ...current.columns, [from]: current.columns[from].filter((x) => x !== id), [to]: [...target.slice(0, index), id, ...target.slice(index)] },
      };
    });
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const current = drag?.columns;
    setDrag(null);
    const task = tasks.get(String(active.id));
    if (!over || !current || !task) return;
    const status = containerOf(active.id, current);
    if (!status) return;
    let ids = current[status];
    if (!isColumn(over.id) && containerOf(over.id, current) === status) {
      const from = ids.indexOf(task.id);
      const to = ids.indexOf(String(over.id));
      if (from !== to) ids = arrayMove(ids, from, to);
    }
    const before = data[task.status].tasks.map((t) => t.id);
    if (status === task.status && ids.join() === before.join()) return;
    move({ task, status, index: ids.indexOf(task.id), placement: placementFor(ids, task.id) });
  }

  const active = drag ? tasks.get(drag.id) : undefined;
  const assigneeOf = (task: Task) => (task.assigneeEmployeeId ? (names[task.assigneeEmployeeId] ?? null) : null);

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      accessibility={{ announcements, screenReaderInstructions: instructions }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDrag(null)}
    >
      {/* Three columns side by side when the page is wide enough (the app's frame always is); narrower, they scroll sideways one by one. */}
      <div className="@container">
        <div className="flex snap-x snap-mandatory gap-3 overflow-x-auto pb-2 @2xl:grid @2xl:snap-none @2xl:grid-cols-3 @2xl:overflow-visible">
          {COLUMNS.map(({ status, label }) => (
            <Column
              key={status}
              wid={wid}
              board={board}
              status={status}
              label={label}
              ids={columns[status].filter((id) => tasks.has(id))}
              more={data[status].nextCursor !== null}
              canWrite={canWrite}
            >
              {(id) => <SortableCard key={id} task={tasks.get(id)!} wid={wid} assignee={assigneeOf(tasks.get(id)!)} today={today} canWrite={canWrite} />}
            </Column>
          ))}
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {active ? <TaskCard task={active} wid={wid} assignee={assigneeOf(active)} today={today} overlay handle={<HandleIcon />} /> : null}
      </DragOverlay>
    </DndContext>
  );
}

function Column({
  wid,
  board,
  status,
  label,
  ids,
  more,
  canWrite,
  children,
}: {
  wid: string;
  board: BoardId;
  status: TaskStatus;
  label: string;
  ids: string[];
  more: boolean;
  canWrite: boolean;
  children: (id: string) => ReactNode;
}) {
  const headingId = useId();
  const { setNodeRef, isOver } = useDroppable({ id: status });
  const queryClient = useQueryClient();
  const [loading, setLoading] = useState(false);
  async function loadMore() {
    setLoading(true);
    try {
      await loadMoreTasks(queryClient, wid, board, status);
    } catch (error) {
      toast.error(`More ${label.toLowerCase()} tasks could not be loaded: ${errorMessage(error)}`);
    } finally {
      setLoading(false);
    }
  }
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`column-${status}`}
      className="flex w-[85%] max-w-80 shrink-0 snap-start flex-col rounded-lg border border-border bg-subtle/60 @2xl:w-auto @2xl:max-w-none"
    >
      <header className="flex items-center justify-between gap-2 px-3 pt-3 pb-2">
        <h2 id={headingId} className="text-sm font-semibold">
          {label}
        </h2>
        <span
          className="rounded-full bg-surface px-2 py-0.5 text-xs font-medium text-muted tabular-nums"
          aria-label={`${ids.length}${more ? ' or more' : ''} tasks`}
        >
          {ids.length}
          {more ? '+' : ''}
        </span>
      </header>
      <SortableContext id={status} items={ids} strategy={verticalListSortingStrategy}>
        <ul
          ref={setNodeRef}
          aria-labelledby={headingId}
          className={cx('flex min-h-24 flex-1 flex-col gap-2 px-2 pb-2', isOver && ids.length === 0 && 'rounded-md bg-accent-soft/50')}
        >
          {ids.map(children)}
          {ids.length === 0 ? <li className="px-1 py-6 text-center text-xs text-muted">No tasks</li> : null}
        </ul>
      </SortableContext>
      {more ? (
        <Button size="sm" variant="ghost" className="mx-2 mb-2" onClick={() => void loadMore()} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
      {canWrite ? <QuickAdd wid={wid} board={board} status={status} label={label} /> : null}
    </section>
  );
}

const HandleIcon = () => (
  <span className="-mr-1 flex w-6 shrink-0 items-start justify-center pt-0.5 text-muted">
    <GripVertical aria-hidden className="size-4" />
  </span>
);

function SortableCard({ task, wid, assignee, today, canWrite }: { task: Task; wid: string; assignee: string | null; today: string; canWrite: boolean }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: task.id, disabled: !canWrite });
  return (
    <li
      ref={setNodeRef}
      data-testid="task-card"
      data-task-id={task.id}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cx('touch-manipulation', isDragging && 'opacity-40')}
      // The whole card drags with a pointer; the keyboard uses the handle (below), so the title's link keeps its keys.
      onPointerDown={canWrite ? (listeners?.onPointerDown as PointerEventHandler | undefined) : undefined}
    >
      <TaskCard
        task={task}
        wid={wid}
        assignee={assignee}
        today={today}
        handle={
          canWrite ? (
            <button
              type="button"
              ref={setActivatorNodeRef}
              {...attributes}
              onKeyDown={listeners?.onKeyDown as KeyboardEventHandler | undefined}
              aria-label={`Move ${task.title}`}
              className="-mr-1 flex w-6 shrink-0 cursor-grab items-start justify-center self-stretch rounded pt-0.5 text-muted hover:bg-subtle hover:text-fg"
            >
              <GripVertical aria-hidden className="size-4" />
            </button>
          ) : undefined
        }
      />
    </li>
  );
}

/** "Add a task" at the bottom of a column: a title, Enter to add (and type the next), Escape to close. */
function QuickAdd({ wid, board, status, label }: { wid: string; board: BoardId; status: TaskStatus; label: string }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const create = useCreateTask(wid, board);
  const inputId = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    const text = title.trim();
    if (!text) return;
    create.mutate(
      { title: text, status },
      {
        onSuccess: () => setTitle(''),
        onError: (error) => toast.error(`The task could not be added: ${errorMessage(error)}`),
      },
    );
  }
  if (!open)
    return (
      <Button size="sm" variant="ghost" className="mx-2 mb-2 justify-start text-muted" onClick={() => setOpen(true)}>
        <Plus aria-hidden className="size-3.5" />
        Add a task
      </Button>
    );
  return (
    <form onSubmit={submit} className="space-y-2 px-2 pb-2">
      <label htmlFor={inputId} className="sr-only">
        New task in {label}
      </label>
      <input
        id={inputId}
        autoFocus
        className={inputClass}
        placeholder="Task title"
        value={title}
        maxLength={300}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setOpen(false);
            setTitle('');
          }
        }}
      />
      <div className="flex gap-2">
        <Button size="sm" variant="primary" type="submit" disabled={create.isPending || !title.trim()}>
          {create.isPending ? 'Adding…' : 'Add'}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setOpen(false);
            setTitle('');
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
