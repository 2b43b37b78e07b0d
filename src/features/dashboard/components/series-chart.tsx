// A line or bar chart in a chunk of its own (uPlot with it), loaded when the first chart is drawn. For screen
// readers the chart is one image named by what it shows; the numbers themselves are in the widget's CSV (and a
// table widget shows them as a table).
import { lazy, Suspense } from 'react';
import type { MetricInterval, SeriesPoint } from '../../../../contracts/metrics';
import { bucketLabel } from '../format';

const UplotChart = lazy(() => import('./uplot-chart'));

export function SeriesChart({
  kind,
  title,
  points,
  interval,
  format,
}: {
  kind: 'line' | 'bar';
  title: string;
  points: readonly { t: string; value: number | null }[];
  interval: MetricInterval;
  format: (value: number | null) => string;
}) {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const summary =
    points.length === 0
      ? `${title}: no data`
      : `${kind === 'bar' ? 'Bar' : 'Line'} chart of ${title}, ${points.length} ${interval}s from ${bucketLabel(points[0]!.t, interval)} to ${bucketLabel(points.at(-1)!.t, interval)}` +
        (values.length ? `; lowest ${format(Math.min(...values))}, highest ${format(Math.max(...values))}` : '; no values');
  return (
    <div role="img" aria-label={summary} className="h-full min-h-0 w-full">
      <Suspense fallback={<div className="h-full w-full animate-pulse rounded bg-subtle" />}>
        <UplotChart kind={kind} points={points as SeriesPoint[]} format={format} />
      </Suspense>
    </div>
  );
}
