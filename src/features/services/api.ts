// A service's ingested metrics (API.md "Analytics, services and the API platform"): the names it sent, and a
// series of each over the last days, in the browser's time zone.
import { queryOptions } from '@tanstack/react-query';
import type { MetricAggregate, MetricInterval } from '../../../contracts/metrics';
import { call } from '@/lib/api-client';
import { serviceKeys } from './keys';

export const serviceMetricNamesQueryOptions = (wid: string, serviceId: string) =>
  queryOptions({
    queryKey: serviceKeys.metricNames(wid, serviceId),
    queryFn: ({ signal }) => call('metrics.listMetrics', { params: { wid }, query: { serviceId }, signal }),
  });

export interface SeriesRange {
  from: string;
  to: string;
  tz: string;
}

export const serviceSeriesQueryOptions = (
  wid: string,
  serviceId: string,
  query: { name: string; agg: MetricAggregate; interval: MetricInterval } & SeriesRange,
) =>
  queryOptions({
    queryKey: serviceKeys.series(wid, serviceId, query),
    queryFn: ({ signal }) => call('metrics.getMetricSeries', { params: { wid }, query: { ...query, serviceId }, signal }),
  });

/** The browser's IANA time zone. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The `days` days up to the end of the current hour, as instants (a stable range, so the cache is shared for the hour). */
export function lastDaysRange(days: number, now = Date.now()): { from: string; to: string } {
  const hour = 3_600_000;
  const to = Math.ceil((now + 1) / hour) * hour;
  return { from: new Date(to - days * 24 * hour).toISOString(), to: new Date(to).toISOString() };
}

/** The aggregate a name reads best with: an average for durations, latencies and rates, else the sum. */
export function defaultAggregate(name: string): MetricAggregate {
  return /(_ms|_seconds|latency|duration|_rate|_ratio|_score)$/.test(name) ? 'avg' : 'sum';
}
