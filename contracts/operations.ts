// Operations (API.md "Operations"), served by the operations function: plants, materials with stock per plant,
// and production batches. Each is a declaration of the generic resource (contracts/resource.ts); materials add
// stock movements and batches their status machine, signatures and history (contracts/batches.ts).
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import { currentPasswordSchema } from './auth.js';
import { hasNoNul, idSchema, itemParamsSchema, listQuerySchema, listResponseSchema, NUL_MESSAGE, timestampSchema, trimmedText } from './common.js';
import { endpoint } from './endpoint.js';
import { defineResource, EXAMPLE_REF_ID, resourceActivity, resourceEndpoints, resourceEvents, resourceSchemas, type RecordOf } from './resource.js';

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

export const EQUIPMENT_STATUSES = ['active', 'maintenance', 'retired'] as const;

export const equipmentResource = defineResource({
  name: 'equipment',
  plural: 'equipment',
  label: 'Equipment',
  pluralLabel: 'Equipment',
  code: { prefix: 'EQP', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, sortable: true, search: true, list: true },
    plantId: { kind: 'ref', label: 'Plant', to: 'plants', required: true, filter: true, list: true },
    model: { kind: 'text', label: 'Model', search: true, list: true },
    serialNumber: { kind: 'text', label: 'Serial number', max: 100, search: true },
    status: { kind: 'enum', label: 'Status', values: EQUIPMENT_STATUSES, default: 'active', sortable: true, filter: true, list: true },
    lastMaintenance: { kind: 'date', label: 'Last maintenance', sortable: true },
    nextMaintenance: { kind: 'date', label: 'Next maintenance', sortable: true, list: true },
    notes: { kind: 'longText', label: 'Notes' },
  },
  ranges: { maintenanceBefore: { field: 'nextMaintenance', op: '<=' } },
  defaultSort: 'nextMaintenance',
  access: OPS_ACCESS,
});

export const operationsResources = [plantResource, materialResource, batchResource, equipmentResource] as const;

export type Plant = RecordOf<typeof plantResource>;
export type Material = RecordOf<typeof materialResource>;
export type Batch = RecordOf<typeof batchResource>;
const batchRecordSchema = resourceSchemas(batchResource).record;

// --- stock movements -----------------------------------------------------------------------------------

/** The most one movement may move, either way. */
export const MOVEMENT_MAX = 1_000_000_000;

export const movementBodySchema = z.strictObject({
  plantId: idSchema,
  /** Signed: positive receives stock at the plant, negative takes it (never below zero: 409 out_of_stock). */
  quantity: z
    .number()
    .int('Use a whole number')
    .min(-MOVEMENT_MAX, `At least -${MOVEMENT_MAX}`)
    .max(MOVEMENT_MAX, `At most ${MOVEMENT_MAX}`)
    .refine((q) => q !== 0, 'Enter a quantity other than 0'),
  reason: trimmedText(200, 'Enter a reason'),
  /** The batch the movement belongs to (a batch of this workspace). */
  batchId: idSchema.nullish(),
});
export type MovementBody = z.input<typeof movementBodySchema>;

export const movementSchema = z.object({
  id: idSchema,
  materialId: idSchema,
  plantId: idSchema,
  quantity: z.number().int(),
  reason: z.string(),
  batchId: idSchema.nullable(),
  /** Who moved it (null for a member whose account is gone). */
  createdBy: z.object({ id: idSchema, name: z.string() }).nullable(),
  createdAt: timestampSchema,
});
export type Movement = z.infer<typeof movementSchema>;

export const movementListQuerySchema = listQuerySchema.extend({ plantId: idSchema.optional() });
export type MovementListQuery = z.input<typeof movementListQuerySchema>;

// --- the batch machine, signatures and history ------------------------------------------------------------

/** What a signature means, as the signer writes it ("Approved for release"). */
export const signatureMeaningSchema = z
  .string()
  .trim()
  .min(1, 'Say what the signature means')
  .max(200, 'Use at most 200 characters')
  .refine(hasNoNul, NUL_MESSAGE);

