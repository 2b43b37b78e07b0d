// Metrics: points ingested from outside (API keys with `metrics:write`) and series read from them or computed
// from the app's own data (API.md "Analytics, services and the API platform").
import { z } from 'zod';
import { idSchema, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';

/** The most points one ingestion takes (422 beyond). */
export const METRIC_BATCH_MAX = 1000;
/** The most buckets one series answers (422 beyond: ask a longer interval or a shorter range). */
export const SERIES_MAX_BUCKETS = 5000;
/** How far in the future a point's `at` may be (clocks drift), in milliseconds. */
export const METRIC_FUTURE_TOLERANCE_MS = 5 * 60_000;
/** The default range of a series: the 30 days to now. */
export const SERIES_DEFAULT_DAYS = 30;

export const METRIC_INTERVALS = ['hour', 'day', 'week'] as const;
export type MetricInterval = (typeof METRIC_INTERVALS)[number];
export const METRIC_AGGREGATES = ['sum', 'avg', 'count', 'min', 'max', 'p50', 'p95'] as const;
export type MetricAggregate = (typeof METRIC_AGGREGATES)[number];

/**
 * Series computed from the app's own data (no ingestion; they belong to no service). Each is a stream of points
 * like an ingested metric, so every aggregate applies; `agg` is the one that reads naturally.
 */
export const BUILTIN_METRICS = {
  'conversations.created': { agg: 'count', description: 'Conversations started (one point of 1 per conversation, at its creation)' },
  'conversations.first_response_seconds': {
    agg: 'avg',
    description: "Seconds from a conversation's start to the first agent reply (one point per conversation, at that reply)",
  },
  'conversations.resolution_seconds': {
    agg: 'avg',
    description: 'Seconds from a closed conversation’s start to its latest closing (one point per closed conversation, at that closing)',
  },
  'messages.received': { agg: 'count', description: 'Messages from customers (one point of 1 per message)' },
  'orders.count': { agg: 'count', description: 'Orders placed (one point of 1 per order, at its creation)' },
  'orders.revenue': {
    agg: 'sum',
    description: 'What paid orders brought in, in minor units: paid minus refunded, one point per order paid, partially refunded or refunded, at its creation',
  },
  'batches.released': { agg: 'count', description: 'Batches released (one point of 1 per batch, at its completion)' },
  'batches.rejection_rate': {
    agg: 'avg',
    description: 'One point per completed batch, 1 when rejected and 0 when released: its avg is rejected / (released + rejected)',
  },
} as const satisfies Record<string, { agg: MetricAggregate; description: string }>;
export type BuiltinMetricName = keyof typeof BUILTIN_METRICS;
export const BUILTIN_METRIC_NAMES = Object.keys(BUILTIN_METRICS) as BuiltinMetricName[];
export const isBuiltinMetric = (name: string): name is BuiltinMetricName => Object.hasOwn(BUILTIN_METRICS, name);

export const METRIC_NAME_PATTERN = /^[a-z][a-z0-9_.]{0,99}$/;
/** A metric's name: lower case, digits, `_` and `.`, starting with a letter, at most 100 characters. */
export const metricNameSchema = z.string().regex(METRIC_NAME_PATTERN, 'Use a-z, 0-9, _ and . (starting with a letter), at most 100 characters');

/**
 * An IANA time zone name (`Europe/Berlin`, `UTC`). Offsets such as `+05:00` are refused: Postgres reads them as
 * POSIX zones, with the sign the other way round.
 */
export const metricTimeZoneSchema = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, 'Unknown time zone')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone');

const instantSchema = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time, e.g. 2026-03-01T12:00:00Z' });

const dimensionsSchema = z
  .record(z.string().min(1).max(100), z.string().max(200))
  .refine((d) => Object.keys(d).length <= 10, 'At most 10 dimensions')
  .refine((d) => Object.entries(d).every(([k, v]) => !k.includes('\u0000') && !v.includes('\u0000')), 'Must not contain a NUL character');

export const metricPointInputSchema = z.strictObject({
  name: metricNameSchema.refine((name) => !isBuiltinMetric(name), 'This name is a built-in metric, computed from the app’s data'),
  value: z.number().finite('Use a finite number'),
  /** When the value was measured (default: now); at most a few minutes in the future. */
  at: instantSchema.optional(),
  serviceId: idSchema.nullable().optional(),
  dimensions: dimensionsSchema.optional(),
});
export type MetricPointInput = z.input<typeof metricPointInputSchema>;

