// The tables of the generic workspace resources (contracts/resource.ts), made from their declarations: the
// standard columns (id, workspace_id, code, created_at, updated_at), one column per field (snake_case), a unique
// code per workspace, an index per sortable field (workspace first, id as the tie-break the keyset uses), a
// trigram index per searched text field, and references as composite foreign keys on (workspace_id, id), so a
// record can only ever point at a record of its own workspace. `drizzle-kit generate` writes the migration.
//
// A nullable reference with onDelete 'set null' must clear only its own column: drizzle-kit writes
// `ON DELETE set null`, and the migration is edited to `ON DELETE SET NULL ("column")` (Postgres 15+), as
// 0008_crm_operations.sql shows.
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  date,
  type PgColumnBuilderBase,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { crmResources } from '../../contracts/crm.js';
import { operationsResources } from '../../contracts/operations.js';
import { serviceResource } from '../../contracts/services.js';
import { fieldsOf, snake, type ResourceDef } from '../../contracts/resource.js';
import { users, workspaces } from './identity.js';
import { customers } from './inbox.js';

function columnFor(key: string, field: ReturnType<typeof fieldsOf>[number]): PgColumnBuilderBase {
  const name = snake(key);
  const required = field.required || ('default' in field && field.default !== undefined);
  let column;
  switch (field.kind) {
    case 'int':
    case 'money':
      column = integer(name);
      break;
    case 'date':
      column = date(name, { mode: 'string' });
      break;
    case 'timestamp':
      column = timestamp(name, { withTimezone: true });
      break;
    case 'ref':
      column = uuid(name);
      break;
    case 'json':
      column = jsonb(name);
      break;
    default:
      column = text(name);
  }
  if ('default' in field && field.default !== undefined) column = column.default(field.default as never);
  return required ? column.notNull() : column;
}

type Tables = Record<string, { id: AnyPgColumn; workspaceId: AnyPgColumn }>;

/**
 * The expression a sortable field sorts by, and its type: never null (a keyset compares row values, and null
 * compares as unknown), text case-insensitive. The list index is on this same expression, so sorted pages are
 * index scans.
 */
export function sortExpression(kind: string, column: string): { expr: string; type: 'text' | 'integer' | 'date' | 'timestamptz' } {
  switch (kind) {
    case 'int':
    case 'money':
      return { expr: `coalesce(${column}, -1)`, type: 'integer' };
    case 'date':
      return { expr: `coalesce(${column}, '0001-01-01'::date)`, type: 'date' };
    case 'timestamp':
      return { expr: `coalesce(${column}, '1970-01-01T00:00:00Z'::timestamptz)`, type: 'timestamptz' };
    case 'enum':
      return { expr: column, type: 'text' };
    default:
      return { expr: `coalesce(lower(${column}), '')`, type: 'text' };
  }
}

function resourceTable(def: ResourceDef, targets: () => Tables) {
  const table = snake(def.plural);
  const fields = fieldsOf(def);
  return pgTable(
    table,
    {
      id: uuid('id').primaryKey().defaultRandom(),
      workspaceId: uuid('workspace_id')
        .notNull()
        .references(() => workspaces.id, { onDelete: 'cascade' }),
      // Assigned by the assign_record_code trigger (0008_crm_operations.sql) on every insert.
      code: text('code')
        .notNull()
        .$defaultFn(() => sql`null`),
      ...Object.fromEntries(fields.map((f) => [f.key, columnFor(f.key, f)])),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => {
      const col = (key: string) => (t as unknown as Record<string, AnyPgColumn>)[key]!;
      return [
        uniqueIndex(`${table}_workspace_code_key`).on(t.workspaceId, t.code),
        index(`${table}_workspace_code_sort_idx`).on(t.workspaceId, sql.raw(sortExpression('text', `"code"`).expr), t.id),
        // The target of other records' composite references.
        uniqueIndex(`${table}_workspace_id_key`).on(t.workspaceId, t.id),
        index(`${table}_workspace_created_idx`).on(t.workspaceId, t.createdAt, t.id),
        index(`${table}_workspace_updated_idx`).on(t.workspaceId, t.updatedAt, t.id),
        ...fields
          .filter((f) => f.sortable)
          .map((f) => index(`${table}_workspace_${snake(f.key)}_idx`).on(t.workspaceId, sql.raw(sortExpression(f.kind, `"${snake(f.key)}"`).expr), t.id)),
        ...fields.filter((f) => f.filter && !f.sortable).map((f) => index(`${table}_workspace_${snake(f.key)}_idx`).on(t.workspaceId, col(f.key))),
        // `q` searches the code too.
        index(`${table}_code_trgm_idx`).using('gin', sql`${t.code} gin_trgm_ops`),
        ...fields
          .filter((f) => f.search && f.kind !== 'date')
          .map((f) => index(`${table}_${snake(f.key)}_trgm_idx`).using('gin', sql`${col(f.key)} gin_trgm_ops`)),
        ...fields.flatMap((f) =>
          f.kind === 'enum' ? [check(`${table}_${snake(f.key)}_check`, sql`${col(f.key)} in (${sql.raw(f.values.map((v) => `'${v}'`).join(', '))})`)] : [],
        ),
        ...fields.flatMap((f) => {
          if (f.kind !== 'ref') return [];
          const onDelete = f.onDelete ?? 'no action';
          if (f.to === 'users')
            return [
              foreignKey({ name: `${table}_${snake(f.key)}_fk`, columns: [col(f.key)], foreignColumns: [users.id] }).onDelete(
                onDelete === 'cascade' ? 'cascade' : 'set null',
              ),
            ];
          const target = targets()[f.to]!;
          return [
            foreignKey({ name: `${table}_${snake(f.key)}_fk`, columns: [t.workspaceId, col(f.key)], foreignColumns: [target.workspaceId, target.id] }).onDelete(
              onDelete,
            ),
          ];
        }),
      ];
    },
  );
}

const [employeeDef, supplierDef, professionalDef, projectDef, taskDef] = crmResources;
const [plantDef, materialDef, batchDef, equipmentDef] = operationsResources;

const targets = (): Tables => ({ customers, employees, projects, plants, materials });

export const employees = resourceTable(employeeDef, targets);
export const suppliers = resourceTable(supplierDef, targets);
export const professionals = resourceTable(professionalDef, targets);
export const projects = resourceTable(projectDef, targets);
export const tasks = resourceTable(taskDef, targets);
export const plants = resourceTable(plantDef, targets);
export const materials = resourceTable(materialDef, targets);
export const batches = resourceTable(batchDef, targets);
export const equipment = resourceTable(equipmentDef, targets);
export const services = resourceTable(serviceResource, targets);

/** The table of each resource, by its plural name (the generic service's lookup). */
export const resourceTables = { employees, suppliers, professionals, projects, tasks, plants, materials, batches, equipment, services };
