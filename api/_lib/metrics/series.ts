// A metric's series in one statement: the range's buckets (hour, day or week in the caller's time zone), left
// joined to the aggregate of each. Ingested metrics read count, sum, avg, min and max from the 15-minute rollups
// and p50/p95 from the points; built-ins aggregate rows of the app's own tables (conversations, messages,
// activities, orders, batches) shaped as points (at, value).
//
// The same SQL serves two callers: `readSeries` folds it into the signed-in caller check (ReadScope, one round
// trip), `computeSeries` runs it as it is on a database handle for callers that checked access themselves (the
// public page of a shared dashboard).
//
// Buckets. A bucket is named by its first instant. A day starts at local midnight (23 or 25 hours across a DST
// change) and a week on local Monday; an hour is a clock hour of the caller's zone, found as the instant minus the
// local minutes and seconds past the hour, so the two 02:00 hours of an autumn night are two buckets and a zone
// at +05:45 has hours starting at :15 UTC. Every zone's offset is a multiple of 15 minutes and changes on a
// 15-minute boundary, so every bucket is a whole number of rollup buckets and rolled-up reads agree with the
// points exactly.
import { sql, type SQL } from 'drizzle-orm';
import {
  BUILTIN_METRICS,
  SERIES_DEFAULT_DAYS,
  SERIES_MAX_BUCKETS,
  isBuiltinMetric,
  type BuiltinMetricName,
  type MetricAggregate,
  type MetricInterval,
  type Series,
  type SeriesQuery,
} from '../../../contracts/metrics.js';
import { dataExceptionCode, rowsOf, type Db, type Tx } from '../../../db/client.js';
import { invalidField } from '../http/errors.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';

const HOUR_MS = 3_600_000;
const INTERVAL_MS: Record<MetricInterval, number> = { hour: HOUR_MS, day: 24 * HOUR_MS, week: 7 * 24 * HOUR_MS };

/** The bucket (its first instant) of a timestamptz expression, in the zone `:tz`. */
function bucketOf(interval: MetricInterval, x: string): string {
  if (interval === 'hour') return `(${x} - ((${x} at time zone :tz::text) - date_trunc('hour', ${x} at time zone :tz::text)))`;
  return `(date_trunc('${interval}', ${x} at time zone :tz::text) at time zone :tz::text)`;
}

/**
 * Every bucket that holds an instant of [from, to). Days and weeks step the local calendar; hours take the
 * distinct buckets of the 15-minute slots of the range (the hour of a DST change may be shorter than 60 minutes).
 */
function bucketsOf(interval: MetricInterval): string {
  if (interval === 'hour')
    return `select distinct ${bucketOf('hour', 's')} as t
      from generate_series(date_bin('15 minutes', :from::timestamptz, timestamptz '2000-01-01 00:00:00+00'), :to::timestamptz - interval '1 microsecond', interval '15 minutes') s`;
  return `select g at time zone :tz::text as t
    from generate_series(date_trunc('${interval}', :from::timestamptz at time zone :tz::text),
      date_trunc('${interval}', (:to::timestamptz - interval '1 microsecond') at time zone :tz::text), interval '1 ${interval}') g`;
}

/** The aggregate over points (at, value), and the value of an empty bucket. */
const OVER_POINTS: Record<MetricAggregate, string> = {
  count: 'count(*)::float8',
  sum: 'sum(p.value)::float8',
  avg: 'avg(p.value)::float8',
  min: 'min(p.value)::float8',
  max: 'max(p.value)::float8',
  p50: 'percentile_cont(0.5) within group (order by p.value)',
  p95: 'percentile_cont(0.95) within group (order by p.value)',
};
const OVER_ROLLUPS: Partial<Record<MetricAggregate, string>> = {
  count: 'sum(r.count)::float8',
  sum: 'sum(r.sum)::float8',
  avg: '(sum(r.sum) / nullif(sum(r.count), 0))::float8',
  min: 'min(r.min)::float8',
  max: 'max(r.max)::float8',
};
const EMPTY: Record<MetricAggregate, string> = { count: '0', sum: '0', avg: 'null', min: 'null', max: 'null', p50: 'null', p95: 'null' };

