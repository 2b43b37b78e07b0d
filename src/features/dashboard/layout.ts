// The grid's arithmetic: a widget occupies columns x … x+w-1 and rows y … y+h-1 of a 12-column grid. Moving or
// resizing one never overlaps another: whatever it lands on moves down below it (and what that lands on, in
// turn), so the arrangement stays as the person made it, with no widget floating back up on its own.
import { GRID_COLUMNS, GRID_MAX_Y, WIDGET_MAX_HEIGHT, type Widget, type WidgetLayout } from '../../../contracts/dashboard-grid';

export const overlaps = (a: WidgetLayout, b: WidgetLayout) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A layout inside the grid: whole cells, 1–12 columns and rows, ending by the 12th column, from row 0. */
export function clampLayout(l: WidgetLayout): WidgetLayout {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(l.w)));
  const h = Math.min(WIDGET_MAX_HEIGHT, Math.max(1, Math.round(l.h)));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(l.x)));
  const y = Math.min(GRID_MAX_Y, Math.max(0, Math.round(l.y)));
  return { x, y, w, h };
}

/**
 * The widgets with `id` at `next` (clamped to the grid); every widget it would overlap moves down just below
 * what it overlaps, top to bottom, so nothing overlaps afterwards. The others keep their places.
 */
export function placeWidget<W extends Pick<Widget, 'id' | 'layout'>>(widgets: readonly W[], id: string, next: WidgetLayout): W[] {
  const target = clampLayout(next);
  const settled: WidgetLayout[] = [target];
  const placed = new Map<string, WidgetLayout>([[id, target]]);
  const others = widgets.filter((w) => w.id !== id).sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
  for (const other of others) {
    const layout = { ...other.layout };
    for (let blocker = settled.find((s) => overlaps(s, layout)); blocker; blocker = settled.find((s) => overlaps(s, layout))) {
      layout.y = blocker.y + blocker.h;
    }
    settled.push(layout);
    placed.set(other.id, layout);
  }
  return widgets.map((w) => ({ ...w, layout: placed.get(w.id)! }));
}

/** Where a new widget of `w` × `h` goes: the first row below every widget, at the left. */
export function nextFreeLayout(widgets: readonly Pick<Widget, 'layout'>[], w: number, h: number): WidgetLayout {
  const bottom = widgets.reduce((max, widget) => Math.max(max, widget.layout.y + widget.layout.h), 0);
  return clampLayout({ x: 0, y: bottom, w, h });
}

/** The widgets in reading order (top to bottom, left to right): the DOM order, and the order on a phone. */
export const readingOrder = <W extends Pick<Widget, 'layout'>>(widgets: readonly W[]) =>
  [...widgets].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);

export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
export const isGridKey = (key: string): key is GridKey => key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';

/** An arrow key moves the widget one cell; with Shift it makes it one column or row narrower/wider, shorter/taller. */
export function keyedLayout(l: WidgetLayout, key: GridKey, resize: boolean): WidgetLayout {
  const dx = key === 'ArrowLeft' ? -1 : key === 'ArrowRight' ? 1 : 0;
  const dy = key === 'ArrowUp' ? -1 : key === 'ArrowDown' ? 1 : 0;
  if (resize) return clampLayout({ x: l.x, y: l.y, w: Math.min(GRID_COLUMNS - l.x, l.w + dx), h: l.h + dy });
  return clampLayout({ ...l, x: l.x + dx, y: l.y + dy });
}

/** What a screen reader hears after a move or a resize. */
export function describeLayout(title: string, l: WidgetLayout): string {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return `${title}: column ${l.x + 1}, row ${l.y + 1}, ${plural(l.w, 'column')} wide, ${plural(l.h, 'row')} tall`;
}
