// /api/workspaces/{wid}/{plants|materials|batches}: viewers read and export, agents write and import, admins
// delete; all through the generic resource (api/_lib/resources/).
import { batchResource, materialResource, operationsEndpoints, plantResource } from '../../../contracts/operations.js';
import type { Implementation } from '../http/implement.js';
import { implementResource } from '../resources/routes.js';

/** A material's stock per plant, as `[{ plantId, quantity }]` in plant code order. */
const STOCK = `coalesce((select json_agg(json_build_object('plantId', s.plant_id, 'quantity', s.quantity) order by p.code)
  from material_stock s join plants p on p.id = s.plant_id where s.workspace_id = r.workspace_id and s.material_id = r.id), '[]'::json)`;

export const routes = {
  ...implementResource(operationsEndpoints, plantResource),
  ...implementResource(operationsEndpoints, materialResource, { computed: { stock: STOCK } }),
  ...implementResource(
    operationsEndpoints,
    batchResource,
    {},
    {
      onCreate: (ctx) => ({ createdBy: ctx.user.id }),
      inUse: 'A batch is kept with its history: cancel it instead',
    },
  ),
} as Implementation<typeof operationsEndpoints>;
