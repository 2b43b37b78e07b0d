// Dashboards (API.md "Analytics, services and the API platform"): the workspace's dashboards (one list, which the
// home page, the switcher and every dashboard page share), the writes, the share link, the metric names a widget
// may show, and each widget's series over the page's date range (GET …/metrics/series).
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { previousPeriod, seriesInterval, type Widget } from '../../../contracts/dashboard-grid';
import type { CreateDashboardBody, Dashboard, UpdateDashboardBody } from '../../../contracts/dashboards';
import { call } from '@/lib/api-client';
import { announceWorkspaceEvent } from '@/lib/workspace-events';
import { dashboardKeys, type SeriesKey } from './keys';

/** A workspace has a handful of dashboards: the switcher lists up to 100. */
export const DASHBOARDS_LIMIT = 100;

export const dashboardsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: dashboardKeys.list(wid),
    queryFn: ({ signal }) => call('dashboards.listDashboards', { params: { wid }, query: { limit: DASHBOARDS_LIMIT }, signal }),
    select: (page) => page.data,
    staleTime: 60_000,
  });

export const metricsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: dashboardKeys.metrics(wid),
    queryFn: ({ signal }) => call('metrics.listMetrics', { params: { wid }, query: {}, signal }),
    select: (list) => list.data,
    staleTime: 5 * 60_000,
  });

export interface Range {
  from: string;
  to: string;
  tz: string;
}

/** A widget's series over [from, to), read at the interval the range allows (seriesInterval). */
export function seriesKeyOf(query: Widget['query'], range: Range): SeriesKey {
  return {
    name: query.name,
    serviceId: query.serviceId,
    agg: query.agg,
    interval: seriesInterval(query.interval, range.from, range.to),
    from: range.from,
    to: range.to,
    tz: range.tz,
  };
}

export const seriesQueryOptions = (wid: string, key: SeriesKey) =>
  queryOptions({
    queryKey: dashboardKeys.series(wid, key),
    queryFn: ({ signal }) =>
      call('metrics.getMetricSeries', {
        params: { wid },
        query: {
          name: key.name,
          ...(key.serviceId ? { serviceId: key.serviceId } : {}),
          from: key.from,
          to: key.to,
          interval: key.interval,
          agg: key.agg,
          tz: key.tz,
        },
        signal,
      }).then((series) => series.points),
    staleTime: 60_000,
  });

/** The series a widget shows, and for a KPI also the period of the same length before. */
export function widgetSeriesKeys(query: Widget['query'], range: Range, kpi: boolean) {
  const current = seriesKeyOf(query, range);
  if (!kpi) return { current, previous: null };
  const before = previousPeriod(range.from, range.to);
  // The previous period is read at the current one's interval, so the two compare bucket for bucket.
  return { current, previous: { ...current, from: before.from, to: before.to } };
}

function useDashboardWrite<Vars, Out>(wid: string, write: (vars: Vars) => Promise<Out>, after?: (out: Out, vars: Vars) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (out, vars) => {
      after?.(out, vars);
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.list(wid) });
    },
  });
}

/** The list as it is cached (the page), with `dashboard` put in place of its old self (or added). */
function cacheDashboard(queryClient: ReturnType<typeof useQueryClient>, wid: string, dashboard: Dashboard) {
  queryClient.setQueryData(dashboardKeys.list(wid), (page: { data: Dashboard[]; nextCursor: string | null } | undefined) => {
    if (!page) return page;
    const known = page.data.some((d) => d.id === dashboard.id);
    return { ...page, data: known ? page.data.map((d) => (d.id === dashboard.id ? dashboard : d)) : [...page.data, dashboard] };
  });
}

const changed = (d: Dashboard) => ({ id: d.id, name: d.name, updatedAt: d.updatedAt });

export function useCreateDashboard(wid: string) {
  const queryClient = useQueryClient();
  return useDashboardWrite(
    wid,
    (body: CreateDashboardBody) => call('dashboards.createDashboard', { params: { wid }, body, idempotencyKey: crypto.randomUUID() }),
    (created) => {
      cacheDashboard(queryClient, wid, created);
      announceWorkspaceEvent('dashboard', wid, 'dashboard.created', changed(created));
    },
  );
}

export function useUpdateDashboard(wid: string) {
  const queryClient = useQueryClient();
  return useDashboardWrite(
    wid,
    ({ id, body }: { id: string; body: UpdateDashboardBody }) => call('dashboards.updateDashboard', { params: { wid, id }, body }),
    (saved) => {
      cacheDashboard(queryClient, wid, saved);
      announceWorkspaceEvent('dashboard', wid, 'dashboard.updated', changed(saved));
    },
  );
}

export function useDeleteDashboard(wid: string) {
  return useDashboardWrite(
    wid,
    async (id: string) => {
      await call('dashboards.deleteDashboard', { params: { wid, id } });
      return id;
    },
    (id) => announceWorkspaceEvent('dashboard', wid, 'dashboard.deleted', { id }),
  );
}

export function useShareDashboard(wid: string) {
  return useDashboardWrite(wid, (id: string) => call('dashboards.shareDashboard', { params: { wid, id } }));
}

export function useUnshareDashboard(wid: string) {
  return useDashboardWrite(wid, (id: string) => call('dashboards.unshareDashboard', { params: { wid, id } }));
}
