// /api/workspaces/{wid}/dashboards (served by the analytics function): viewers read, agents and above build
// dashboards, admins and owners share them.
import { dashboardEndpoints } from '../../../contracts/dashboards.js';
import { notFound } from '../http/errors.js';
import { implement } from '../http/implement.js';
import { readDashboard, readDashboards } from './queries.js';
import { createDashboard, deleteDashboard, shareDashboard, unshareDashboard, updateDashboard } from './service.js';

export const routes = implement(dashboardEndpoints, {
  listDashboards: (ctx, { query }) => readDashboards(ctx.scope, query),
  createDashboard: (ctx, { body }) => createDashboard(ctx, body),
  async getDashboard(ctx, { params }) {
    const dashboard = await readDashboard(ctx.scope, params.id);
    if (!dashboard) throw notFound('Dashboard');
    return dashboard;
  },
  updateDashboard: (ctx, { params, body }) => updateDashboard(ctx, params.id, body),
  async deleteDashboard(ctx, { params }) {
    await deleteDashboard(ctx, params.id);
    return undefined;
  },
  shareDashboard: (ctx, { params }) => shareDashboard(ctx, params.id),
  async unshareDashboard(ctx, { params }) {
    await unshareDashboard(ctx, params.id);
    return undefined;
  },
});
