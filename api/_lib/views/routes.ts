// /api/workspaces/{wid}/views (served by the inbox function): each member's own saved inbox views. Another
// member's view is as absent as a missing one (404).
import { and, eq, sql } from 'drizzle-orm';
import { savedViewEndpoints, type SavedView, type ViewFilters } from '../../../contracts/saved-views.js';
import { savedViews } from '../../../db/schema/inbox.js';
import { withEvents } from '../events/outbox.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement } from '../http/read-scope.js';

type Row = { id: string; name: string; filters: unknown; createdAt: Date | string; updatedAt: Date | string };
const toView = (r: Row): SavedView => ({
  id: r.id,
  name: r.name,
  filters: (typeof r.filters === 'string' ? JSON.parse(r.filters) : r.filters) as ViewFilters,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

const SELECT = `v.id, v.name, v.filters, v.created_at as "createdAt", v.updated_at as "updatedAt"`;
const list = (hasCursor: boolean) =>
  readStatement(
    'workspace',
    `saved_views_list${hasCursor ? '_after' : ''}`,
    `select ${SELECT}, ${cursorAtColumn('v.created_at')} from saved_views v
     where caller.ok and v.workspace_id = :wid and v.user_id = :uid${hasCursor ? ' and (v.created_at, v.id) > (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by v.created_at, v.id limit :limit`,
    'd."createdAt", d.id',
  );
const LISTS = { first: list(false), after: list(true) };
const ONE = readStatement(
  'workspace',
  'saved_view',
  `select ${SELECT} from saved_views v where caller.ok and v.id = :id and v.workspace_id = :wid and v.user_id = :uid`,
);

const columns = { id: savedViews.id, name: savedViews.name, filters: savedViews.filters, createdAt: savedViews.createdAt, updatedAt: savedViews.updatedAt };

export const routes = implement(savedViewEndpoints, {
  async listViews(ctx, { query }) {
    const cursor = decodeCursor(query.cursor);
    const rows = await ctx.scope.read<Row & { cursorAt: string }>(cursor ? LISTS.after : LISTS.first, {
      cursorAt: cursor?.at,
      cursorId: cursor?.id,
      limit: query.limit + 1,
    });
    return page(rows, query.limit, toView);
  },
  async getView(ctx, { params }) {
    const [row] = await ctx.scope.read<Row>(ONE, { id: params.id });
    if (!row) throw notFound('View');
    return toView(row);
  },
  createView: (ctx, { body }) =>
    withEvents(ctx, async (tx) => {
      const [row] = await tx
        .insert(savedViews)
        .values({ workspaceId: ctx.workspaceId, userId: ctx.user.id, name: body.name, filters: body.filters })
        .returning(columns);
      return toView(row!);
    }),
  updateView: (ctx, { params, body }) =>
    withEvents(ctx, async (tx) => {
      const [row] = await tx
        .update(savedViews)
        .set({ ...body, updatedAt: sql`now()` })
        .where(and(eq(savedViews.id, params.id), eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.userId, ctx.user.id)))
        .returning(columns);
      if (!row) throw notFound('View');
      return toView(row);
    }),
  async deleteView(ctx, { params }) {
    await withEvents(ctx, async (tx) => {
      const [row] = await tx
        .delete(savedViews)
        .where(and(eq(savedViews.id, params.id), eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.userId, ctx.user.id)))
        .returning({ id: savedViews.id });
      if (!row) throw notFound('View');
    });
    return undefined;
  },
});
