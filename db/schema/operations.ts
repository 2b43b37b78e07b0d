// Operations beyond the generic records: stock per material and plant (never below zero: a CHECK), the signed
// movements that change it (one per Idempotency-Key through the kernel's idempotency store), and each batch's
// history, append-only in the database itself (a trigger in 0008_crm_operations.sql refuses UPDATE and DELETE).
import { sql } from 'drizzle-orm';
import { bigserial, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users, workspaces } from './identity.js';
import { batches, materials, plants } from './resources.js';

export const materialStock = pgTable(
  'material_stock',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    materialId: uuid('material_id').notNull(),
    plantId: uuid('plant_id').notNull(),
    quantity: integer('quantity').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.materialId, t.plantId] }),
    index('material_stock_workspace_plant_idx').on(t.workspaceId, t.plantId),
    check('material_stock_not_negative', sql`${t.quantity} >= 0`),
    foreignKey({ name: 'material_stock_material_fk', columns: [t.workspaceId, t.materialId], foreignColumns: [materials.workspaceId, materials.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ name: 'material_stock_plant_fk', columns: [t.workspaceId, t.plantId], foreignColumns: [plants.workspaceId, plants.id] }).onDelete('no action'),
  ],
);

export const materialMovements = pgTable(
  'material_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    materialId: uuid('material_id').notNull(),
    plantId: uuid('plant_id').notNull(),
    /** Signed: positive receives stock, negative takes it. */
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull(),
    batchId: uuid('batch_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('material_movements_material_idx').on(t.workspaceId, t.materialId, t.createdAt, t.id),
    index('material_movements_batch_idx').on(t.batchId),
    check('material_movements_not_zero', sql`${t.quantity} <> 0`),
    foreignKey({
      name: 'material_movements_material_fk',
      columns: [t.workspaceId, t.materialId],
      foreignColumns: [materials.workspaceId, materials.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'material_movements_plant_fk', columns: [t.workspaceId, t.plantId], foreignColumns: [plants.workspaceId, plants.id] }).onDelete(
      'no action',
    ),
  ],
);

// Every change of a batch and every refused signature, with the actor's name as it was, written in the
// change's transaction. Rows are never updated or deleted (trigger batch_history_append_only), except with
// their whole workspace; a batch with history cannot be deleted (the reference refuses it), so neither can its
// history.
export const batchHistory = pgTable(
  'batch_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    batchId: uuid('batch_id').notNull(),
    /** created, transition, updated, signature_refused */
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    /** { signerId, signerName, meaning, signedAt } for a signed release or rejection. */
    signature: jsonb('signature'),
    details: jsonb('details'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('batch_history_batch_idx').on(t.batchId, t.id),
    foreignKey({ name: 'batch_history_batch_fk', columns: [t.workspaceId, t.batchId], foreignColumns: [batches.workspaceId, batches.id] }).onDelete(
      'no action',
    ),
  ],
);
