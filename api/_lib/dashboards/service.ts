// Writes to dashboards: each in one transaction with its activity row and its event. The default dashboard (the
// workspace's home page) is made with the workspace and cannot be deleted. Sharing gives the dashboard a new random
// share id (the link names it, signed: share-token.ts), and unsharing clears it, so every earlier link answers 410.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_DASHBOARD } from '../../../contracts/dashboard-grid.js';
import type { createDashboardBodySchema, Dashboard, updateDashboardBodySchema } from '../../../contracts/dashboards.js';
import type { ErrorDetail } from '../../../contracts/errors.js';
import type { Tx } from '../../../db/client.js';
import { dashboards, type DashboardWidget } from '../../../db/schema/analytics.js';
import { services } from '../../../db/schema/resources.js';
import { recordActivity } from '../activity/record.js';
import { withEvents } from '../events/outbox.js';
import { conflict, notFound, validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { scoped } from '../scoped.js';
import { dashboardCreated, dashboardDeleted, dashboardUpdated } from './events.js';
import { dashboardColumns, toDashboard } from './queries.js';
import { shareUrl } from './share-token.js';

type CreateBody = z.output<typeof createDashboardBodySchema>;
type UpdateBody = z.output<typeof updateDashboardBodySchema>;

/** The widgets as stored: exactly the contract's fields, `serviceId` null when absent. */
const storedWidgets = (widgets: CreateBody['widgets']): DashboardWidget[] =>
  widgets.map((w) => ({
    id: w.id,
    type: w.type,
    title: w.title,
    query: { name: w.query.name, serviceId: w.query.serviceId ?? null, agg: w.query.agg, interval: w.query.interval },
    layout: { x: w.layout.x, y: w.layout.y, w: w.layout.w, h: w.layout.h },
  }));

/** Every service a widget names must be one of the workspace's (422 at `widgets.N.query.serviceId`). */
async function checkServices(tx: Tx, workspaceId: string, widgets: DashboardWidget[]): Promise<void> {
  const named = [...new Set(widgets.map((w) => w.query.serviceId).filter((id): id is string => Boolean(id)))];
  if (named.length === 0) return;
  const found = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), inArray(services.id, named)));
  const known = new Set(found.map((s) => s.id));
  const details: ErrorDetail[] = [];
  widgets.forEach((w, i) => {
    if (w.query.serviceId && !known.has(w.query.serviceId)) details.push({ path: `widgets.${i}.query.serviceId`, message: 'Pick a service of this workspace' });
  });
  if (details.length > 0) throw validationFailed(details);
}

/** The workspace's home page, made in the transaction that makes the workspace (and by the demo seed). */
export async function createDefaultDashboard(tx: Tx, workspaceId: string, createdBy: string | null): Promise<void> {
  await scoped(tx, workspaceId).insert(dashboards, { name: DEFAULT_DASHBOARD.name, widgets: DEFAULT_DASHBOARD.widgets, isDefault: true, createdBy });
}

export async function createDashboard(ctx: MemberContext, body: CreateBody): Promise<Dashboard> {
  const widgets = storedWidgets(body.widgets);
  return withEvents(ctx, async (tx, emit) => {
    await checkServices(tx, ctx.workspaceId, widgets);
    const [row] = await scoped(tx, ctx.workspaceId).insert(dashboards, { name: body.name, widgets, createdBy: ctx.user.id }).returning(dashboardColumns);
    await recordActivity(tx, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.user.id,
      action: 'dashboard.created',
      subjectId: row!.id,
      metadata: { name: row!.name },
    });
    emit(dashboardCreated(ctx.workspaceId, row!));
    return toDashboard(row!, ctx.role);
  });
}

/** Tells a dashboard that is not there (404) from one another tab saved since `updatedAt` was read (409). */
async function missingOrChanged(tx: Tx, workspaceId: string, id: string): Promise<never> {
  const [row] = await tx
    .select({ id: dashboards.id })
    .from(dashboards)
    .where(and(eq(dashboards.workspaceId, workspaceId), eq(dashboards.id, id)));
  if (!row) throw notFound('Dashboard');
  throw conflict('Someone saved this dashboard since you opened it: reload it to see their changes, then make yours again');
}

