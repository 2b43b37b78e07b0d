// The SQL of a declared resource (contracts/resource.ts): its select list, sortable fields, filter conditions,
// and the conversion of its rows to records. Everything is built once per resource from the declaration.
import { fieldsOf, snake, sortFields, type FieldDef, type ResourceDef } from '../../../contracts/resource.js';
import { sortExpression } from '../../../db/schema/resources.js';
import type { SortKey } from '../http/pagination.js';

/** What the server adds to a declaration: SQL for its computed values, and hooks inside its writes. */
export interface ResourceSql {
  /** SQL of each computed value over the record's row `r` (e.g. a project's progress from its tasks). */
  computed?: Record<string, string>;
}

export type Field = ReturnType<typeof fieldsOf>[number];

/** The Postgres type a field's value is cast to when it is a parameter. */
export function pgType(field: Pick<FieldDef, 'kind'>): string {
  switch (field.kind) {
    case 'int':
    case 'money':
      return 'integer';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamptz';
    case 'ref':
      return 'uuid';
    case 'json':
      return 'jsonb';
    default:
      return 'text';
  }
}

const PASCAL = (key: string) => key[0]!.toUpperCase() + key.slice(1);

export interface ResourceQueries {
  def: ResourceDef;
  table: string;
  fields: Field[];
  /** `r.id, r.code, …, r.updated_at as "updatedAt"` over a row aliased `r`. */
  select: string;
  sortable: Record<string, { expr: string; type: SortKey['type'] }>;
  /** Conditions of a filtered list (beyond the workspace), with their parameters. */
  conditions(filters: Record<string, unknown>): { where: string[]; values: Record<string, unknown>; key: string };
  toRecord(row: Record<string, unknown>): Record<string, unknown>;
}

export function resourceQueries(def: ResourceDef, extra: ResourceSql = {}): ResourceQueries {
  const table = snake(def.plural);
  const fields = fieldsOf(def);
  const computed = Object.entries(extra.computed ?? {});
  const select = [
    'r.id',
    'r.code',
    ...fields.map((f) => `r.${snake(f.key)}${f.kind === 'date' ? '::text' : ''} as "${f.key}"`),
    ...computed.map(([key, expr]) => `(${expr}) as "${key}"`),
    'r.created_at as "createdAt"',
    'r.updated_at as "updatedAt"',
  ].join(', ');
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const sortable: ResourceQueries['sortable'] = {};
  for (const key of sortFields(def)) {
    if (key === 'createdAt' || key === 'updatedAt') sortable[key] = { expr: snake(key), type: 'timestamptz' };
    else if (key === 'code') sortable[key] = sortExpression('text', 'code');
    else sortable[key] = sortExpression(byKey.get(key)!.kind, snake(key));
  }
  const searched = fields.filter((f) => f.search);
  const filtered = fields.filter((f) => f.filter);
  const ranges = Object.entries(def.ranges ?? {});
  const timestamps = ['createdAt', 'updatedAt', ...fields.filter((f) => f.kind === 'timestamp').map((f) => f.key)];

  return {
    def,
    table,
    fields,
    select,
    sortable,
    conditions(filters) {
      const where: string[] = [];
      const values: Record<string, unknown> = {};
      const key: string[] = [];
      if (typeof filters.q === 'string' && filters.q !== '') {
        where.push(`(${['code', ...searched.map((f) => snake(f.key))].map((column) => `r.${column} ilike :pattern`).join(' or ')})`);
        values.pattern = `%${filters.q.replace(/[\\%_]/g, '\\$&')}%`;
        key.push('q');
      }
      for (const f of filtered) {
        if (filters[f.key] === undefined) continue;
        if (f.kind === 'ref' && filters[f.key] === 'none') {
          where.push(`r.${snake(f.key)} is null`);
          key.push(`${f.key}:none`);
          continue;
        }
        const param = `f${PASCAL(f.key)}`;
        where.push(`r.${snake(f.key)} = :${param}::${pgType(f)}`);
        values[param] = filters[f.key];
        key.push(f.key);
      }
      for (const [name, range] of ranges) {
        if (filters[name] === undefined) continue;
        const param = `r${PASCAL(name)}`;
        where.push(`r.${snake(range.field)} ${range.op} :${param}::date`);
        values[param] = filters[name];
        key.push(name);
      }
      return { where, values, key: key.join(',') };
    },
    toRecord(row) {
      const out: Record<string, unknown> = { id: row.id, code: row.code };
      for (const f of fields) out[f.key] = row[f.key] ?? null;
      for (const [key] of computed) out[key] = row[key];
      for (const key of timestamps) {
        const value = row[key];
        out[key] = value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : new Date(String(value)).toISOString();
      }
      return out;
    },
  };
}