// Built-ins as points: `at` and `value` of rows in [:lo, :hi) of the workspace `:wid`.
const BUILTIN_POINTS: Record<BuiltinMetricName, string> = {
  'conversations.created': `select c.created_at as at, 1::float8 as value from conversations c
    where c.workspace_id = :wid and c.deleted_at is null and c.created_at >= :lo::timestamptz and c.created_at < :hi::timestamptz`,
  // The first reply of an agent (a private note is not a reply), at that reply.
  'conversations.first_response_seconds': `select m.created_at as at, extract(epoch from m.created_at - c.created_at)::float8 as value
    from messages m join conversations c on c.id = m.conversation_id
    where m.workspace_id = :wid and m.sender_type = 'agent' and not m.private and c.deleted_at is null
      and m.created_at >= :lo::timestamptz and m.created_at < :hi::timestamptz
      and not exists (select 1 from messages e where e.conversation_id = m.conversation_id and e.sender_type = 'agent' and not e.private
        and (e.created_at, e.id) < (m.created_at, m.id))`,
  // Conversations closed now, at their latest closing (the activity log records every status change).
  'conversations.resolution_seconds': `select a.created_at as at, extract(epoch from a.created_at - c.created_at)::float8 as value
    from activities a join conversations c on c.workspace_id = a.workspace_id and c.id::text = a.subject_id
    where a.workspace_id = :wid and a.action = 'conversation.status_changed' and a.metadata->>'to' = 'closed'
      and a.created_at >= :lo::timestamptz and a.created_at < :hi::timestamptz and c.status = 'closed' and c.deleted_at is null
      and not exists (select 1 from activities l where l.workspace_id = a.workspace_id and l.subject_type = a.subject_type
        and l.subject_id = a.subject_id and l.action = a.action and l.metadata->>'to' = 'closed' and (l.created_at, l.id) > (a.created_at, a.id))`,
  'messages.received': `select m.created_at as at, 1::float8 as value from messages m
    where m.workspace_id = :wid and m.sender_type = 'customer' and m.created_at >= :lo::timestamptz and m.created_at < :hi::timestamptz`,
  'orders.count': `select o.created_at as at, 1::float8 as value from orders o
    where o.workspace_id = :wid and o.created_at >= :lo::timestamptz and o.created_at < :hi::timestamptz`,
  'orders.revenue': `select o.created_at as at, (o.amount_paid - o.amount_refunded)::float8 as value from orders o
    where o.workspace_id = :wid and o.payment_status in ('paid', 'partially_refunded', 'refunded')
      and o.created_at >= :lo::timestamptz and o.created_at < :hi::timestamptz`,
  'batches.released': `select b.completed_at as at, 1::float8 as value from batches b
    where b.workspace_id = :wid and b.status = 'released' and b.completed_at >= :lo::timestamptz and b.completed_at < :hi::timestamptz`,
  'batches.rejection_rate': `select b.completed_at as at, (b.status = 'rejected')::int::float8 as value from batches b
    where b.workspace_id = :wid and b.status in ('released', 'rejected') and b.completed_at >= :lo::timestamptz and b.completed_at < :hi::timestamptz`,
};

type Source = { kind: 'builtin'; name: BuiltinMetricName } | { kind: 'rollups' } | { kind: 'points' };

function sourceOf(query: SeriesQuery): Source {
  if (isBuiltinMetric(query.name)) return { kind: 'builtin', name: query.name };
  return query.agg === 'p50' || query.agg === 'p95' ? { kind: 'points' } : { kind: 'rollups' };
}

/**
 * Day and week buckets with their ends, for reading one range per bucket: the range's buckets and the one after
 * the last, each with the start of the next.
 */
function bucketRanges(interval: 'day' | 'week'): string {
  return `select t, t_end from (
      select g at time zone :tz::text as t, lead(g at time zone :tz::text) over (order by g) as t_end
      from generate_series(date_trunc('${interval}', :from::timestamptz at time zone :tz::text),
        date_trunc('${interval}', (:to::timestamptz - interval '1 microsecond') at time zone :tz::text) + interval '1 ${interval}', interval '1 ${interval}') g
    ) x where t_end is not null`;
}

/**
 * The statement of a series. `gate` is the condition a row needs (`caller.ok` inside the caller check, `true`
 * for computeSeries); the aggregate is gated too, so a refused caller costs no scan.
 *
 * One service's day or week series reads one index range per bucket (the rollups' covering index, or the points'
 * key): no time zone arithmetic per row. Hours (whose buckets are not always contiguous ranges: Lord Howe's
 * 30-minute change), every service at once (the service sits between name and instant in the index) and the
 * built-ins group their rows by the bucket each falls in.
 */
function seriesSql(source: Source, interval: MetricInterval, agg: MetricAggregate, byService: boolean, gate: string): string {
  const t = `to_char(b.t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t, coalesce(a.v, ${EMPTY[agg]})::float8 as value`;
  if (interval !== 'hour' && byService && source.kind !== 'builtin') {
    const range =
      source.kind === 'rollups'
        ? `select ${OVER_ROLLUPS[agg]!} as v from metric_rollups r
          where ${gate} and r.workspace_id = :wid and r.name = :name and r.service_id = :serviceId::uuid and r.bucket >= b.t and r.bucket < b.t_end`
        : `select ${OVER_POINTS[agg]} as v from metric_points p
          where ${gate} and p.workspace_id = :wid and p.name = :name and p.service_id = :serviceId::uuid and p.at >= b.t and p.at < b.t_end`;
    return `select ${t}
      from (${bucketRanges(interval)}) b
      left join lateral (${range}) a on true
      where ${gate}
      order by b.t`;
  }
  const service = byService ? ' and x.service_id = :serviceId::uuid' : '';
  let aggregate: string;
  if (source.kind === 'rollups') {
    aggregate = `select ${bucketOf(interval, 'r.bucket')} as t, ${OVER_ROLLUPS[agg]!} as v
      from metric_rollups r
      where ${gate} and r.workspace_id = :wid and r.name = :name${service.replace('x.', 'r.')}
        and r.bucket >= :lo::timestamptz and r.bucket < :hi::timestamptz
      group by 1`;
  } else {
    const points =
      source.kind === 'builtin'
        ? BUILTIN_POINTS[source.name]
        : `select x.at, x.value from metric_points x
          where x.workspace_id = :wid and x.name = :name${service} and x.at >= :lo::timestamptz and x.at < :hi::timestamptz`;
    aggregate = `select ${bucketOf(interval, 'p.at')} as t, ${OVER_POINTS[agg]} as v
      from (${points}) p
      where ${gate}
      group by 1`;
  }
  return `select ${t}
    from (${bucketsOf(interval)}) b
    left join (${aggregate}) a on a.t = b.t
    where ${gate}
    order by b.t`;
}

