// The dashboard's 12-column grid. Viewing, widgets sit where their layouts say (stacked in reading order on a
// narrow screen). Arranging, each widget gets a handle that moves it with the mouse or, focused, with the arrow
// keys (Shift + arrows resize it), a corner that resizes it with the mouse, and a remove button; whatever a
// widget lands on moves down below it (layout.ts), and every move or resize is announced to screen readers.
import { GripVertical, Pencil, Trash2 } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import type { Widget, WidgetLayout } from '../../../../contracts/dashboard-grid';
import { Button } from '@/components/button';
import { cx } from '@/lib/cx';
import { describeLayout, isGridKey, keyedLayout, placeWidget, readingOrder } from '../layout';

/** One grid row's height and the gap between cells, in CSS pixels. */
export const ROW_PX = 56;
export const GAP_PX = 16;

type Shaped = Pick<Widget, 'id' | 'title' | 'layout'>;

interface Drag {
  id: string;
  mode: 'move' | 'resize';
  pointerId: number;
  startX: number;
  startY: number;
  origin: WidgetLayout;
}

export interface DashboardGridProps<W extends Shaped> {
  widgets: readonly W[];
  /** Draws a widget; `controls` (arranging only) go in its header. */
  renderWidget: (widget: W, controls: ReactNode) => ReactNode;
  /** Present while arranging: the widgets after a move, a resize or a removal. */
  onChange?: (widgets: W[]) => void;
  onEdit?: (widget: W) => void;
}

export function DashboardGrid<W extends Shaped>({ widgets, renderWidget, onChange, onEdit }: DashboardGridProps<W>) {
  const arranging = Boolean(onChange);
  const grid = useRef<HTMLDivElement>(null);
  const instructionsId = useId();
  const [drag, setDrag] = useState<Drag | null>(null);
  const [preview, setPreview] = useState<W[] | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusAfter, setFocusAfter] = useState<string | null>(null);

  // Keyboard moves re-render the grid; the handle that moved keeps the focus.
  useEffect(() => {
    if (!focusAfter) return;
    const handle = grid.current?.querySelector<HTMLElement>(`[data-move-handle="${CSS.escape(focusAfter)}"]`);
    if (handle && document.activeElement !== handle) handle.focus();
    setFocusAfter(null);
  }, [focusAfter, widgets]);

  const shown = preview ?? widgets;
  // Arranging keeps the DOM order (moving a focused node would drop its focus); viewing reads top to bottom.
  const ordered = arranging ? shown : readingOrder(shown);
  const bottom = shown.reduce((max, w) => Math.max(max, w.layout.y + w.layout.h), 0);

  function commit(next: W[], id: string) {
    onChange?.(next);
    const moved = next.find((w) => w.id === id);
    if (moved) setAnnouncement(describeLayout(moved.title, moved.layout));
  }

  function startDrag(event: ReactPointerEvent<HTMLElement>, widget: W, mode: Drag['mode']) {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ id: widget.id, mode, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, origin: widget.layout });
  }

  function moveDrag(event: ReactPointerEvent<HTMLElement>) {
    if (!drag || event.pointerId !== drag.pointerId || !grid.current) return;
    const width = grid.current.getBoundingClientRect().width;
    const column = (width + GAP_PX) / 12;
    const dx = Math.round((event.clientX - drag.startX) / column);
    const dy = Math.round((event.clientY - drag.startY) / (ROW_PX + GAP_PX));
    const { origin } = drag;
    const next =
      drag.mode === 'move' ? { ...origin, x: origin.x + dx, y: origin.y + dy } : { ...origin, w: Math.min(12 - origin.x, origin.w + dx), h: origin.h + dy };
    setPreview(placeWidget(widgets, drag.id, next));
  }

  function endDrag(event: ReactPointerEvent<HTMLElement>) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (preview) commit(preview, drag.id);
    setDrag(null);
    setPreview(null);
  }

  function onHandleKey(event: ReactKeyboardEvent<HTMLElement>, widget: W) {
    if (!isGridKey(event.key)) return;
    event.preventDefault();
    const next = keyedLayout(widget.layout, event.key, event.shiftKey);
    const same = next.x === widget.layout.x && next.y === widget.layout.y && next.w === widget.layout.w && next.h === widget.layout.h;
    if (same) {
      setAnnouncement(`${describeLayout(widget.title, widget.layout)}: it cannot go further`);
      return;
    }
    commit(placeWidget(widgets, widget.id, next), widget.id);
    setFocusAfter(widget.id);
  }

  const dragHandlers = { onPointerMove: moveDrag, onPointerUp: endDrag, onPointerCancel: endDrag };

  return (
    <>
      {arranging ? (
        <p id={instructionsId} className="sr-only">
          Arrow keys move the widget one cell; Shift with the arrow keys makes it narrower, wider, shorter or taller.
        </p>
      ) : null}
      <div
        ref={grid}
        data-testid="dashboard-grid"
        className={cx(
          'flex flex-col gap-4 md:grid md:grid-cols-12',
          arranging && 'md:rounded-lg md:bg-subtle/60 md:outline md:outline-1 md:outline-dashed md:outline-border-strong',
        )}
        style={{ gridAutoRows: `${ROW_PX}px`, ...(arranging ? { gridTemplateRows: `repeat(${bottom + 2}, ${ROW_PX}px)` } : {}) }}
      >
        {ordered.map((widget) => {
          const { x, y, w, h } = widget.layout;
          const controls = arranging ? (
            <>
              <Button
                variant="ghost"
                size="sm"
                data-move-handle={widget.id}
                aria-label={`Move or resize ${widget.title}`}
                aria-describedby={instructionsId}
                title="Drag to move; arrow keys move, Shift + arrow keys resize"
                className={cx('cursor-grab touch-none', drag?.id === widget.id && drag.mode === 'move' && 'cursor-grabbing')}
                onPointerDown={(event) => startDrag(event, widget, 'move')}
                onKeyDown={(event) => onHandleKey(event, widget)}
                {...dragHandlers}
              >
                <GripVertical aria-hidden className="size-3.5" />
              </Button>
              {onEdit ? (
                <Button variant="ghost" size="sm" aria-label={`Edit ${widget.title}`} title="Edit" onClick={() => onEdit(widget)}>
                  <Pencil aria-hidden className="size-3.5" />
                </Button>
              ) : null}
              <Button
                variant="ghost"
                size="sm"
                aria-label={`Remove ${widget.title}`}
                title="Remove"
                onClick={() => {
                  onChange?.(widgets.filter((other) => other.id !== widget.id));
                  setAnnouncement(`${widget.title} removed`);
                }}
              >
                <Trash2 aria-hidden className="size-3.5" />
              </Button>
            </>
          ) : null;
          return (
            <div
              key={widget.id}
              data-testid="grid-cell"
              data-layout={`${x},${y},${w},${h}`}
              className={cx('relative min-h-0', widget.layout.h <= 2 ? 'min-h-32 md:min-h-0' : 'min-h-64 md:min-h-0')}
              style={{ gridColumn: `${x + 1} / span ${w}`, gridRow: `${y + 1} / span ${h}` }}
            >
              {renderWidget(widget, controls)}
              {arranging ? (
                <div
                  aria-hidden
                  data-resize-handle={widget.id}
                  title="Drag to resize"
                  className="absolute right-0 bottom-0 size-4 cursor-se-resize touch-none rounded-br-lg border-r-2 border-b-2 border-accent"
                  onPointerDown={(event) => startDrag(event, widget, 'resize')}
                  {...dragHandlers}
                />
              ) : null}
            </div>
          );
        })}
      </div>
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
    </>
  );
}
