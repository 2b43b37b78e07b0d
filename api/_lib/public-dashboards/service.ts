// A shared dashboard's public page: the link's signature is checked without the database, then the dashboard is
// served only while its share id is still the one the link names (revoked or shared again: 410), with each
// widget's series over the range asked (computeSeries, in the dashboard's workspace, which the answer never
// names). Nothing else leaves: no workspace or service ids, no other dashboard, no people.
import { eq } from 'drizzle-orm';
import { previousPeriod, PUBLIC_DEFAULT_DAYS, seriesInterval, type PublicDashboard } from '../../../contracts/dashboards.js';
import type { SeriesPoint, SeriesQuery } from '../../../contracts/metrics.js';
import type { Db } from '../../../db/client.js';
import { dashboards } from '../../../db/schema/analytics.js';
import { toWidget } from '../dashboards/queries.js';
import { verifyShareToken } from '../dashboards/share-token.js';
import { gone, notFound } from '../http/errors.js';
import { computeSeries } from '../metrics/series.js';

const DAY_MS = 86_400_000;

export const REVOKED_MESSAGE = 'This link was revoked: the dashboard is no longer shared. Ask whoever sent it for a new link.';

export interface PublicRange {
  from?: string;
  to?: string;
  tz: string;
}

export async function readSharedDashboard(db: Db, token: string, range: PublicRange, now = Date.now()): Promise<PublicDashboard> {
  const claims = verifyShareToken(token);
  if (!claims) throw notFound('Shared dashboard');
  const [row] = await db
    .select({ workspaceId: dashboards.workspaceId, name: dashboards.name, widgets: dashboards.widgets, shareId: dashboards.shareId })
    .from(dashboards)
    .where(eq(dashboards.id, claims.dashboardId));
  // A link this server signed whose dashboard was deleted, unshared or shared again: revoked, as far as anyone
  // holding it can tell.
  if (!row || row.shareId !== claims.shareId) throw gone(REVOKED_MESSAGE);

  const to = new Date(range.to ? Date.parse(range.to) : now);
  const from = new Date(range.from ? Date.parse(range.from) : to.getTime() - PUBLIC_DEFAULT_DAYS * DAY_MS);
  const widgets = row.widgets.map(toWidget);
  const series = (w: (typeof widgets)[number], start: Date | string, end: Date | string): Promise<SeriesPoint[]> => {
    const query: SeriesQuery = {
      name: w.query.name,
      ...(w.query.serviceId ? { serviceId: w.query.serviceId } : {}),
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      interval: seriesInterval(w.query.interval, from, to),
      agg: w.query.agg,
      tz: range.tz,
    };
    return computeSeries(db, row.workspaceId, query).then((s) => s.points);
  };
  const before = previousPeriod(from, to);
  const kpis = widgets.filter((w) => w.type === 'kpi');
  const [current, previous] = await Promise.all([
    Promise.all(widgets.map((w) => series(w, from, to))),
    Promise.all(kpis.map((w) => series(w, before.from, before.to))),
  ]);
  return {
    name: row.name,
    widgets: widgets.map(({ query: { serviceId: _serviceId, ...query }, ...w }) => ({ ...w, query })),
    from: from.toISOString(),
    to: to.toISOString(),
    tz: range.tz,
    data: Object.fromEntries(widgets.map((w, i) => [w.id, current[i]!])),
    previous: Object.fromEntries(kpis.map((w, i) => [w.id, previous[i]!])),
  };
}
