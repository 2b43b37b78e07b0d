// Operations (API.md "Operations"), served by the operations function: plants, materials with stock per plant,
// and production batches. Each is a declaration of the generic resource (contracts/resource.ts); materials add
// stock movements and batches their status machine, signatures and history (contracts/batches.ts).
import { z } from 'zod';
import { idSchema } from './common.js';
import { defineResource, resourceActivity, resourceEndpoints, resourceEvents } from './resource.js';

const OPS_ACCESS = { read: 'viewer', write: 'agent', remove: 'admin' } as const;

export const PLANT_STATUSES = ['active', 'maintenance', 'inactive'] as const;

export const plantResource = defineResource({
  name: 'plant',
  plural: 'plants',
  label: 'Plant',
  pluralLabel: 'Plants',
  code: { prefix: 'PLT', digits: 2 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    location: { kind: 'text', label: 'Location', sortable: true, search: true, list: true },
    capacityPerDay: { kind: 'int', label: 'Capacity per day', sortable: true, list: true },
    status: { kind: 'enum', label: 'Status', values: PLANT_STATUSES, default: 'active', sortable: true, filter: true, list: true },
  },
  defaultSort: 'code',
  access: OPS_ACCESS,
});

/** A material's stock at one plant. */
export const plantStockSchema = z.object({ plantId: idSchema, quantity: z.number().int() });

export const materialResource = defineResource({
  name: 'material',
  plural: 'materials',
  label: 'Material',
  pluralLabel: 'Materials',
  code: { prefix: 'MAT', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    unit: { kind: 'text', label: 'Unit', required: true, max: 20, list: true, help: 'kg, l, pcs …' },
    category: { kind: 'text', label: 'Category', sortable: true, filter: true, list: true },
    minStock: { kind: 'int', label: 'Minimum stock', sortable: true, list: true, help: 'Below this at a plant, members are notified' },
  },
  computed: {
    /** Stock per plant (plants without a movement are absent). */
    stock: z.array(plantStockSchema),
  },
  defaultSort: 'name',
  access: OPS_ACCESS,
});

export const BATCH_STATUSES = ['planned', 'in_progress', 'on_hold', 'quality_check', 'released', 'rejected', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const FINAL_BATCH_STATUSES = ['released', 'rejected', 'cancelled'] as const;

/** The batch status machine (API.md): from each status, where it may go. */
export const BATCH_TRANSITIONS: Record<BatchStatus, readonly BatchStatus[]> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['on_hold', 'quality_check'],
  on_hold: ['in_progress', 'cancelled'],
  quality_check: ['released', 'rejected'],
  released: [],
  rejected: [],
  cancelled: [],
};

export const batchInputSchema = z.strictObject({
  materialId: idSchema,
  quantity: z.number().int('Use a whole number').min(1, 'At least 1').max(1_000_000_000),
});

export const batchResource = defineResource({
  name: 'batch',
  plural: 'batches',
  label: 'Batch',
  pluralLabel: 'Batches',
  code: { prefix: 'B', digits: 4, byYear: true },
  title: 'product',
  fields: {
    plantId: { kind: 'ref', label: 'Plant', to: 'plants', required: true, filter: true, list: true },
    product: { kind: 'text', label: 'Product', required: true, sortable: true, search: true, list: true },
    plannedQuantity: { kind: 'int', label: 'Planned quantity', required: true, min: 1, sortable: true, list: true },
    producedQuantity: { kind: 'int', label: 'Produced quantity', readOnly: true, list: true },
    unit: { kind: 'text', label: 'Unit', required: true, max: 20 },
    inputs: { kind: 'json', label: 'Inputs', schema: z.array(batchInputSchema).max(50, 'At most 50 inputs') },
    status: { kind: 'enum', label: 'Status', values: BATCH_STATUSES, default: 'planned', readOnly: true, sortable: true, filter: true, list: true },
    plannedStart: { kind: 'date', label: 'Planned start', sortable: true, list: true },
    startedAt: { kind: 'timestamp', label: 'Started', readOnly: true, sortable: true },
    completedAt: { kind: 'timestamp', label: 'Completed', readOnly: true, sortable: true },
    createdBy: { kind: 'ref', label: 'Created by', to: 'users', onDelete: 'set null', readOnly: true },
  },
  ranges: { from: { field: 'plannedStart', op: '>=' }, to: { field: 'plannedStart', op: '<=' } },
  final: FINAL_BATCH_STATUSES,
  defaultSort: '-createdAt',
  access: OPS_ACCESS,
});

export const operationsResources = [plantResource, materialResource, batchResource] as const;

/** The operations domain's endpoints: each record type's seven. */
export const operationsEndpoints = {
  ...resourceEndpoints(plantResource),
  ...resourceEndpoints(materialResource),
  ...resourceEndpoints(batchResource),
};

export const operationsEvents = {
  ...resourceEvents(plantResource),
  ...resourceEvents(materialResource),
  ...resourceEvents(batchResource),
};

export const operationsActivity = {
  ...resourceActivity(plantResource),
  ...resourceActivity(materialResource),
  ...resourceActivity(batchResource),
};
