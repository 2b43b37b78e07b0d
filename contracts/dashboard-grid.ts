// What the dashboards' API and the SPA both compute about a dashboard, without zod (the dashboard is the first
// page after sign-in, and its chunk must stay light): the grid's bounds, the widget shape, the interval a widget
// reads over a range, the period a KPI compares with, a KPI's figure, and the default dashboard every workspace
// starts with. The schemas are in contracts/dashboards.ts.
import type { MetricAggregate, MetricInterval } from './metrics.js';

/** The grid's columns: a widget spans `w` of them from column `x` (0-based). */
export const GRID_COLUMNS = 12;
/** The most rows a widget spans. */
export const WIDGET_MAX_HEIGHT = 12;
export const DASHBOARD_MAX_WIDGETS = 24;
/** The lowest row a widget may start on: every widget stacked at full height still fits. */
export const GRID_MAX_Y = DASHBOARD_MAX_WIDGETS * WIDGET_MAX_HEIGHT;
export const DASHBOARD_NAME_MAX = 100;
export const WIDGET_TITLE_MAX = 120;

export const WIDGET_TYPES = ['kpi', 'line', 'bar', 'table'] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];
/** The metrics' intervals and aggregates, shortest first (the same lists as contracts/metrics.ts; a test checks). */
export const WIDGET_INTERVALS = ['hour', 'day', 'week'] as const satisfies readonly MetricInterval[];
export const WIDGET_AGGREGATES = ['sum', 'avg', 'count', 'min', 'max', 'p50', 'p95'] as const satisfies readonly MetricAggregate[];

export interface WidgetLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Widget {
  id: string;
  type: WidgetType;
  title: string;
  query: { name: string; serviceId: string | null; agg: MetricAggregate; interval: MetricInterval };
  layout: WidgetLayout;
}

/** The most buckets a widget draws: past this, its series is read at a longer interval. */
export const WIDGET_MAX_BUCKETS = 1000;

const DAY_MS = 86_400_000;
const INTERVAL_MS: Record<MetricInterval, number> = { hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS };

/**
 * The interval a widget's series is read at over [from, to): its own, or the next longer one while the range
 * would hold more than WIDGET_MAX_BUCKETS buckets (an hourly widget over 12 months reads days).
 */
export function seriesInterval(interval: MetricInterval, from: Date | string, to: Date | string): MetricInterval {
  const span = new Date(to).getTime() - new Date(from).getTime();
  let at = WIDGET_INTERVALS.indexOf(interval);
  // One extra bucket on each side: the bucket that holds `from` starts before it.
  while (at < WIDGET_INTERVALS.length - 1 && Math.ceil(span / INTERVAL_MS[WIDGET_INTERVALS[at]!]) + 2 > WIDGET_MAX_BUCKETS) at += 1;
  return WIDGET_INTERVALS[at]!;
}

/** The period of the same length just before [from, to): what a KPI compares with. */
export function previousPeriod(from: Date | string, to: Date | string): { from: string; to: string } {
  const start = new Date(from).getTime();
  const span = new Date(to).getTime() - start;
  return { from: new Date(start - span).toISOString(), to: new Date(start).toISOString() };
}

/** Aggregates whose KPI is the total over the range; the others' KPI is the average of their buckets. */
export const isTotalled = (agg: MetricAggregate) => agg === 'sum' || agg === 'count';

/**
 * A KPI's figure from its buckets: the total for sum and count, the lowest for min, the highest for max, and the
 * mean of the non-empty buckets for avg, p50 and p95; null when no bucket has a value.
 */
export function kpiValue(agg: MetricAggregate, points: readonly { value: number | null }[]): number | null {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  if (isTotalled(agg)) return values.reduce((sum, v) => sum + v, 0);
  if (values.length === 0) return null;
  if (agg === 'min') return Math.min(...values);
  if (agg === 'max') return Math.max(...values);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * A KPI's change against the previous period, as a fraction (0.25 = 25 % up); null when either figure is missing
 * or the previous one is 0 (no ratio to speak of).
 */
export function kpiDelta(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/**
 * The home page every workspace starts with: what the inbox dashboard showed (conversations and messages, new
 * conversations per day), as widgets over built-in series. Migration 0013 gave the workspaces of that time the
 * same widgets.
 */
export const DEFAULT_DASHBOARD: { name: string; widgets: Widget[] } = {
  name: 'Overview',
  widgets: [
    {
      id: 'new-conversations',
      type: 'kpi',
      title: 'New conversations',
      query: { name: 'conversations.created', serviceId: null, agg: 'count', interval: 'day' },
      layout: { x: 0, y: 0, w: 4, h: 2 },
    },
    {
      id: 'messages-received',
      type: 'kpi',
      title: 'Messages received',
      query: { name: 'messages.received', serviceId: null, agg: 'count', interval: 'day' },
      layout: { x: 4, y: 0, w: 4, h: 2 },
    },
    {
      id: 'first-response',
      type: 'kpi',
      title: 'First response time',
      query: { name: 'conversations.first_response_seconds', serviceId: null, agg: 'avg', interval: 'day' },
      layout: { x: 8, y: 0, w: 4, h: 2 },
    },
    {
      id: 'conversations-per-day',
      type: 'bar',
      title: 'New conversations per day',
      query: { name: 'conversations.created', serviceId: null, agg: 'count', interval: 'day' },
      layout: { x: 0, y: 2, w: 12, h: 4 },
    },
  ],
};
