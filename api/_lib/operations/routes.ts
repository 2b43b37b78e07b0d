// /api/workspaces/{wid}/{plants|materials|batches}: viewers read and export, agents write and import, admins
// delete; all through the generic resource (api/_lib/resources/). Beyond the records: material movements
// (stock.ts), the batch machine with signatures and history (batches.ts), and plant metrics (queries.ts).
import { batchResource, equipmentResource, materialResource, operationsEndpoints, plantResource } from '../../../contracts/operations.js';
import { implement, type Implementation } from '../http/implement.js';
import { implementResource } from '../resources/routes.js';
import { batchHooks, transitionBatch } from './batches.js';
import { readBatchHistory, readMovements, readPlantMetrics } from './queries.js';
import { createMovement, STOCK_SQL } from './stock.js';

const { listMaterialMovements, createMaterialMovement, transitionBatch: transitionEndpoint, getBatchHistory, getPlantMetrics } = operationsEndpoints;

export const routes = {
  ...implementResource(operationsEndpoints, plantResource),
  ...implementResource(operationsEndpoints, materialResource, { computed: { stock: STOCK_SQL } }),
  ...implementResource(operationsEndpoints, batchResource, {}, batchHooks),
  ...implementResource(operationsEndpoints, equipmentResource),
  ...implement(
    { listMaterialMovements, createMaterialMovement, transitionBatch: transitionEndpoint, getBatchHistory, getPlantMetrics },
    {
      listMaterialMovements: (ctx, { params, query }) => readMovements(ctx.scope, params.id, query),
      createMaterialMovement: (ctx, { params, body }) => createMovement(ctx, params.id, body),
      transitionBatch: (ctx, { params, body }) => transitionBatch(ctx, params.id, body),
      getBatchHistory: (ctx, { params }) => readBatchHistory(ctx.scope, params.id),
      getPlantMetrics: (ctx, { params, query }) => readPlantMetrics(ctx.scope, params.id, query),
    },
  ),
} as Implementation<typeof operationsEndpoints>;
