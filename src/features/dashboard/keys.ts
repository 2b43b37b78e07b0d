// The dashboards' query keys, under ['w', wid, 'dashboard'] (src/lib/query-keys.ts): the workspace's dashboards
// (one list: the switcher and every dashboard page read it), the metric names a widget may show, and each
// widget's series under its metric's name, so an event that changes one metric refreshes exactly its widgets.
import type { MetricAggregate, MetricInterval } from '../../../contracts/metrics';
import { workspaceKeyFactory } from '@/lib/query-keys';

const base = workspaceKeyFactory('dashboard');

export interface SeriesKey {
  name: string;
  serviceId: string | null;
  agg: MetricAggregate;
  interval: MetricInterval;
  from: string;
  to: string;
  tz: string;
}

export const dashboardKeys = {
  all: base.all,
  list: (wid: string) => [...base.lists(wid)] as const,
  metrics: (wid: string) => [...base.all(wid), 'metrics'] as const,
  /** Every series of one metric (what its events invalidate). */
  seriesOf: (wid: string, name: string) => [...base.all(wid), 'series', name] as const,
  series: (wid: string, query: SeriesKey) => [...base.all(wid), 'series', query.name, query] as const,
};
