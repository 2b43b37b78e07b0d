// What a widget shows, from its points: a KPI (the range's total or average, and its change against the period
// of the same length before), a line or bar chart, or a table of the buckets. The same for the workspace's pages
// and the public page of a shared dashboard.
import { ArrowDownRight, ArrowUpRight } from 'lucide-react';
import { kpiDelta, kpiValue, type WidgetType } from '../../../../contracts/dashboard-grid';
import type { MetricAggregate, MetricInterval, SeriesPoint } from '../../../../contracts/metrics';
import { cx } from '@/lib/cx';
import { bucketLabel, formatDelta, formatValue, kpiCaption } from '../format';
import { SeriesChart } from './series-chart';

export interface WidgetData {
  points: readonly SeriesPoint[];
  /** A KPI's previous period. */
  previous: readonly SeriesPoint[] | null;
  /** The interval the series was read at (the widget's, or longer for a long range). */
  interval: MetricInterval;
}

export interface WidgetShape {
  type: WidgetType;
  title: string;
  query: { name: string; agg: MetricAggregate };
}

export function WidgetBody({ widget, data }: { widget: WidgetShape; data: WidgetData }) {
  const format = (value: number | null) => formatValue(widget.query.name, value);
  switch (widget.type) {
    case 'kpi':
      return <KpiFigure widget={widget} data={data} format={format} />;
    case 'table':
      return <SeriesTable title={widget.title} data={data} format={format} />;
    default:
      return <SeriesChart kind={widget.type} title={widget.title} points={data.points} interval={data.interval} format={format} />;
  }
}

function KpiFigure({ widget, data, format }: { widget: WidgetShape; data: WidgetData; format: (value: number | null) => string }) {
  const current = kpiValue(widget.query.agg, data.points);
  const previous = data.previous ? kpiValue(widget.query.agg, data.previous) : null;
  const delta = kpiDelta(current, previous);
  const deltaText = formatDelta(delta);
  return (
    <div className="flex h-full flex-col justify-between gap-1">
      <div>
        <p className="text-2xl font-semibold tracking-tight tabular-nums" data-testid="kpi-value">
          {format(current)}
        </p>
        <p className="text-xs text-muted">{kpiCaption(widget.query.agg, data.interval)}</p>
      </div>
      <p className="flex items-center gap-1 text-xs text-muted">
        {deltaText ? (
          <>
            <span
              className={cx('inline-flex items-center gap-0.5 font-medium tabular-nums', delta! > 0 ? 'text-success' : delta! < 0 ? 'text-danger' : 'text-fg')}
            >
              {delta! > 0 ? <ArrowUpRight aria-hidden className="size-3.5" /> : delta! < 0 ? <ArrowDownRight aria-hidden className="size-3.5" /> : null}
              {deltaText}
            </span>
            <span>vs the previous period ({format(previous)})</span>
          </>
        ) : (
          <span>{current === null ? 'No data in this period' : 'Nothing in the previous period to compare with'}</span>
        )}
      </p>
    </div>
  );
}

/** The buckets, newest first (the CSV keeps them in time order). */
function SeriesTable({ title, data, format }: { title: string; data: WidgetData; format: (value: number | null) => string }) {
  return (
    <div className="h-full overflow-auto" tabIndex={0} role="region" aria-label={`${title}, by ${data.interval}`}>
      <table className="w-full text-sm">
        <caption className="sr-only">
          {title}, by {data.interval}
        </caption>
        <thead className="sticky top-0 bg-surface text-left text-xs text-muted">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">
              {data.interval === 'hour' ? 'Hour' : data.interval === 'week' ? 'Week' : 'Day'}
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Value
            </th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {[...data.points].reverse().map((p) => (
            <tr key={p.t} className="border-t border-border">
              <td className="py-1 pr-2">{bucketLabel(p.t, data.interval)}</td>
              <td className="py-1 text-right">{format(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
