// A workspace resource is a declaration: its fields (kind, label, which are required, sortable, searchable,
// filterable, shown in the list), its code prefix, its default sort and who may read, write and delete. From it
// come the record, body and query schemas, the CSV columns, the seven endpoints (list, create, export, import,
// get, update, delete), the events and the activity actions; db/schema/resources.ts makes its table from it,
// api/_lib/resources/ serves it and src/lib/resource/ draws its list and detail pages. README "The generic
// resource" shows how to add one.
import { z } from 'zod';
import { action, quoted, type ActionDef } from './activity-action.js';
import {
  amountSchema,
  currencySchema,
  emailSchema,
  hasNoNul,
  idSchema,
  importQuerySchema,
  importResultSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  NUL_MESSAGE,
  sortSchema,
  timestampSchema,
  trimmedText,
  workspaceParamsSchema,
} from './common.js';
import { endpoint } from './endpoint.js';
import type { Role } from './roles.js';

/** What another record a `ref` field points at (a table with `workspace_id` and `id`). */
export type RefTarget = 'customers' | 'employees' | 'projects' | 'plants' | 'materials' | 'users';

interface FieldOptions {
  label: string;
  /** Must be given on create and can never be cleared. */
  required?: boolean;
  /** `?sort=` accepts it (and the list page's header sorts by it). */
  sortable?: boolean;
  /** `?q=` searches it (case-insensitive substring; a trigram index serves it). */
  search?: boolean;
  /** `?{field}=` filters on it (exact value; an optional reference also takes `none`: the records pointing at nothing). */
  filter?: boolean;
  /** Shown as a column of the list page. */
  list?: boolean;
  /** Set by the server only: not in bodies or CSV import. */
  readOnly?: boolean;
  /** One line of help under the field in forms. */
  help?: string;
}

export type FieldDef = FieldOptions &
  (
    | { kind: 'text'; max?: number }
    | { kind: 'longText' }
    | { kind: 'email' }
    | { kind: 'phone' }
    | { kind: 'date' }
    | { kind: 'int'; min?: number; max?: number }
    | { kind: 'money' }
    | { kind: 'currency'; default: string }
    | { kind: 'enum'; values: readonly [string, ...string[]]; default?: string }
    | { kind: 'ref'; to: RefTarget; onDelete?: 'no action' | 'cascade' | 'set null' }
    | { kind: 'timestamp' }
    | { kind: 'json'; schema: z.ZodType }
  );

export interface ResourceDef {
  /** Singular, camelCase: `employee` (events `employee.created`, activity `employee.updated`). */
  name: string;
  /** Plural, camelCase: `employees`. The URL segment and table are its kebab and snake forms. */
  plural: string;
  label: string;
  pluralLabel: string;
  /** Human codes: `EMP-0001`; with `byYear`, `B-2026-0001`. */
  code: { prefix: string; digits: number; byYear?: boolean };
  /** The field that names a record (in titles, activity and pickers). */
  title: string;
  fields: Record<string, FieldDef>;
  /** Read-only values the server computes per record (e.g. a project's progress). */
  computed?: Record<string, z.ZodType>;
  /** Extra query filters comparing a date field: `{ dueBefore: { field: 'dueDate', op: '<=' } }`. */
  ranges?: Record<string, { field: string; op: '<=' | '>=' }>;
  defaultSort: string;
  access: { read: Role; write: Role; remove: Role };
  /** Values of `status` after which the record is immutable (PATCH and DELETE → 409). */
  final?: readonly string[];
}

/** The id a contract example puts where a real record must be named (`exampleRefs` say which collection). */
export const EXAMPLE_REF_ID = '00000000-0000-4000-8000-000000000000';

/** Declares a resource, keeping its literal types. */
export const defineResource = <const D extends ResourceDef>(def: D): D => def;

// --- types derived from a declaration -------------------------------------------------------------------

type KindValue<F> = F extends { kind: 'int' | 'money' }
  ? number
  : F extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : F extends { kind: 'json'; schema: infer S extends z.ZodType }
      ? z.output<S>
      : string;