function statementName(source: Source, interval: MetricInterval, agg: MetricAggregate, byService: boolean): string {
  const from = source.kind === 'builtin' ? `b_${source.name.replace('.', '_')}` : source.kind;
  return `metric_series_${from}_${interval}_${agg}${byService ? '_svc' : ''}`;
}

const scoped = new Map<string, ReadStatement>();

/** The query's range and its parameters; 422 for a range the answer cannot hold. */
export function seriesParameters(workspaceId: string, query: SeriesQuery, now = Date.now()): Record<string, unknown> {
  if (isBuiltinMetric(query.name) && query.serviceId) throw invalidField('query.serviceId', 'Built-in metrics belong to no service');
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - SERIES_DEFAULT_DAYS * 24 * HOUR_MS;
  if (!(from < to)) throw invalidField('query.to', 'Choose an end after the start');
  const size = INTERVAL_MS[query.interval];
  if (Math.ceil((to - from) / size) > SERIES_MAX_BUCKETS)
    throw invalidField('query.from', `At most ${SERIES_MAX_BUCKETS} buckets: choose a shorter range or a longer interval`);
  // The rows read: every bucket that holds an instant of the range starts at most one bucket (plus an hour
  // for a long day or week) before `from` and ends as late after `to`; buckets outside the range drop out at
  // the join.
  const slack = size + HOUR_MS;
  return {
    wid: workspaceId,
    name: query.name,
    serviceId: query.serviceId ?? null,
    tz: query.tz,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    lo: new Date(from - slack).toISOString(),
    hi: new Date(to + slack).toISOString(),
  };
}

function toSeries(rows: { t: string; value: number | string | null }[]): Series {
  return { points: rows.map((r) => ({ t: r.t, value: r.value === null ? null : Number(r.value) })) };
}

/** A time zone the database does not know (Intl and Postgres' zone lists differ at the edges) is the caller's 422. */
function unknownZone(err: unknown): never {
  if (dataExceptionCode(err) === '22023') throw invalidField('query.tz', 'Unknown time zone');
  throw err;
}

/** GET …/metrics/series: the series, read with the caller check in the same statement. */
export async function readSeries(scope: ReadScope, query: SeriesQuery): Promise<Series> {
  const values = seriesParameters(scope.workspaceId!, query);
  const source = sourceOf(query);
  const byService = Boolean(query.serviceId);
  const name = statementName(source, query.interval, query.agg, byService);
  let statement = scoped.get(name);
  if (!statement) {
    statement = readStatement('workspace', name, seriesSql(source, query.interval, query.agg, byService, 'caller.ok'), 'd.t');
    scoped.set(name, statement);
  }
  const rows = await scope.read<{ t: string; value: number | null }>(statement, values).catch(unknownZone);
  return toSeries(rows);
}

const PARAM = /(?<![:\w]):([a-z][A-Za-z0-9]*)\b/g;

/** Named parameters (`:name`) bound as drizzle parameters. */
function bindNamed(text: string, values: Record<string, unknown>): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(PARAM)) {
    const param = match[1]!;
    if (!(param in values)) throw new Error(`series statement: no value for :${param}`);
    chunks.push(sql.raw(text.slice(last, match.index)), sql`${values[param]}`);
    last = match.index + match[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}

/**
 * A series of the workspace `workspaceId`, for a caller whose access is already settled (the public page of a
 * shared dashboard): the same statement as GET …/metrics/series without the caller check. `query` is the
 * validated query (seriesQuerySchema.parse); a range over 5,000 buckets or a zone the database does not know
 * throws the API's 422.
 */
export async function computeSeries(db: Db | Tx, workspaceId: string, query: SeriesQuery): Promise<Series> {
  const values = seriesParameters(workspaceId, query);
  const source = sourceOf(query);
  const text = seriesSql(source, query.interval, query.agg, Boolean(query.serviceId), 'true');
  const rows = await rowsOf<{ t: string; value: number | null }>(db, bindNamed(text, values)).catch(unknownZone);
  return toSeries(rows);
}

/** The aggregate a metric reads best with: the built-in's own, else sum. */
export const naturalAggregate = (name: string): MetricAggregate => (isBuiltinMetric(name) ? BUILTIN_METRICS[name].agg : 'sum');
