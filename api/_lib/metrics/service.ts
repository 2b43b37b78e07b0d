// Ingestion: a batch of up to 1,000 points in one transaction. The points are upserted on their key (name,
// service, dimensions, instant: the same point again replaces its value), then the 15-minute rollup rows of
// exactly the (name, service, bucket) the batch touched are rebuilt from the points, so a replaced point leaves
// no trace in count, sum, min or max. A service of another workspace is refused by the points' foreign key
// (then looked up, to name the points). `metrics.ingested` goes to the workspace channel after the commit, so
// open dashboards refresh. No activity row: ingestion is machine traffic (many batches a second), not a change
// a member made.
import { sql } from 'drizzle-orm';
import type { ErrorDetail } from '../../../contracts/errors.js';
import { METRIC_FUTURE_TOLERANCE_MS, type IngestMetricsBody } from '../../../contracts/metrics.js';
import { isForeignKeyViolation, rowsOf } from '../../../db/client.js';
import { withEvents, workspaceEvent } from '../events/outbox.js';
import { validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';

/** Seeds the advisory lock keys of rollup buckets (apart from any other advisory lock's keys). */
const ROLLUP_LOCK_SEED = 7_214_020;

/** The most names and service ids the event lists (it must stay under Pusher's 10 KB). */
const EVENT_LIST_MAX = 50;

interface PointRow {
  name: string;
  service_id: string | null;
  at: string;
  value: number;
  dimensions: Record<string, string>;
}

/** The dimensions as one canonical JSON text (keys sorted), so the same set in any order is one point. */
function canonical(dimensions: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(dimensions ?? {}).sort()) out[key] = dimensions![key]!;
  return out;
}

/** POST …/metrics: 422 naming the point for a future instant or another workspace's service; 202 `{ accepted }`. */
export async function ingestMetrics(ctx: MemberContext, body: IngestMetricsBody, now = Date.now()): Promise<{ accepted: number }> {
  const details: ErrorDetail[] = [];
  // Later points of the batch win over earlier ones with the same key (one statement cannot update a row twice).
  const byKey = new Map<string, PointRow>();
  body.points.forEach((point, i) => {
    const at = point.at === undefined ? now : Date.parse(point.at);
    if (at > now + METRIC_FUTURE_TOLERANCE_MS) details.push({ path: `points.${i}.at`, message: 'At most 5 minutes in the future' });
    const dimensions = canonical(point.dimensions);
    const row: PointRow = { name: point.name, service_id: point.serviceId ?? null, at: new Date(at).toISOString(), value: point.value, dimensions };
    byKey.set(JSON.stringify([row.name, row.service_id, at, dimensions]), row);
  });
  if (details.length > 0) throw validationFailed(details);
  const rows = [...byKey.values()];
  const serviceIds = [...new Set(rows.map((r) => r.service_id))];
  const named = serviceIds.filter((id): id is string => id !== null);

  const times = rows.map((r) => Date.parse(r.at));
  const from = new Date(Math.min(...times)).toISOString();
  const to = new Date(Math.max(...times)).toISOString();

  try {
    await withEvents(ctx, async (tx, emit) => {
      const json = JSON.stringify(rows);
      // Batches that touch the same bucket take turns from here to their commit: each rebuild below then reads
      // the points of every batch that committed before it (a rebuild from an older snapshot would overwrite
      // the rollup without them). Locks are taken in one order, before any point is written, so two batches
      // never wait on each other.
      await tx.execute(sql`
        select count(pg_advisory_xact_lock(k)) from (
          select distinct hashtextextended(concat_ws('|', ${ctx.workspaceId}::text, x.name, x.service_id::text,
            extract(epoch from date_bin('15 minutes', x.at, timestamptz '2000-01-01 00:00:00+00'))::bigint), ${ROLLUP_LOCK_SEED}) as k
          from jsonb_to_recordset(${json}::jsonb) as x(name text, service_id uuid, at timestamptz)
          order by k
        ) keys`);
      await tx.execute(sql`
        insert into metric_points (workspace_id, name, service_id, at, value, dimensions)
        select ${ctx.workspaceId}::uuid, x.name, x.service_id, x.at, x.value, x.dimensions
        from jsonb_to_recordset(${json}::jsonb) as x(name text, service_id uuid, at timestamptz, value float8, dimensions jsonb)
        on conflict on constraint metric_points_point_key do update set value = excluded.value`);
      // The touched buckets, rebuilt whole from their points (a point is never deleted, so each has one). Two
      // branches instead of IS NOT DISTINCT FROM, so each reads the point key's index.
      await tx.execute(sql`
        with touched as (
          select distinct x.name, x.service_id, date_bin('15 minutes', x.at, timestamptz '2000-01-01 00:00:00+00') as bucket
          from jsonb_to_recordset(${json}::jsonb) as x(name text, service_id uuid, at timestamptz)
        )
        insert into metric_rollups (workspace_id, name, service_id, bucket, count, sum, min, max)
        select ${ctx.workspaceId}::uuid, t.name, t.service_id, t.bucket, count(*)::int, sum(p.value), min(p.value), max(p.value)
        from touched t cross join lateral (
          select p.value from metric_points p
          where p.workspace_id = ${ctx.workspaceId}::uuid and p.name = t.name and p.service_id = t.service_id
            and p.at >= t.bucket and p.at < t.bucket + interval '15 minutes'
          union all
          select p.value from metric_points p
          where t.service_id is null and p.workspace_id = ${ctx.workspaceId}::uuid and p.name = t.name and p.service_id is null
            and p.at >= t.bucket and p.at < t.bucket + interval '15 minutes'
        ) p
        group by t.name, t.service_id, t.bucket
        on conflict on constraint metric_rollups_bucket_key
        do update set count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max`);
      const names = [...new Set(rows.map((r) => r.name))];
      emit(
        workspaceEvent(ctx.workspaceId, 'metrics.ingested', {
          names: names.slice(0, EVENT_LIST_MAX),
          serviceIds: serviceIds.slice(0, EVENT_LIST_MAX),
          truncated: names.length > EVENT_LIST_MAX || serviceIds.length > EVENT_LIST_MAX,
          from,
          to,
        }),
      );
    });
  } catch (err) {
    // The points' foreign key refuses a service of another workspace, or none: the batch rolled back, and the
    // services are looked up only now, to name the points (a valid batch pays no lookup).
    if (isForeignKeyViolation(err) && named.length > 0) {
      const found = await rowsOf<{ id: string }>(
        ctx.db,
        sql`select id from services where workspace_id = ${ctx.workspaceId}::uuid and id = any(${`{${named.join(',')}}`}::uuid[])`,
      );
      const known = new Set(found.map((f) => f.id));
      body.points.forEach((point, i) => {
        if (point.serviceId && !known.has(point.serviceId)) details.push({ path: `points.${i}.serviceId`, message: 'No such service in this workspace' });
      });
      if (details.length > 0) throw validationFailed(details);
    }
    throw err;
  }
  return { accepted: body.points.length };
}