type HasValue<F> = F extends { required: true } ? true : F extends { default: string } ? true : false;
type FieldValue<F> = HasValue<F> extends true ? KindValue<F> : KindValue<F> | null;
type Writable<D extends ResourceDef> = { [K in keyof D['fields']]: D['fields'][K] extends { readOnly: true } ? never : K }[keyof D['fields']];
type RequiredKeys<D extends ResourceDef> = { [K in Writable<D>]: D['fields'][K] extends { required: true } ? K : never }[Writable<D>];
type OptionalKeys<D extends ResourceDef> = Exclude<Writable<D>, RequiredKeys<D>>;
type Computed<D extends ResourceDef> = D['computed'] extends Record<string, z.ZodType> ? { [K in keyof D['computed']]: z.output<D['computed'][K]> } : unknown;

export type RecordOf<D extends ResourceDef> = { id: string; code: string; createdAt: string; updatedAt: string } & {
  [K in keyof D['fields']]: FieldValue<D['fields'][K]>;
} & Computed<D>;
export type CreateOf<D extends ResourceDef> = { [K in RequiredKeys<D>]: KindValue<D['fields'][K]> } & {
  [K in OptionalKeys<D>]?: KindValue<D['fields'][K]> | null;
};
export type UpdateOf<D extends ResourceDef> = { [K in RequiredKeys<D>]?: KindValue<D['fields'][K]> } & {
  [K in OptionalKeys<D>]?: KindValue<D['fields'][K]> | null;
};
type Pascal<S extends string> = Capitalize<S>;

// --- names ------------------------------------------------------------------------------------------------

export const kebab = (camel: string) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const pascal = (camel: string) => camel[0]!.toUpperCase() + camel.slice(1);

/** The record's code for counter value `n`: `EMP-0001`, or `B-2026-0001` for a yearly code. */
export function formatCode(def: Pick<ResourceDef, 'code'>, n: number, year: number): string {
  const digits = String(n).padStart(def.code.digits, '0');
  return def.code.byYear ? `${def.code.prefix}-${year}-${digits}` : `${def.code.prefix}-${digits}`;
}

/** Fields in declaration order, with their keys. */
export const fieldsOf = (def: ResourceDef) => Object.entries(def.fields).map(([key, field]) => ({ key, ...field }));
/** Fields a body (and a CSV import) may set. */
export const writableFields = (def: ResourceDef) => fieldsOf(def).filter((f) => !f.readOnly);
/** The CSV columns of export and import: code first (imports upsert by it), then the writable fields. */
export const csvColumns = (def: ResourceDef) => ['code', ...writableFields(def).map((f) => f.key)];
/** Sortable fields: the declared ones, plus code and the timestamps. */
export const sortFields = (def: ResourceDef) => [
  'code',
  ...fieldsOf(def)
    .filter((f) => f.sortable)
    .map((f) => f.key),
  'createdAt',
  'updatedAt',
];

// --- schemas ----------------------------------------------------------------------------------------------

const dateSchema = z.iso.date('Use a date written YYYY-MM-DD');

/** The schema a field's value is checked with on input. */
export function inputSchema(field: FieldDef): z.ZodType {
  switch (field.kind) {
    case 'text':
      return trimmedText(field.max ?? 200, `Enter ${field.label.toLowerCase()}`);
    case 'longText':
      return z.string().max(10_000, 'Use at most 10000 characters').refine(hasNoNul, NUL_MESSAGE);
    case 'email':
      return z.string().trim().toLowerCase().pipe(emailSchema);
    case 'phone':
      return trimmedText(50, 'Enter a phone number').pipe(z.string().regex(/^[0-9+()./\- x]+$/i, 'Use digits, spaces and + ( ) . - only'));
    case 'date':
      return dateSchema;
    case 'int':
      return z
        .number()
        .int('Use a whole number')
        .min(field.min ?? 0, `At least ${field.min ?? 0}`)
        .max(field.max ?? 1_000_000_000, `At most ${field.max ?? 1_000_000_000}`);
    case 'money':
      return amountSchema;
    case 'currency':
      return currencySchema;
    case 'enum':
      return z.enum(field.values as [string, ...string[]]);
    case 'ref':
      return idSchema;
    case 'timestamp':
      return timestampSchema;
    case 'json':
      return field.schema;
  }
}