export const transitionBodySchema = z.strictObject({
  to: z.enum(BATCH_STATUSES),
  reason: z.string().trim().max(500, 'Use at most 500 characters').refine(hasNoNul, NUL_MESSAGE).optional(),
  /** Required on release, optional on reject, refused otherwise. */
  producedQuantity: z.number().int('Use a whole number').min(0, 'At least 0').max(1_000_000_000, 'At most 1000000000').optional(),
  /** The electronic signature release and reject need: the signer's own password and what the signature means. */
  signature: z.strictObject({ password: currentPasswordSchema, meaning: signatureMeaningSchema }).optional(),
});
export type TransitionBody = z.input<typeof transitionBodySchema>;

/** Transitions that need an electronic signature, by someone other than the member who started the batch. */
export const SIGNED_TRANSITIONS: readonly BatchStatus[] = ['released', 'rejected'];

/** Wrong signature passwords counted per client address (bucket `signature:address`) before answers turn 429. */
export const SIGNATURE_FAILURE_LIMIT = { limit: 5, windowSeconds: 15 * 60 } as const;

export const BATCH_HISTORY_KINDS = ['created', 'updated', 'transition', 'signature_refused'] as const;
export type BatchHistoryKind = (typeof BATCH_HISTORY_KINDS)[number];

export const batchSignatureSchema = z.object({ signerId: idSchema, signerName: z.string(), meaning: z.string(), signedAt: timestampSchema });
export type BatchSignature = z.infer<typeof batchSignatureSchema>;

/** Why a signature was refused. */
export const SIGNATURE_REFUSALS = ['missing', 'wrong_password', 'starter', 'rate_limited'] as const;

export const batchHistoryEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(BATCH_HISTORY_KINDS),
  /** The status before and after a transition (for a refused signature: the status and the target refused). */
  from: z.enum(BATCH_STATUSES).nullable(),
  to: z.enum(BATCH_STATUSES).nullable(),
  /** A transition's reason, or why a signature was refused. */
  reason: z.string().nullable(),
  /** Who acted (a refused signature's would-be signer), with the name as it was then. */
  actor: z.object({ id: idSchema.nullable(), name: z.string() }),
  /** The signature of a release or rejection. */
  signature: batchSignatureSchema.nullable(),
  /** The fields an update changed. */
  fields: z.array(z.string()).nullable(),
  /** A refused signature's cause. */
  refusal: z.enum(SIGNATURE_REFUSALS).nullable(),
  createdAt: timestampSchema,
});
export type BatchHistoryEntry = z.infer<typeof batchHistoryEntrySchema>;
export const batchHistorySchema = z.object({ data: z.array(batchHistoryEntrySchema) });

// --- plant metrics ------------------------------------------------------------------------------------------

/** An IANA time zone name (the browser's). */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone');

/** The longest range plant metrics cover, in days. */
export const METRICS_MAX_DAYS = 366;
const metricsDate = z.iso.date('Use a date written YYYY-MM-DD');

export const plantMetricsQuerySchema = z.object({
  /** First day, inclusive (default: 29 days before `to`). */
  from: metricsDate.optional(),
  /** Last day, inclusive (default: today in `tz`). */
  to: metricsDate.optional(),
  tz: timeZoneSchema.default('UTC'),
});
export type PlantMetricsQuery = z.input<typeof plantMetricsQuerySchema>;

export const plantMetricsDaySchema = z.object({
  date: z.string(),
  /** Batches released that day (by their completion time in `tz`). */
  released: z.number().int(),
  rejected: z.number().int(),
  /** The produced quantity of the batches released that day. */
  quantityProduced: z.number().int(),
  /** rejected / (released + rejected); null on a day with neither. */
  rejectionRate: z.number().min(0).max(1).nullable(),
  /** Mean hours from start to release or rejection of the batches completed that day; null when none. */
  meanCycleHours: z.number().nullable(),
});
export type PlantMetricsDay = z.infer<typeof plantMetricsDaySchema>;
export const plantMetricsSchema = z.object({ days: z.array(plantMetricsDaySchema) });
export type PlantMetrics = z.infer<typeof plantMetricsSchema>;

