// /api/workspaces/{wid}/metrics: the names (viewers), ingestion (admins, or API keys with metrics:write) and
// series (viewers; JSON or CSV).
import { metricEndpoints } from '../../../contracts/metrics.js';
import { streamCsv } from '../http/csv.js';
import { implement } from '../http/implement.js';
import { listMetrics } from './queries.js';
import { readSeries } from './series.js';
import { ingestMetrics } from './service.js';

export const routes = implement(metricEndpoints, {
  listMetrics: (ctx, { query }) => listMetrics(ctx.scope, query.serviceId),
  ingestMetrics: (ctx, { body }) => ingestMetrics(ctx, body),
  getMetricSeries: (ctx, { query }) => readSeries(ctx.scope, query),
  async exportMetricSeries(ctx, { query }) {
    const series = await readSeries(ctx.scope, query);
    const filename = `${query.name}-${query.interval}-${query.agg}.csv`;
    // One page: a series holds at most 5,000 buckets.
    await streamCsv(
      ctx.res,
      filename,
      ['t', 'value'],
      (p: { t: string; value: number | null }) => [p.t, p.value === null ? '' : String(p.value)],
      async (after) => (after === null ? series.points : []),
      series.points.length + 1,
    );
    return undefined;
  },
});