/** The schema of a field's value in a record. */
function outputSchema(field: FieldDef): z.ZodType {
  const base =
    field.kind === 'int' || field.kind === 'money'
      ? z.number().int()
      : field.kind === 'enum'
        ? z.enum(field.values as [string, ...string[]])
        : field.kind === 'ref'
          ? idSchema
          : field.kind === 'date'
            ? dateSchema
            : field.kind === 'timestamp'
              ? timestampSchema
              : field.kind === 'json'
                ? field.schema
                : z.string();
  return field.required || ('default' in field && field.default !== undefined) ? base : base.nullable();
}

/** A filter's value: the field's, or `none` for an optional reference (the records that point at nothing). */
const filterSchema = (field: FieldDef): z.ZodType =>
  field.kind === 'ref' && !field.required ? z.union([z.literal('none'), idSchema], { error: 'Use an id, or none' }) : inputSchema(field);

const hasDefault = (field: FieldDef): boolean => 'default' in field && field.default !== undefined;

export function resourceSchemas<const D extends ResourceDef>(def: D) {
  const fields = fieldsOf(def);
  const record = z.object({
    id: idSchema,
    code: z.string(),
    ...Object.fromEntries(fields.map((f) => [f.key, outputSchema(f)])),
    ...(def.computed ?? {}),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  }) as unknown as z.ZodType<RecordOf<D>>;
  const writable = writableFields(def);
  const create = z.strictObject(
    Object.fromEntries(
      writable.map((f) => {
        const schema = inputSchema(f);
        return [f.key, f.required ? schema : hasDefault(f) ? schema.optional() : schema.nullish()];
      }),
    ),
  ) as unknown as z.ZodType<CreateOf<D>, CreateOf<D>>;
  const update = z.strictObject(
    Object.fromEntries(
      writable.map((f) => {
        const schema = inputSchema(f);
        return [f.key, f.required || hasDefault(f) ? schema.optional() : schema.nullish()];
      }),
    ),
  ) as unknown as z.ZodType<UpdateOf<D>, UpdateOf<D>>;
  const search = z.string().trim().max(200).refine(hasNoNul, NUL_MESSAGE).optional();
  const filter = z.object({
    q: search,
    ...Object.fromEntries(fields.filter((f) => f.filter).map((f) => [f.key, filterSchema(f).optional()])),
    ...Object.fromEntries(Object.keys(def.ranges ?? {}).map((name) => [name, dateSchema.optional()])),
    sort: sortSchema(sortFields(def) as [string, ...string[]], def.defaultSort),
  });
  const listQuery = listQuerySchema.extend(filter.shape);
  return { record, create, update, filter, listQuery, list: listResponseSchema(record) };
}

type Filter = { q?: string; sort: string } & Record<string, unknown>;