/** The operations domain's endpoints: each record type's seven, plus movements, transitions, history and metrics. */
export const operationsEndpoints = {
  ...resourceEndpoints(plantResource),
  ...resourceEndpoints(materialResource),
  ...resourceEndpoints(batchResource),
  ...resourceEndpoints(equipmentResource),
  listMaterialMovements: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/materials/:id/movements',
    access: 'viewer',
    summary: "A material's stock movements, newest first; `plantId` narrows to one plant",
    params: itemParamsSchema,
    query: movementListQuerySchema,
    response: listResponseSchema(movementSchema),
  }),
  createMaterialMovement: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/materials/:id/movements',
    access: 'agent',
    summary:
      "Move a material's stock at a plant (signed quantity); stock never goes below zero (409 out_of_stock with what is available); falling below the minimum notifies members (material.low_stock)",
    params: itemParamsSchema,
    body: movementBodySchema,
    example: { plantId: EXAMPLE_REF_ID, quantity: 10, reason: 'Delivery' },
    exampleRefs: { plantId: '/api/workspaces/:wid/plants' },
    response: movementSchema,
    status: 201,
    idempotent: true,
  }),
  transitionBatch: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/batches/:id/transition',
    access: 'agent',
    summary:
      "Move a batch along its status machine (409 invalid_transition naming the allowed targets); starting consumes its inputs from the plant's stock (409 out_of_stock naming the short materials); release and reject need an electronic signature (password and meaning) by a member other than the one who started it (422 without one, 403 refused, each refusal kept in the history)",
    params: itemParamsSchema,
    body: transitionBodySchema,
    example: { to: 'cancelled', reason: 'No longer needed' },
    response: batchRecordSchema,
  }),
  getBatchHistory: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/batches/:id/history',
    access: 'viewer',
    summary: 'Every change of a batch and every refused signature, oldest first (append-only: nothing edits or deletes it)',
    params: itemParamsSchema,
    response: batchHistorySchema,
  }),
  getPlantMetrics: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/plants/:id/metrics',
    access: 'viewer',
    summary: `Per day of \`from\`..\`to\` (inclusive, at most ${METRICS_MAX_DAYS} days, days in \`tz\`): batches released and rejected, quantity produced, rejection rate, mean cycle time`,
    params: itemParamsSchema,
    query: plantMetricsQuerySchema,
    response: plantMetricsSchema,
  }),
};

const materialSummarySchema = z.object({ id: idSchema, code: z.string(), name: z.string(), unit: z.string() });

export const operationsEvents = {
  ...resourceEvents(plantResource),
  ...resourceEvents(materialResource),
  ...resourceEvents(batchResource),
  ...resourceEvents(equipmentResource),
  /** A movement (or a started batch) took a material's stock at a plant from at or above its minimum to below it. */
  'material.low_stock': z.object({
    material: materialSummarySchema,
    plantId: idSchema,
    plantName: z.string(),
    quantity: z.number().int(),
    minStock: z.number().int(),
  }),
  /** A started batch took its inputs: one material's stock at one plant now. */
  'material.stock_changed': z.object({ id: idSchema, plantId: idSchema, quantity: z.number().int() }),
  /** A signature was refused: the batch did not change, its history gained the refusal. */
  'batch.signature_refused': z.object({ id: idSchema }),
};

export const operationsActivity = {
  ...resourceActivity(plantResource),
  ...resourceActivity(materialResource),
  ...resourceActivity(batchResource),
  ...resourceActivity(equipmentResource),
  'material.low_stock': action(
    'material',
    z.object({ code: z.string(), name: z.string(), plantName: z.string(), quantity: z.number(), minStock: z.number() }),
    (m, w) =>
      `${w.actor} took ${quoted(m.name ?? '')}${m.code ? ` (${m.code})` : ''} below its minimum at ${m.plantName ?? 'a plant'}: ${m.quantity ?? '?'} left, minimum ${m.minStock ?? '?'}`,
  ),
  'batch.status_changed': action(
    'batch',
    z.object({ code: z.string(), name: z.string(), from: z.string(), to: z.string(), reason: z.string().optional() }),
    (m, w) =>
      `${w.actor} moved the batch ${m.code ?? ''} from ${(m.from ?? '?').replace(/_/g, ' ')} to ${(m.to ?? '?').replace(/_/g, ' ')}${m.reason ? `: ${m.reason}` : ''}`,
  ),
};
