// Dashboards: grids of widgets over metric series, and their signed read-only share links
// (API.md "Analytics, services and the API platform"). Every workspace has one default dashboard, its home page,
// made with the workspace (DEFAULT_DASHBOARD) and never deleted. Members build dashboards (agents and above),
// admins share them: a share link names the dashboard and its current share id, signed with the server's
// secret, and stops working (410) once the dashboard is unshared or shared again.
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import { idSchema, itemParamsSchema, listQuerySchema, listResponseSchema, timestampSchema, trimmedText, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';
import { DASHBOARD_MAX_WIDGETS, DASHBOARD_NAME_MAX, GRID_COLUMNS, GRID_MAX_Y, WIDGET_MAX_HEIGHT, WIDGET_TITLE_MAX, WIDGET_TYPES } from './dashboard-grid.js';
import { isBuiltinMetric, METRIC_AGGREGATES, METRIC_INTERVALS, metricNameSchema, metricTimeZoneSchema, seriesPointSchema } from './metrics.js';

export * from './dashboard-grid.js';

/** A widget's id: chosen by the client, unique within its dashboard (the key of its data on the public page). */
export const widgetIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Use 1 to 40 letters, digits, _ or -');

const gridInt = (min: number, max: number) => z.number().int('Use a whole number').min(min, `At least ${min}`).max(max, `At most ${max}`);

export const widgetLayoutSchema = z
  .strictObject({
    x: gridInt(0, GRID_COLUMNS - 1),
    y: gridInt(0, GRID_MAX_Y),
    w: gridInt(1, GRID_COLUMNS),
    h: gridInt(1, WIDGET_MAX_HEIGHT),
  })
  .refine((l) => l.x + l.w <= GRID_COLUMNS, { path: ['w'], message: `The widget must end by column ${GRID_COLUMNS} (x + w ≤ ${GRID_COLUMNS})` });

/** What a widget shows: a metric's series (metrics' `GET …/metrics/series`) over the dashboard's date range. */
export const widgetQuerySchema = z
  .strictObject({
    name: metricNameSchema,
    /** One service's points only; absent or null: every service's. */
    serviceId: idSchema.nullable().optional(),
    agg: z.enum(METRIC_AGGREGATES),
    interval: z.enum(METRIC_INTERVALS),
  })
  .refine((q) => !(q.serviceId && isBuiltinMetric(q.name)), { path: ['serviceId'], message: 'Built-in metrics belong to no service' });

export const widgetInputSchema = z.strictObject({
  id: widgetIdSchema,
  type: z.enum(WIDGET_TYPES),
  title: trimmedText(WIDGET_TITLE_MAX, 'Enter a title'),
  query: widgetQuerySchema,
  layout: widgetLayoutSchema,
});
export type WidgetInput = z.input<typeof widgetInputSchema>;

export const widgetsSchema = z
  .array(widgetInputSchema)
  .max(DASHBOARD_MAX_WIDGETS, `At most ${DASHBOARD_MAX_WIDGETS} widgets`)
  .superRefine((widgets, ctx) => {
    const seen = new Set<string>();
    widgets.forEach((w, i) => {
      if (seen.has(w.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Another widget uses the id ${w.id}` });
      seen.add(w.id);
    });
  });

export const widgetSchema = z.object({
  id: z.string(),
  type: z.enum(WIDGET_TYPES),
  title: z.string(),
  query: z.object({ name: z.string(), serviceId: idSchema.nullable(), agg: z.enum(METRIC_AGGREGATES), interval: z.enum(METRIC_INTERVALS) }),
  layout: z.object({ x: z.number().int(), y: z.number().int(), w: z.number().int(), h: z.number().int() }),
});

export const dashboardSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The workspace's home page: one per workspace, cannot be deleted. */
  isDefault: z.boolean(),
  widgets: z.array(widgetSchema),
  /** When the current share link was made; null when the dashboard is not shared. */
  sharedAt: timestampSchema.nullable(),
  /** The current share link, shown to admins and owners (who manage it); null for other roles or when not shared. */
  shareUrl: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Dashboard = z.infer<typeof dashboardSchema>;
export const dashboardListSchema = listResponseSchema(dashboardSchema);

export const createDashboardBodySchema = z.strictObject({
  name: trimmedText(DASHBOARD_NAME_MAX, 'Enter a name'),
  widgets: widgetsSchema.default([]),
});
export type CreateDashboardBody = z.input<typeof createDashboardBodySchema>;

export const updateDashboardBodySchema = z.strictObject({
  name: trimmedText(DASHBOARD_NAME_MAX, 'Enter a name'),
  widgets: widgetsSchema,
  /**
   * The `updatedAt` the client last read: when given and the dashboard changed since (another tab saved), the
   * write is refused with 409 and nothing changes.
   */
  updatedAt: timestampSchema.optional(),
});
export type UpdateDashboardBody = z.input<typeof updateDashboardBodySchema>;

export const shareResultSchema = z.object({ url: z.string(), sharedAt: timestampSchema });

/** A share link's token: the dashboard and share ids (32 bytes) and their HMAC-SHA256, each base64url. */
export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, 'This link is not valid');
export const publicDashboardParamsSchema = z.object({ token: shareTokenSchema });

const instantSchema = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time, e.g. 2026-03-01T00:00:00Z' });
/** The longest range the public page shows, and the one it shows by default. */
export const PUBLIC_RANGE_MAX_DAYS = 400;
export const PUBLIC_DEFAULT_DAYS = 30;

export const publicDashboardQuerySchema = z
  .object({
    /** Default: `to` minus 30 days. */
    from: instantSchema.optional(),
    /** Exclusive; default: now. */
    to: instantSchema.optional(),
    tz: metricTimeZoneSchema.default('UTC'),
  })
  .superRefine((q, ctx) => {
    const to = q.to ? Date.parse(q.to) : Date.now();
    const span = to - (q.from ? Date.parse(q.from) : to - PUBLIC_DEFAULT_DAYS * 86_400_000);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must be after from' });
    else if (span > PUBLIC_RANGE_MAX_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['from'], message: `At most ${PUBLIC_RANGE_MAX_DAYS} days` });
  });

/** A shared dashboard as anyone with its link sees it: its widgets (without service ids) and their data, nothing else. */
export const publicDashboardSchema = z.object({
  name: z.string(),
  widgets: z.array(widgetSchema.extend({ query: widgetSchema.shape.query.omit({ serviceId: true }) })),
  from: timestampSchema,
  to: timestampSchema,
  tz: z.string(),
  /** Each widget's points over [from, to), by widget id. */
  data: z.record(z.string(), z.array(seriesPointSchema)),
  /** KPI widgets' points over the period of the same length before `from`, for their change. */
  previous: z.record(z.string(), z.array(seriesPointSchema)),
});
export type PublicDashboard = z.infer<typeof publicDashboardSchema>;

const exampleWidgets: WidgetInput[] = [
  { id: 'revenue', type: 'kpi', title: 'Revenue', query: { name: 'orders.revenue', agg: 'sum', interval: 'day' }, layout: { x: 0, y: 0, w: 4, h: 2 } },
  {
    id: 'orders',
    type: 'line',
    title: 'Orders per day',
    query: { name: 'orders.count', agg: 'count', interval: 'day' },
    layout: { x: 4, y: 0, w: 8, h: 4 },
  },
];

export const dashboardEndpoints = {
  listDashboards: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/dashboards',
    access: 'viewer',
    summary: 'The workspace’s dashboards, oldest first (the default one, made with the workspace, leads)',
    params: workspaceParamsSchema,
    query: listQuerySchema,
    response: dashboardListSchema,
  }),
  createDashboard: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/dashboards',
    access: 'agent',
    summary: `Create a dashboard: a name and up to ${DASHBOARD_MAX_WIDGETS} widgets on a ${GRID_COLUMNS}-column grid`,
    params: workspaceParamsSchema,
    body: createDashboardBodySchema,
    example: { name: 'Shop', widgets: exampleWidgets },
    response: dashboardSchema,
    status: 201,
    idempotent: true,
  }),
  getDashboard: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/dashboards/:id',
    access: 'viewer',
    summary: 'One dashboard',
    params: itemParamsSchema,
    response: dashboardSchema,
  }),
  updateDashboard: endpoint({
    method: 'PUT',
    path: '/api/workspaces/:wid/dashboards/:id',
    access: 'agent',
    summary: 'Replace a dashboard’s name and widgets; with `updatedAt`, 409 when someone saved it since',
    params: itemParamsSchema,
    body: updateDashboardBodySchema,
    example: { name: 'Shop this month', widgets: exampleWidgets },
    response: dashboardSchema,
  }),
  deleteDashboard: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/dashboards/:id',
    access: 'agent',
    summary: 'Delete a dashboard (its share link stops working); the default dashboard cannot be deleted (409)',
    params: itemParamsSchema,
  }),
  shareDashboard: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/dashboards/:id/share',
    access: 'admin',
    summary: 'Make a new signed read-only link to the dashboard (an earlier link stops working)',
    params: itemParamsSchema,
    response: shareResultSchema,
  }),
  unshareDashboard: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/dashboards/:id/share',
    access: 'admin',
    summary: 'Revoke the dashboard’s link: it then answers 410',
    params: itemParamsSchema,
  }),
};

/** The public page of a shared dashboard (`/api/public/dashboards/{token}`). */
export const publicDashboardEndpoints = {
  getSharedDashboard: endpoint({
    method: 'GET',
    path: '/api/public/dashboards/:token',
    access: 'public',
    summary:
      'A shared dashboard and its widgets’ data over [from, to) in `tz` (default the last 30 days, UTC): 404 for a link that is not one, 410 once it was revoked',
    params: publicDashboardParamsSchema,
    query: publicDashboardQuerySchema,
    response: publicDashboardSchema,
    rateLimit: { limit: 120, windowSeconds: 60 },
  }),
};

const dashboardChangedSchema = z.object({ id: idSchema, name: z.string(), updatedAt: timestampSchema });
/** Events on private-workspace-{wid} (registered in contracts/events.ts): small, open pages refetch what changed. */
export const dashboardEvents = {
  'dashboard.created': dashboardChangedSchema,
  'dashboard.updated': dashboardChangedSchema,
  'dashboard.deleted': z.object({ id: idSchema }),
};

/** Activity actions (registered in contracts/activity.ts). */
export const dashboardActivity = {
  'dashboard.created': action('dashboard', z.object({ name: z.string() }), (m, w) => `${w.actor} created the dashboard ${quoted(m.name ?? '')}`),
  'dashboard.updated': action('dashboard', z.object({ name: z.string() }), (m, w) => `${w.actor} changed the dashboard ${quoted(m.name ?? '')}`),
  'dashboard.deleted': action('dashboard', z.object({ name: z.string() }), (m, w) => `${w.actor} deleted the dashboard ${quoted(m.name ?? '')}`),
  'dashboard.shared': action('dashboard', z.object({ name: z.string() }), (m, w) => `${w.actor} made a share link to the dashboard ${quoted(m.name ?? '')}`),
  'dashboard.unshared': action(
    'dashboard',
    z.object({ name: z.string() }),
    (m, w) => `${w.actor} revoked the share link of the dashboard ${quoted(m.name ?? '')}`,
  ),
};
