// /api/workspaces/{wid}/{employees|suppliers|professionals|projects|tasks}: viewers read and export, agents
// write and import, admins delete; all through the generic resource (api/_lib/resources/).
import { crmEndpoints, employeeResource, professionalResource, projectResource, supplierResource, taskResource } from '../../../contracts/crm.js';
import type { Implementation } from '../http/implement.js';
import { implementResource } from '../resources/routes.js';

/** A project's progress: the share of its tasks that are completed, 0 without tasks. */
const PROGRESS = `coalesce((select (100 * count(*) filter (where t.status = 'completed') / nullif(count(*), 0))::int
  from tasks t where t.workspace_id = r.workspace_id and t.project_id = r.id), 0)`;

export const routes = {
  ...implementResource(crmEndpoints, employeeResource),
  ...implementResource(crmEndpoints, supplierResource),
  ...implementResource(crmEndpoints, professionalResource),
  ...implementResource(crmEndpoints, projectResource, { computed: { progress: PROGRESS } }),
  ...implementResource(crmEndpoints, taskResource),
} as Implementation<typeof crmEndpoints>;
