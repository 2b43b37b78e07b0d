// The metric names a series can read (GET …/metrics): the built-ins, then the ingested names with the services
// that sent them. The distinct (name, service) pairs are found by skipping along the rollups' key index (one
// index probe per pair, not a scan of a year of buckets), in one statement with the caller check.
import { BUILTIN_METRICS, BUILTIN_METRIC_NAMES, type MetricInfo } from '../../../contracts/metrics.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';

const PAIRS = readStatement(
  'workspace',
  'metric_names',
  `with recursive names as (
     (select r.name from metric_rollups r where caller.ok and r.workspace_id = :wid order by r.name limit 1)
     union all
     select (select r.name from metric_rollups r where r.workspace_id = :wid and r.name > n.name order by r.name limit 1)
     from names n where n.name is not null
   ), services as (
     select n.name, (select r.service_id from metric_rollups r where r.workspace_id = :wid and r.name = n.name and r.service_id is not null
       order by r.service_id limit 1) as service_id
     from names n where n.name is not null
     union all
     select s.name, (select r.service_id from metric_rollups r where r.workspace_id = :wid and r.name = s.name and r.service_id > s.service_id
       order by r.service_id limit 1)
     from services s where s.service_id is not null
   )
   select s.name, s.service_id as "serviceId",
     (select max(p.at) from metric_points p where p.workspace_id = :wid and p.name = s.name and p.service_id = s.service_id) as "lastAt"
   from services s where s.service_id is not null
   union all
   select n.name, null, (select max(p.at) from metric_points p where p.workspace_id = :wid and p.name = n.name and p.service_id is null)
   from names n
   where n.name is not null and exists (select 1 from metric_rollups r where r.workspace_id = :wid and r.name = n.name and r.service_id is null)`,
);

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(value as string).toISOString());

/** GET …/metrics: built-ins first (unless `serviceId` asks for one service's), then ingested names by name. */
export async function listMetrics(scope: ReadScope, serviceId: string | undefined): Promise<{ data: MetricInfo[] }> {
  const rows = await scope.read<{ name: string; serviceId: string | null; lastAt: unknown }>(PAIRS);
  const ingested = new Map<string, MetricInfo>();
  for (const row of rows) {
    if (serviceId && row.serviceId !== serviceId) continue;
    const info = ingested.get(row.name) ?? { name: row.name, builtin: false, serviceIds: [], agg: null, description: null, lastAt: null };
    info.serviceIds.push(row.serviceId);
    const lastAt = iso(row.lastAt);
    if (lastAt && (!info.lastAt || lastAt > info.lastAt)) info.lastAt = lastAt;
    ingested.set(row.name, info);
  }
  const builtins: MetricInfo[] = serviceId
    ? []
    : BUILTIN_METRIC_NAMES.map((name) => ({
        name,
        builtin: true,
        serviceIds: [],
        agg: BUILTIN_METRICS[name].agg,
        description: BUILTIN_METRICS[name].description,
        lastAt: null,
      }));
  return { data: [...builtins, ...[...ingested.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))] };
}
