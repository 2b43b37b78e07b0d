// Analytics and the API platform (API.md "Analytics, services and the API platform"): API keys, metric points
// and their rollups, dashboards, and outbound webhook endpoints with their deliveries. Services are a generic
// resource (db/schema/resources.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users, workspaces } from './identity.js';
import { services } from './resources.js';

/**
 * API keys. The secret (`sbk_…`) is shown once; only its SHA-256 is kept. A key acts in its workspace for the
 * member who created it, with that member's role capped at admin and limited to its scopes; it stops working
 * when revoked or when its creator leaves the workspace.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The key's first characters (`sbk_1a2b3c4d`), to recognise it in lists and logs. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key, hex. */
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_keys_secret_hash_key').on(t.secretHash),
    index('api_keys_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    check('api_keys_scopes_check', sql`${t.scopes} <@ array['read', 'write', 'metrics:write']::text[] and cardinality(${t.scopes}) > 0`),
  ],
);

/**
 * Metric points, one row per (name, service, dimensions, instant): a point sent again for the same key replaces
 * the earlier one. Reads of count, sum, avg, min and max come from metric_rollups; percentiles read the points.
 */
export const metricPoints = pgTable(
  'metric_points',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    serviceId: uuid('service_id'),
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [
    unique('metric_points_point_key').on(t.workspaceId, t.name, t.serviceId, t.at, t.dimensions).nullsNotDistinct(),
    foreignKey({ name: 'metric_points_service_fk', columns: [t.workspaceId, t.serviceId], foreignColumns: [services.workspaceId, services.id] }).onDelete(
      'cascade',
    ),
  ],
);

/**
 * Per-series aggregates in 15-minute buckets (every time zone's hours and days are whole buckets), summed over
 * dimensions. Rebuilt from the points of each bucket an ingestion touches, so a replaced point leaves no trace.
 */
export const metricRollups = pgTable(
  'metric_rollups',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    serviceId: uuid('service_id'),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    sum: doublePrecision('sum').notNull(),
    min: doublePrecision('min').notNull(),
    max: doublePrecision('max').notNull(),
  },
  (t) => [
    unique('metric_rollups_bucket_key').on(t.workspaceId, t.name, t.serviceId, t.bucket).nullsNotDistinct(),
    foreignKey({ name: 'metric_rollups_service_fk', columns: [t.workspaceId, t.serviceId], foreignColumns: [services.workspaceId, services.id] }).onDelete(
      'cascade',
    ),
  ],
);

export interface DashboardWidget {
  id: string;
  type: 'kpi' | 'line' | 'bar' | 'table';
  title: string;
  query: { name: string; serviceId?: string | null; agg: string; interval: string };
  layout: { x: number; y: number; w: number; h: number };
}

/** Dashboards: a grid of widgets. Each workspace has one default dashboard (the home page). */
export const dashboards = pgTable(
  'dashboards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    widgets: jsonb('widgets').$type<DashboardWidget[]>().notNull().default([]),
    isDefault: boolean('is_default').notNull().default(false),
    /** The current share link's id; null when not shared. Revoking clears it, so an old link answers 410. */
    shareId: uuid('share_id'),
    sharedAt: timestamp('shared_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('dashboards_workspace_name_idx').on(t.workspaceId, t.name, t.id),
    uniqueIndex('dashboards_workspace_default_key')
      .on(t.workspaceId)
      .where(sql`${t.isDefault}`),
    uniqueIndex('dashboards_share_id_key').on(t.shareId),
  ],
);

/** Outbound webhook endpoints: where a workspace's events are POSTed, signed with the endpoint's secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description'),
    /** Event names, or `*` for every event. */
    events: text('events').array().notNull(),
    active: boolean('active').notNull().default(true),
    /** The signing secret (`whsec_…`): shown once, kept to sign deliveries. */
    secret: text('secret').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_workspace_idx').on(t.workspaceId, t.createdAt, t.id)],
);

/** One event to one endpoint: created with the event (in its transaction), attempted until it succeeds or 24 h pass. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The outbox event's id (no foreign key: dispatched events are deleted after a week). */
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    event: text('event').notNull(),
    /** The JSON body sent, fixed at creation so every attempt sends the same bytes. */
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).defaultNow(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set while an attempt is in flight (a lease past the attempt's timeout): nobody else claims the delivery until then. */
    attemptingUntil: timestamp('attempting_until', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_key').on(t.endpointId, t.eventId),
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt, t.id),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'succeeded', 'failed')`),
  ],
);

/** Each attempt of a delivery: when, the response code (or the network error) and how long it took. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    statusCode: integer('status_code'),
    error: text('error'),
    /** The first 2 KB of the receiver's answer. */
    responseBody: text('response_body'),
    durationMs: integer('duration_ms').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