/** The seven endpoints of a resource, named after it (`listEmployees`, `createEmployee`, …). */
export function resourceEndpoints<const D extends ResourceDef>(def: D) {
  const s = resourceSchemas(def);
  const one = pascal(def.name) as Pascal<D['name']>;
  const many = pascal(def.plural) as Pascal<D['plural']>;
  const base = `/api/workspaces/:wid/${kebab(def.plural)}`;
  const label = def.label.toLowerCase();
  const plural = def.pluralLabel.toLowerCase();
  const searched = fieldsOf(def).filter((f) => f.search);
  const filtered = [...fieldsOf(def).filter((f) => f.filter), ...Object.entries(def.ranges ?? {}).map(([key]) => ({ key }))];
  const required = writableFields(def).filter((f) => f.required);
  const example = Object.fromEntries(required.map((f) => [f.key, exampleValue(f)]));
  const exampleRefs = Object.fromEntries(
    required.flatMap((f) => (f.kind === 'ref' && f.to !== 'users' ? [[f.key, `/api/workspaces/:wid/${kebab(f.to)}`]] : [])),
  );
  // The import's example: the CSV header and one new row (no code) with the create example's values.
  const columns = csvColumns(def);
  const exampleCsv = `${columns.join(',')}\r\n${columns.map((c) => (c in example ? String(example[c]) : '')).join(',')}\r\n`;
  const endpoints = {
    [`list${many}`]: endpoint({
      method: 'GET',
      path: base,
      access: def.access.read,
      summary: `${def.pluralLabel}; \`q\` searches ${['code', ...searched.map((f) => f.key)].join(', ')}; filters ${filtered.map((f) => `\`${f.key}\``).join(', ') || 'none'}; \`sort\` by ${sortFields(def).join(', ')}`,
      params: workspaceParamsSchema,
      query: s.listQuery as unknown as z.ZodType<Filter & { limit: number; cursor?: string }, Record<string, unknown>>,
      response: s.list,
    }),
    [`create${one}`]: endpoint({
      method: 'POST',
      path: base,
      access: def.access.write,
      summary: `Create ${article(label)} ${label} (its code is assigned by the server)`,
      params: workspaceParamsSchema,
      body: s.create,
      example,
      exampleRefs,
      response: s.record,
      status: 201,
      idempotent: true,
    }),
    [`export${many}`]: endpoint({
      method: 'GET',
      path: `${base}/export`,
      access: def.access.read,
      summary: `The filtered ${plural} as CSV (text/csv)`,
      params: workspaceParamsSchema,
      query: s.filter as unknown as z.ZodType<Filter, Record<string, unknown>>,
      raw: true,
    }),
    [`import${many}`]: endpoint({
      method: 'POST',
      path: `${base}/import`,
      access: def.access.write,
      summary: `Create or update ${plural} from CSV (text/csv; rows with a known code update it, rows without one are created); \`dryRun=true\` checks without writing; any error and nothing is written`,
      params: workspaceParamsSchema,
      query: importQuerySchema,
      response: importResultSchema,
      example: exampleCsv,
      exampleRefs,
      idempotent: true,
      raw: true,
    }),
    [`get${one}`]: endpoint({
      method: 'GET',
      path: `${base}/:id`,
      access: def.access.read,
      summary: `One ${label}`,
      params: itemParamsSchema,
      response: s.record,
    }),
    [`update${one}`]: endpoint({
      method: 'PATCH',
      path: `${base}/:id`,
      access: def.access.write,
      summary: `Change ${article(label)} ${label} (only the fields given; null clears an optional one)${def.final ? `; ${def.final.join(', ')} ones cannot change (409)` : ''}`,
      params: itemParamsSchema,
      body: s.update,
      example: Object.fromEntries(
        Object.entries(example)
          .filter(([key]) => !(key in exampleRefs))
          .slice(0, 1),
      ),
      response: s.record,
    }),
    [`delete${one}`]: endpoint({
      method: 'DELETE',
      path: `${base}/:id`,
      access: def.access.remove,
      summary: `Delete ${article(label)} ${label} (409 in_use while other records point at it)`,
      params: itemParamsSchema,
    }),
  };
  type Params = typeof workspaceParamsSchema;
  type Item = typeof itemParamsSchema;
  type Query = z.ZodType<Filter & { limit: number; cursor?: string }, Record<string, unknown>>;
  type FilterQuery = z.ZodType<Filter, Record<string, unknown>>;
  type Rec = z.ZodType<RecordOf<D>>;
  return endpoints as {
    [K in `list${Pascal<D['plural']>}`]: {
      method: 'GET';
      path: string;
      access: D['access']['read'];
      summary: string;
      params: Params;
      query: Query;
      response: z.ZodType<{ data: RecordOf<D>[]; nextCursor: string | null }>;
    };
  } & {
    [K in `create${Pascal<D['name']>}`]: {
      method: 'POST';
      path: string;
      access: D['access']['write'];
      summary: string;
      params: Params;
      body: z.ZodType<CreateOf<D>, CreateOf<D>>;
      example: unknown;
      exampleRefs: Record<string, string>;
      response: Rec;
      status: 201;
      idempotent: true;
    };
  } & {
    [K in `export${Pascal<D['plural']>}`]: {
      method: 'GET';
      path: string;
      access: D['access']['read'];
      summary: string;
      params: Params;
      query: FilterQuery;
      raw: true;
    };
  } & {
    [K in `import${Pascal<D['plural']>}`]: {
      method: 'POST';
      path: string;
      access: D['access']['write'];
      summary: string;
      params: Params;
      query: typeof importQuerySchema;
      response: typeof importResultSchema;
      example: string;
      exampleRefs: Record<string, string>;
      idempotent: true;
      raw: true;
    };
  } & {
    [K in `get${Pascal<D['name']>}`]: { method: 'GET'; path: string; access: D['access']['read']; summary: string; params: Item; response: Rec };
  } & {
    [K in `update${Pascal<D['name']>}`]: {
      method: 'PATCH';
      path: string;
      access: D['access']['write'];
      summary: string;
      params: Item;
      body: z.ZodType<UpdateOf<D>, UpdateOf<D>>;
      example: unknown;
      response: Rec;
    };
  } & {
    [K in `delete${Pascal<D['name']>}`]: { method: 'DELETE'; path: string; access: D['access']['remove']; summary: string; params: Item };
  };
}