export const ingestMetricsBodySchema = z.strictObject({
  points: z.array(metricPointInputSchema).min(1, 'Send at least one point').max(METRIC_BATCH_MAX, `At most ${METRIC_BATCH_MAX} points per request`),
});
export type IngestMetricsBody = z.input<typeof ingestMetricsBodySchema>;
export const ingestMetricsResultSchema = z.object({ accepted: z.number().int() });

/**
 * A series: `name`'s points (every service's unless `serviceId`) in buckets of `interval` in the caller's time zone
 * (an hour is a clock hour, a day runs from local midnight to the next, a week from Monday), from the bucket that
 * holds `from` to the one that holds the instant before `to`, each bucket counted whole.
 */
export const seriesQuerySchema = z.object({
  name: metricNameSchema,
  serviceId: idSchema.optional(),
  /** Default: `to` minus 30 days. */
  from: instantSchema.optional(),
  /** Exclusive; default: now. */
  to: instantSchema.optional(),
  interval: z.enum(METRIC_INTERVALS).default('day'),
  agg: z.enum(METRIC_AGGREGATES).default('sum'),
  tz: metricTimeZoneSchema.default('UTC'),
});
export type SeriesQuery = z.output<typeof seriesQuerySchema>;
export type SeriesQueryInput = z.input<typeof seriesQuerySchema>;

export const seriesPointSchema = z.object({
  /** The bucket's first instant, ISO 8601 in UTC. */
  t: z.string(),
  /** count and sum are 0 in an empty bucket; avg, min, max, p50 and p95 are null. */
  value: z.number().nullable(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;
export const seriesSchema = z.object({ points: z.array(seriesPointSchema) });
export type Series = z.infer<typeof seriesSchema>;

export const metricInfoSchema = z.object({
  name: z.string(),
  builtin: z.boolean(),
  /** The services that sent points of this name (empty for built-ins; null stands for points without a service). */
  serviceIds: z.array(idSchema.nullable()),
  /** The aggregate that reads naturally (built-ins), else null. */
  agg: z.enum(METRIC_AGGREGATES).nullable(),
  description: z.string().nullable(),
  /** The newest point's time (ingested names), else null. */
  lastAt: z.string().nullable(),
});
export type MetricInfo = z.infer<typeof metricInfoSchema>;
export const metricListQuerySchema = z.object({ serviceId: idSchema.optional() });
export const metricListSchema = z.object({ data: z.array(metricInfoSchema) });

/** The realtime event of an ingestion: open dashboards refresh the series it touched. */
export const metricsIngestedEventSchema = z.object({
  names: z.array(z.string()),
  serviceIds: z.array(idSchema.nullable()),
  /** More names or services than the lists hold (at most 50 each): refresh every series. */
  truncated: z.boolean(),
  /** The earliest and latest `at` of the batch. */
  from: z.string(),
  to: z.string(),
});

export const metricEvents = { 'metrics.ingested': metricsIngestedEventSchema };

export const metricEndpoints = {
  listMetrics: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/metrics',
    access: 'viewer',
    summary: 'The metric names a series can read: the built-ins, then every ingested name with the services that sent it (`serviceId` narrows to one)',
    params: workspaceParamsSchema,
    query: metricListQuerySchema,
    response: metricListSchema,
  }),
  ingestMetrics: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/metrics',
    access: 'admin',
    keyScope: 'metrics:write',
    summary: `Ingest up to ${METRIC_BATCH_MAX} points (an API key with metrics:write, or an admin); a point with the same name, serviceId, dimensions and \`at\` replaces the earlier one, so a batch sent twice changes nothing`,
    params: workspaceParamsSchema,
    body: ingestMetricsBodySchema,
    example: {
      points: [
        { name: 'chatbot.latency_ms', value: 420, at: '2026-03-01T12:00:00Z', dimensions: { region: 'eu' } },
        { name: 'chatbot.conversations', value: 3, at: '2026-03-01T12:00:00Z' },
      ],
    },
    response: ingestMetricsResultSchema,
    status: 202,
    idempotent: true,
  }),
  getMetricSeries: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/metrics/series',
    access: 'viewer',
    summary: `A metric's series: every bucket (hour, day or week in \`tz\`) from \`from\` to \`to\` (default the last ${SERIES_DEFAULT_DAYS} days, at most ${SERIES_MAX_BUCKETS} buckets) with its sum, avg, count, min, max, p50 or p95`,
    params: workspaceParamsSchema,
    query: seriesQuerySchema,
    response: seriesSchema,
  }),
  exportMetricSeries: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/metrics/series/export',
    access: 'viewer',
    summary: 'The same series as CSV (text/csv): `t,value`, one row per bucket',
    params: workspaceParamsSchema,
    query: seriesQuerySchema,
    raw: true,
  }),
};