/** PUT: replaces the name and widgets; with `updatedAt`, only if nobody saved the dashboard since. */
export async function updateDashboard(ctx: MemberContext, id: string, body: UpdateBody): Promise<Dashboard> {
  const widgets = storedWidgets(body.widgets);
  return withEvents(ctx, async (tx, emit) => {
    await checkServices(tx, ctx.workspaceId, widgets);
    // A client's updatedAt has milliseconds; the column keeps microseconds.
    const unchanged = body.updatedAt ? sql`date_trunc('milliseconds', ${dashboards.updatedAt}) = ${body.updatedAt}::timestamptz` : undefined;
    const [row] = await scoped(tx, ctx.workspaceId)
      .update(dashboards, { name: body.name, widgets, updatedAt: sql`now()` }, and(eq(dashboards.id, id), unchanged)!)
      .returning(dashboardColumns);
    if (!row) return missingOrChanged(tx, ctx.workspaceId, id);
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'dashboard.updated', subjectId: id, metadata: { name: row.name } });
    emit(dashboardUpdated(ctx.workspaceId, row));
    return toDashboard(row, ctx.role);
  });
}

/** Deletes a dashboard (its link then answers 410); the default one stays (409). */
export async function deleteDashboard(ctx: MemberContext, id: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    const [row] = await scoped(tx, ctx.workspaceId)
      .delete(dashboards, and(eq(dashboards.id, id), eq(dashboards.isDefault, false))!)
      .returning({ name: dashboards.name });
    if (!row) {
      const [kept] = await tx
        .select({ isDefault: dashboards.isDefault })
        .from(dashboards)
        .where(and(eq(dashboards.workspaceId, ctx.workspaceId), eq(dashboards.id, id)));
      if (!kept) throw notFound('Dashboard');
      throw conflict('The default dashboard is the workspace’s home page and cannot be deleted');
    }
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'dashboard.deleted', subjectId: id, metadata: { name: row.name } });
    emit(dashboardDeleted(ctx.workspaceId, id));
  });
}

/** A new share link (a new share id: the previous link, if any, stops working). Not an edit: `updatedAt` stays. */
export async function shareDashboard(ctx: MemberContext, id: string): Promise<{ url: string; sharedAt: string }> {
  const shareId = randomUUID();
  return withEvents(ctx, async (tx, emit) => {
    const [row] = await scoped(tx, ctx.workspaceId)
      .update(dashboards, { shareId, sharedAt: sql`now()` }, eq(dashboards.id, id))
      .returning(dashboardColumns);
    if (!row) throw notFound('Dashboard');
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'dashboard.shared', subjectId: id, metadata: { name: row.name } });
    emit(dashboardUpdated(ctx.workspaceId, row));
    return { url: shareUrl({ dashboardId: id, shareId }), sharedAt: row.sharedAt!.toISOString() };
  });
}

/** Revokes the link: the public page then answers 410. A dashboard that is not shared stays as it is. */
export async function unshareDashboard(ctx: MemberContext, id: string): Promise<void> {
  await withEvents(ctx, async (tx, emit) => {
    const [row] = await scoped(tx, ctx.workspaceId)
      .update(dashboards, { shareId: null, sharedAt: null }, and(eq(dashboards.id, id), isNotNull(dashboards.shareId))!)
      .returning(dashboardColumns);
    if (!row) {
      const [exists] = await tx
        .select({ id: dashboards.id })
        .from(dashboards)
        .where(and(eq(dashboards.workspaceId, ctx.workspaceId), eq(dashboards.id, id)));
      if (!exists) throw notFound('Dashboard');
      return;
    }
    await recordActivity(tx, { workspaceId: ctx.workspaceId, actorId: ctx.user.id, action: 'dashboard.unshared', subjectId: id, metadata: { name: row.name } });
    emit(dashboardUpdated(ctx.workspaceId, row));
  });
}
