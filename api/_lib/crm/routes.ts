// /api/workspaces/{wid}/{employees|suppliers|professionals|projects|tasks}: viewers read and export, agents
// write and import, admins delete; all through the generic resource (api/_lib/resources/). Tasks keep their
// places on the board (tasks.ts): creates and status changes go to the end of their column, and
// POST /tasks/{id}/move puts a task between two others.
import { crmEndpoints, employeeResource, professionalResource, projectResource, supplierResource, taskResource } from '../../../contracts/crm.js';
import { implement, type Implementation } from '../http/implement.js';
import { implementResource } from '../resources/routes.js';
import { moveTask, taskHooks } from './tasks.js';

/** A project's progress: the share of its tasks that are completed, 0 without tasks. */
const PROGRESS = `coalesce((select (100 * count(*) filter (where t.status = 'completed') / nullif(count(*), 0))::int
  from tasks t where t.workspace_id = r.workspace_id and t.project_id = r.id), 0)`;

export const routes = {
  ...implementResource(crmEndpoints, employeeResource),
  ...implementResource(crmEndpoints, supplierResource),
  ...implementResource(crmEndpoints, professionalResource),
  ...implementResource(crmEndpoints, projectResource, { computed: { progress: PROGRESS } }),
  ...implementResource(crmEndpoints, taskResource, {}, taskHooks),
  ...implement({ moveTask: crmEndpoints.moveTask }, { moveTask: (ctx, { params, body }) => moveTask(ctx, params.id, body) }),
} as Implementation<typeof crmEndpoints>;