/** The operation names of a resource's endpoints (the server binds its generic handlers to them). */
export function resourceOperations(def: ResourceDef) {
  const one = pascal(def.name);
  const many = pascal(def.plural);
  return {
    list: `list${many}`,
    create: `create${one}`,
    export: `export${many}`,
    import: `import${many}`,
    get: `get${one}`,
    update: `update${one}`,
    remove: `delete${one}`,
  };
}

/** `employee.created|updated|deleted` on private-workspace-{wid}; an import of many rows sends `employee.imported`. */
export function resourceEvents<const D extends ResourceDef>(def: D) {
  const { record } = resourceSchemas(def);
  const item = z.object({ [def.name]: record }) as unknown as z.ZodType<{ [K in D['name']]: RecordOf<D> }>;
  return {
    [`${def.name}.created`]: item,
    [`${def.name}.updated`]: item,
    [`${def.name}.deleted`]: z.object({ id: idSchema }),
    [`${def.name}.imported`]: z.object({ created: z.number().int(), updated: z.number().int() }),
  } as {
    [K in `${D['name']}.created` | `${D['name']}.updated`]: z.ZodType<{ [N in D['name']]: RecordOf<D> }>;
  } & { [K in `${D['name']}.deleted`]: z.ZodObject<{ id: typeof idSchema }> } & {
    [K in `${D['name']}.imported`]: z.ZodObject<{ created: z.ZodNumber; updated: z.ZodNumber }>;
  };
}

const activityRef = z.object({ code: z.string(), name: z.string() });
const activityChange = activityRef.extend({ fields: z.array(z.string()) });
const activityImport = z.object({ created: z.number(), updated: z.number() });

/** The activity actions of a resource: created, updated (which fields), deleted, imported. */
export function resourceActivity<const D extends ResourceDef>(def: D) {
  const label = def.label.toLowerCase();
  const plural = def.pluralLabel.toLowerCase();
  // “the employee “Ada” (EMP-0001)”, or “an employee” when a row names nothing.
  const named = (m: { code?: string; name?: string }) =>
    m.name ? `the ${label} ${quoted(m.name)}${m.code ? ` (${m.code})` : ''}` : m.code ? `the ${label} ${m.code}` : `${article(label)} ${label}`;
  const subject = def.name as D['name'];
  return {
    [`${def.name}.created`]: action(subject, activityRef, (m, w) => `${w.actor} created ${named(m)}`),
    [`${def.name}.updated`]: action(
      subject,
      activityChange,
      (m, w) => `${w.actor} changed ${m.fields?.length ? `the ${m.fields.join(', ')} of ` : ''}${named(m)}`,
    ),
    [`${def.name}.deleted`]: action(subject, activityRef, (m, w) => `${w.actor} deleted ${named(m)}`),
    [`${def.name}.imported`]: action(subject, activityImport, (m, w) => `${w.actor} imported ${plural}: ${m.created ?? 0} new, ${m.updated ?? 0} updated`),
  } as unknown as { [K in `${D['name']}.created` | `${D['name']}.deleted`]: ActionDef<D['name'], typeof activityRef> } & {
    [K in `${D['name']}.updated`]: ActionDef<D['name'], typeof activityChange>;
  } & { [K in `${D['name']}.imported`]: ActionDef<D['name'], typeof activityImport> };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function exampleValue(field: FieldDef): unknown {
  switch (field.kind) {
    case 'email':
      return 'someone@example.com';
    case 'phone':
      return '+1 555 0100';
    case 'date':
      return '2026-12-01';
    case 'int':
    case 'money':
      return field.kind === 'int' ? (field.min ?? 0) + 1 : 1000;
    case 'currency':
      return 'usd';
    case 'enum':
      return field.values[0];
    case 'ref':
      return EXAMPLE_REF_ID;
    default:
      return `Example ${field.label.toLowerCase()}`;
  }
}
