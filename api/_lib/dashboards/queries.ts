// Reads of a workspace's dashboards: one database round trip each, the caller check folded into the statement.
// A dashboard's share link is shown to the roles that manage it (admin and owner) only.
import type { Dashboard, Widget } from '../../../contracts/dashboards.js';
import { roleAtLeast, type Role } from '../../../contracts/roles.js';
import { dashboards } from '../../../db/schema/analytics.js';
import type { DashboardWidget } from '../../../db/schema/analytics.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';
import { shareUrl } from './share-token.js';

/** A dashboard row as the writes return it and the reads select it (camelCase column aliases). */
export type DashboardRow = {
  id: string;
  name: string;
  isDefault: boolean;
  widgets: DashboardWidget[];
  shareId: string | null;
  sharedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export const dashboardColumns = {
  id: dashboards.id,
  name: dashboards.name,
  isDefault: dashboards.isDefault,
  widgets: dashboards.widgets,
  shareId: dashboards.shareId,
  sharedAt: dashboards.sharedAt,
  createdAt: dashboards.createdAt,
  updatedAt: dashboards.updatedAt,
};

/** A stored widget as the API shows it (`serviceId` always present). */
export const toWidget = (w: DashboardWidget): Widget => ({
  id: w.id,
  type: w.type,
  title: w.title,
  query: {
    name: w.query.name,
    serviceId: w.query.serviceId ?? null,
    agg: w.query.agg as Widget['query']['agg'],
    interval: w.query.interval as Widget['query']['interval'],
  },
  layout: { x: w.layout.x, y: w.layout.y, w: w.layout.w, h: w.layout.h },
});

/** The dashboard as `role` may see it: the share link for admins and owners only. */
export const toDashboard = (r: DashboardRow, role: Role | null): Dashboard => ({
  id: r.id,
  name: r.name,
  isDefault: r.isDefault,
  widgets: r.widgets.map(toWidget),
  sharedAt: r.sharedAt ? r.sharedAt.toISOString() : null,
  shareUrl: r.shareId && role && roleAtLeast(role, 'admin') ? shareUrl({ dashboardId: r.id, shareId: r.shareId }) : null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const SELECT = `b.id, b.name, b.is_default as "isDefault", b.widgets, b.share_id as "shareId", b.shared_at as "sharedAt",
  b.created_at as "createdAt", b.updated_at as "updatedAt"`;

const listStatement = (hasCursor: boolean) =>
  readStatement(
    'workspace',
    hasCursor ? 'dashboards_list_after' : 'dashboards_list',
    `select ${SELECT}, ${cursorAtColumn('b.created_at')}
     from dashboards b
     where caller.ok and b.workspace_id = :wid${hasCursor ? ' and (b.created_at, b.id) > (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by b.created_at, b.id limit :limit`,
    'd."createdAt", d.id',
  );
const LIST = listStatement(false);
const LIST_AFTER = listStatement(true);

/** GET /dashboards: a page of the workspace's dashboards, oldest first (the default one, made with the workspace, leads). */
export async function readDashboards(scope: ReadScope, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<DashboardRow & { cursorAt: string }>(cursor ? LIST_AFTER : LIST, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, (r) => toDashboard(r, scope.role));
}

const ONE = readStatement('workspace', 'dashboards_one', `select ${SELECT} from dashboards b where caller.ok and b.id = :id and b.workspace_id = :wid`);

/** GET /dashboards/{id}: null when the dashboard is not in the workspace. */
export async function readDashboard(scope: ReadScope, id: string): Promise<Dashboard | null> {
  const [row] = await scope.read<DashboardRow>(ONE, { id });
  return row ? toDashboard(row, scope.role) : null;
}
