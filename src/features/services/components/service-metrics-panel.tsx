// The extras of a service's page (slot service.details): the metrics it has sent (names from
// GET …/metrics?serviceId=), each as a chart of the last 7 days by hour in the browser's time zone, with the
// aggregate to read it by (an average for latencies and rates, a sum otherwise, to start with).
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { METRIC_AGGREGATES, type MetricAggregate, type MetricInfo } from '../../../../contracts/metrics';
import { Card } from '@/components/card';
import { Spinner } from '@/components/spinner';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import type { RecordSlotProps } from '@/lib/feature';
import { browserTimeZone, defaultAggregate, lastDaysRange, serviceMetricNamesQueryOptions, serviceSeriesQueryOptions, type SeriesRange } from '../api';
import { formatValue, SeriesChart } from './series-chart';

/** The most metrics the panel charts (a service may send many names; the rest are listed). */
const MAX_CHARTS = 8;
const DAYS = 7;

const AGG_LABELS: Record<MetricAggregate, string> = {
  sum: 'Sum',
  avg: 'Average',
  count: 'Count',
  min: 'Minimum',
  max: 'Maximum',
  p50: 'Median',
  p95: '95th percentile',
};

export function ServiceMetricsPanel({ wid, id }: RecordSlotProps) {
  const [range] = useState(() => ({ ...lastDaysRange(DAYS), tz: browserTimeZone() }));
  const names = useQuery(serviceMetricNamesQueryOptions(wid, id));
  const metrics = names.data?.data ?? [];

  return (
    <Card title="Metrics" description={`What this service sent over the last ${DAYS} days, by hour in your time zone (${range.tz}).`}>
      {names.isPending ? (
        <Spinner label="Loading the metrics" />
      ) : names.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(names.error)}
        </p>
      ) : metrics.length === 0 ? (
        <p className="text-sm text-muted">
          No metrics yet. Send points with this service&apos;s id as <code>serviceId</code> to <code>POST /api/workspaces/{wid}/metrics</code> with an API key
          that has the metrics:write scope.
        </p>
      ) : (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            {metrics.slice(0, MAX_CHARTS).map((metric) => (
              <MetricChart key={metric.name} wid={wid} serviceId={id} metric={metric} range={range} />
            ))}
          </div>
          {metrics.length > MAX_CHARTS ? (
            <p className="mt-3 text-xs text-muted">
              Also sent:{' '}
              {metrics
                .slice(MAX_CHARTS)
                .map((m) => m.name)
                .join(', ')}
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}

function MetricChart({ wid, serviceId, metric, range }: { wid: string; serviceId: string; metric: MetricInfo; range: SeriesRange }) {
  const [agg, setAgg] = useState<MetricAggregate>(() => defaultAggregate(metric.name));
  const selectId = useId();
  const series = useQuery(serviceSeriesQueryOptions(wid, serviceId, { name: metric.name, agg, interval: 'hour', ...range }));
  const points = series.data?.points ?? [];
  const present = points.map((p) => p.value).filter((v): v is number => v !== null);
  const latest = present.at(-1) ?? null;

  return (
    <section aria-label={metric.name} className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <h3 className="truncate font-mono text-xs font-medium">{metric.name}</h3>
        <label htmlFor={selectId} className="sr-only">
          Aggregate of {metric.name}
        </label>
        <select id={selectId} className={`${inputClass} w-auto py-0.5 text-xs`} value={agg} onChange={(e) => setAgg(e.target.value as MetricAggregate)}>
          {METRIC_AGGREGATES.map((a) => (
            <option key={a} value={a}>
              {AGG_LABELS[a]}
            </option>
          ))}
        </select>
      </div>
      {series.isPending ? (
        <Spinner label={`Loading ${metric.name}`} />
      ) : series.isError ? (
        <p role="alert" className="text-xs text-danger">
          {errorMessage(series.error)}
        </p>
      ) : (
        <>
          <SeriesChart title={`${AGG_LABELS[agg]} per hour`} points={points} timeZone={range.tz} />
          <p className="text-xs text-muted">
            Latest hour with points: <span className="tabular-nums">{formatValue(latest)}</span>
            {metric.lastAt ? ` · last point ${new Date(metric.lastAt).toLocaleString()}` : ''}
          </p>
        </>
      )}
    </section>
  );
}
