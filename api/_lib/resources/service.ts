// Writes of a declared resource: each one transaction with its activity row and its events; the common path of
// create, update and delete is one statement (the write and the record it answers with, in a CTE). Codes come
// from the table's trigger. References are composite foreign keys on (workspace_id, id): a reference to a record
// of another workspace, or to none, is refused by the database and answered 422; deleting a record others
// point at is refused and answered 409 in_use.
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportResult } from '../../../contracts/common.js';
import { csvColumns, resourceSchemas, snake, writableFields } from '../../../contracts/resource.js';
import { isForeignKeyViolation, rowsOf, type Db, type Tx } from '../../../db/client.js';
import { recordActivity } from '../activity/record.js';
import { withEvents, workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { csvRecords, uncell } from '../http/csv.js';
import { ApiError, notFound, validationFailed } from '../http/errors.js';
import type { MemberContext } from '../http/route.js';
import { reserveCodes } from './codes.js';
import { pgType, type Field, type ResourceQueries } from './sql.js';

type Values = Record<string, unknown>;
type Rec = Record<string, unknown>;

/** A write about to run, as `beforeWrite` sees it. */
export type PendingWrite =
  | { kind: 'created'; values: Values }
  | { kind: 'updated'; id: string; values: Values }
  /** An import's new rows (its updates of existing rows are not included). */
  | { kind: 'imported'; rows: Values[] };

export interface WriteHooks {
  /** Values the server sets on create (read-only fields such as `createdBy`). */
  onCreate?(ctx: MemberContext): Values;
  /**
   * Runs in the write's transaction before its statement: takes the locks the write needs, and returns columns
   * (field keys) the server sets with SQL, e.g. a task's position at the end of its column. The SQL is part of
   * the INSERT's values (created), of the UPDATE's SET, where the table's name is the row as it is (updated), or
   * of the INSERT's SELECT over the new rows `x` of an import (imported).
   */
  beforeWrite?(tx: Tx, ctx: MemberContext, write: PendingWrite): Promise<Record<string, SQL> | undefined>;
  /** Runs in the write's transaction after it (e.g. a batch's history row). */
  afterWrite?(tx: Tx, ctx: MemberContext, change: { kind: 'created' | 'updated' | 'deleted'; record: Rec; fields: string[] }): Promise<void>;
  /** The 409 message when others point at a record being deleted. */
  inUse?: string;
}

const param = (field: Pick<Field, 'kind'>, value: unknown): SQL =>
  value === null || value === undefined ? sql`null` : field.kind === 'json' ? sql`${JSON.stringify(value)}::jsonb` : sql`${value}::${sql.raw(pgType(field))}`;

const title = (q: ResourceQueries, record: Rec) => ({ code: String(record.code), name: String(record[q.def.title] ?? '') });

/** The member references of a write are checked against the workspace's memberships (users are not per workspace). */
async function checkMembers(tx: Tx, ctx: MemberContext, q: ResourceQueries, values: Values): Promise<void> {
  for (const f of q.fields) {
    if (f.kind !== 'ref' || f.to !== 'users' || f.readOnly || !values[f.key]) continue;
    const found = await rowsOf(tx, sql`select 1 from memberships where workspace_id = ${ctx.workspaceId} and user_id = ${values[f.key]}::uuid`);
    if (found.length === 0) throw validationFailed([{ path: `body.${f.key}`, message: 'Choose a member of this workspace' }]);
  }
}

/** A refused reference on create or update: which field points at nothing in this workspace. */
function badReference(q: ResourceQueries, err: unknown): ApiError {
  const constraint = String((err as { cause?: { constraint?: string } }).cause?.constraint ?? (err as { constraint?: string }).constraint ?? '');
  const field = q.fields.find((f) => f.kind === 'ref' && constraint === `${q.table}_${snake(f.key)}_fk`);
  return validationFailed([
    { path: field ? `body.${field.key}` : 'body', message: field ? `No such ${field.label.toLowerCase()} in this workspace` : 'A reference is not valid' },
  ]);
}

export async function createRecord(ctx: MemberContext, q: ResourceQueries, hooks: WriteHooks, body: Values): Promise<Rec> {
  const values: Values = { ...body, ...hooks.onCreate?.(ctx) };
  const set = q.fields.filter((f) => values[f.key] !== undefined);
  try {
    return await withEvents(ctx, async (tx, emit) => {
      await checkMembers(tx, ctx, q, values);
      const computed = Object.entries((await hooks.beforeWrite?.(tx, ctx, { kind: 'created', values })) ?? {});
      const columns = sql.join([sql.raw('workspace_id'), ...set.map((f) => sql.raw(snake(f.key))), ...computed.map(([key]) => sql.raw(snake(key)))], sql`, `);
      const row = sql.join([sql`${ctx.workspaceId}::uuid`, ...set.map((f) => param(f, values[f.key])), ...computed.map(([, expr]) => expr)], sql`, `);
      const [written] = await rowsOf<Rec>(
        tx,
        sql`with r as (insert into ${sql.raw(q.table)} (${columns}) values (${row}) returning *) select ${sql.raw(q.select)} from r`,
      );
      const record = q.toRecord(written!);
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: `${q.def.name}.created`,
        subjectId: String(record.id),
        metadata: title(q, record),
      } as never);
      await hooks.afterWrite?.(tx, ctx, { kind: 'created', record, fields: set.map((f) => f.key) });
      emit(workspaceEvent(ctx.workspaceId, `${q.def.name}.created`, { [q.def.name]: record }));
      return record;
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw badReference(q, err);
    throw err;
  }
}

/** 404 when the record is not in the workspace, 409 when it is in a final status. */
async function refusal(tx: Tx, ctx: MemberContext, q: ResourceQueries, id: string): Promise<ApiError> {
  const [current] = await rowsOf<{ status: string | null }>(
    tx,
    sql`select ${sql.raw(q.def.fields.status ? 'status' : 'null as status')} from ${sql.raw(q.table)} where workspace_id = ${ctx.workspaceId} and id = ${id}::uuid`,
  );
  if (!current) return notFound(q.def.label);
  return new ApiError(409, 'invalid_transition', `This ${q.def.label.toLowerCase()} is ${String(current.status).replace(/_/g, ' ')} and can no longer change`, [
    { path: 'status', message: String(current.status) },
  ]);
}

const notFinal = (q: ResourceQueries) =>
  q.def.final
    ? sql` and status not in (${sql.join(
        q.def.final.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : sql``;

export async function updateRecord(ctx: MemberContext, q: ResourceQueries, hooks: WriteHooks, id: string, body: Values): Promise<Rec> {
  const set = q.fields.filter((f) => !f.readOnly && body[f.key] !== undefined);
  try {
    return await withEvents(ctx, async (tx, emit) => {
      await checkMembers(tx, ctx, q, body);
      const computed = Object.entries((await hooks.beforeWrite?.(tx, ctx, { kind: 'updated', id, values: body })) ?? {});
      const assignments = sql.join(
        [
          ...set.map((f) => sql`${sql.raw(snake(f.key))} = ${param(f, body[f.key])}`),
          ...computed.map(([key, expr]) => sql`${sql.raw(snake(key))} = ${expr}`),
          sql`updated_at = now()`,
        ],
        sql`, `,
      );
      const [written] = await rowsOf<Rec>(
        tx,
        sql`with r as (update ${sql.raw(q.table)} set ${assignments} where workspace_id = ${ctx.workspaceId} and id = ${id}::uuid${notFinal(q)} returning *) select ${sql.raw(q.select)} from r`,
      );
      if (!written) throw await refusal(tx, ctx, q, id);
      const record = q.toRecord(written);
      const fields = set.map((f) => f.key);
      if (fields.length > 0) {
        await recordActivity(tx, {
          workspaceId: ctx.workspaceId,
          actorId: ctx.user.id,
          action: `${q.def.name}.updated`,
          subjectId: id,
          metadata: { ...title(q, record), fields: set.map((f) => f.label.toLowerCase()) },
        } as never);
      }
      await hooks.afterWrite?.(tx, ctx, { kind: 'updated', record, fields });
      emit(workspaceEvent(ctx.workspaceId, `${q.def.name}.updated`, { [q.def.name]: record }));
      return record;
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw badReference(q, err);
    throw err;
  }
}

export async function deleteRecord(ctx: MemberContext, q: ResourceQueries, hooks: WriteHooks, id: string): Promise<void> {
  try {
    await withEvents(ctx, async (tx, emit) => {
      const [gone] = await rowsOf<Rec>(
        tx,
        sql`with r as (delete from ${sql.raw(q.table)} where workspace_id = ${ctx.workspaceId} and id = ${id}::uuid${notFinal(q)} returning *) select ${sql.raw(q.select)} from r`,
      );
      if (!gone) throw await refusal(tx, ctx, q, id);
      const record = q.toRecord(gone);
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: `${q.def.name}.deleted`,
        subjectId: id,
        metadata: title(q, record),
      } as never);
      await hooks.afterWrite?.(tx, ctx, { kind: 'deleted', record, fields: [] });
      emit(workspaceEvent(ctx.workspaceId, `${q.def.name}.deleted`, { id }));
    });
  } catch (err) {
    if (isForeignKeyViolation(err))
      throw new ApiError(409, 'in_use', hooks.inUse ?? `Other records point at this ${q.def.label.toLowerCase()}: change or delete them first`);
    throw err;
  }
}

/** A CSV cell as the field's input: empty is null (absent for required fields), numbers and JSON parsed. */
function cellValue(field: Field, raw: string): unknown {
  const text = uncell(raw);
  if (text.trim() === '') return field.required ? undefined : 'default' in field && field.default !== undefined ? undefined : null;
  switch (field.kind) {
    case 'int':
    case 'money':
      return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case 'text':
    case 'email':
    case 'phone':
    case 'currency':
    case 'date':
    case 'enum':
    case 'ref':
      return text.trim();
    default:
      return text;
  }
}

/** The most rows one import takes. */
export const IMPORT_MAX_ROWS = 10_000;

/**
 * POST …/import: every row is checked first (each with the create schema; a code must be one of the
 * workspace's), and any error means nothing is written. Rows with a code update that record, the others are
 * created; the rows go to the database as one JSON parameter, so the import is two statements in one
 * transaction however many rows it has.
 */
export async function importRecords(ctx: MemberContext, q: ResourceQueries, hooks: WriteHooks, csv: string, dryRun: boolean): Promise<ImportResult> {
  const columns = csvColumns(q.def);
  const writable = writableFields(q.def) as Field[];
  const records = csvRecords(
    csv,
    columns,
    writable.filter((f) => f.required).map((f) => f.key),
  );
  if (records.length > IMPORT_MAX_ROWS)
    throw validationFailed([{ path: 'body', message: 'Too many rows' }], `Import at most ${IMPORT_MAX_ROWS} rows at a time`);
  const schema = resourceSchemas(q.def).create as unknown as z.ZodType<Values>;
  const errors: ImportResult['errors'] = [];
  const rows: { row: number; code: string | null; values: Values }[] = [];
  const seen = new Map<string, number>();
  for (const { row, values } of records) {
    const input: Values = {};
    for (const f of writable) if (f.key in values) input[f.key] = cellValue(f, values[f.key]!);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ row, path: issue.path.join('.') || 'row', message: issue.message });
      continue;
    }
    const code = (values.code ?? '').trim() || null;
    if (code) {
      const first = seen.get(code);
      if (first !== undefined) errors.push({ row, path: 'code', message: `Row ${first} has this code too` });
      seen.set(code, row);
    }
    rows.push({ row, code, values: parsed.data });
  }
  const codes = rows.filter((r) => r.code).map((r) => r.code!);
  const memberFields = writable.filter((f) => f.kind === 'ref' && f.to === 'users');
  const memberIds = [...new Set(rows.flatMap((r) => memberFields.map((f) => r.values[f.key]).filter((v): v is string => typeof v === 'string')))];
  /** Rows naming a member who is not one of the workspace's. */
  const strangers = async (db: Db | Tx): Promise<ImportResult['errors']> => {
    if (memberIds.length === 0) return [];
    const members = new Set(
      (
        await rowsOf<{ id: string }>(
          db,
          sql`select user_id as id from memberships where workspace_id = ${ctx.workspaceId} and user_id in (select (jsonb_array_elements_text(${JSON.stringify(memberIds)}::jsonb))::uuid)`,
        )
      ).map((m) => m.id),
    );
    return rows.flatMap((r) =>
      memberFields
        .filter((f) => typeof r.values[f.key] === 'string' && !members.has(r.values[f.key] as string))
        .map((f) => ({ row: r.row, path: f.key, message: 'Choose a member of this workspace' })),
    );
  };
  /** Rows naming a code that is not one of the workspace's records (or one that can no longer change), or a stranger. */
  const rowErrors = async (db: Db | Tx): Promise<ImportResult['errors']> => {
    const others = await strangers(db);
    if (codes.length === 0) return others;
    const existing = new Set(
      (
        await rowsOf<{ code: string }>(
          db,
          sql`select code from ${sql.raw(q.table)} where workspace_id = ${ctx.workspaceId} and code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))${notFinal(q)}`,
        )
      ).map((r) => r.code),
    );
    return [
      ...others,
      ...rows
        .filter((r) => r.code && !existing.has(r.code))
        .map((r) => ({
          row: r.row,
          path: 'code',
          message: `No ${q.def.label.toLowerCase()} ${q.def.final ? 'that can still change ' : ''}has the code ${r.code}`,
        })),
    ].sort((a, b) => a.row - b.row);
  };
  const created = rows.filter((r) => !r.code);
  const updated = rows.filter((r) => r.code);
  if (errors.length > 0 || dryRun || rows.length === 0) {
    errors.push(...(await rowErrors(ctx.db)));
    errors.sort((a, b) => a.row - b.row);
    return errors.length > 0 ? { created: 0, updated: 0, errors } : { created: created.length, updated: updated.length, errors };
  }

  // Updated rows carry their code; new rows their ordinal (their code is reserved in the insert: codes.ts).
  const recordset = (withCode: boolean) => sql.raw([withCode ? 'code text' : 'ord_ int', ...writable.map((f) => `${snake(f.key)} ${pgType(f)}`)].join(', '));
  // A blank cell of a field with a default takes the default on create.
  const fallback = (f: Field) => ('default' in f && f.default !== undefined ? f.default : null);
  const json = (list: typeof rows, withCode: boolean) =>
    JSON.stringify(
      list.map((r, i) =>
        Object.fromEntries([
          withCode ? ['code', r.code] : ['ord_', i + 1],
          ...writable.map((f) => [snake(f.key), r.values[f.key] ?? (withCode ? null : fallback(f))]),
        ]),
      ),
    );
  // A field left out of the CSV keeps its value (update) or takes its default (create).
  const given = new Set(Object.keys(records[0]?.values ?? {}));
  const present = writable.filter((f) => given.has(f.key));
  try {
    return await withEvents(ctx, async (tx, emit) => {
      // Checked in the write's transaction, so a record deleted meanwhile is an error, not a lost row.
      const refused = await rowErrors(tx);
      if (refused.length > 0) return { created: 0, updated: 0, errors: refused };
      const touched: Rec[] = [];
      if (created.length > 0) {
        const onCreate = hooks.onCreate?.(ctx) ?? {};
        const serverSet = q.fields.filter((f) => onCreate[f.key] !== undefined);
        const computed = Object.entries((await hooks.beforeWrite?.(tx, ctx, { kind: 'imported', rows: created.map((r) => r.values) })) ?? {});
        const codes = reserveCodes(q.def.code, ctx.workspaceId, created.length);
        const cols = sql.raw(
          ['workspace_id', 'code', ...present.map((f) => snake(f.key)), ...serverSet.map((f) => snake(f.key)), ...computed.map(([key]) => snake(key))].join(
            ', ',
          ),
        );
        const picks = sql.join(
          [
            sql`${ctx.workspaceId}::uuid`,
            codes.code(sql.raw('x.ord_')),
            ...present.map((f) => sql.raw(`x.${snake(f.key)}`)),
            ...serverSet.map((f) => param(f, onCreate[f.key])),
            ...computed.map(([, expr]) => expr),
          ],
          sql`, `,
        );
        touched.push(
          ...(await rowsOf<Rec>(
            tx,
            sql`with ${codes.cte}, r as (insert into ${sql.raw(q.table)} (${cols}) select ${picks} from codes_, jsonb_to_recordset(${json(created, false)}::jsonb) as x(${recordset(false)}) order by x.ord_ returning *) select ${sql.raw(q.select)}, true as "created_" from r`,
          )),
        );
      }
      if (updated.length > 0) {
        // A blank cell of a field that cannot be empty keeps the record's value.
        const assignments = sql.raw(
          [
            ...present.map((f) => {
              const column = snake(f.key);
              return f.required || fallback(f) !== null ? `${column} = coalesce(x.${column}, t.${column})` : `${column} = x.${column}`;
            }),
            'updated_at = now()',
          ].join(', '),
        );
        touched.push(
          ...(await rowsOf<Rec>(
            tx,
            sql`with r as (update ${sql.raw(q.table)} t set ${assignments} from jsonb_to_recordset(${json(updated, true)}::jsonb) as x(${recordset(true)}) where t.workspace_id = ${ctx.workspaceId} and t.code = x.code returning t.*) select ${sql.raw(q.select)}, false as "created_" from r`,
          )),
        );
      }
      // What follows a write of one record (a batch's history row) follows each imported one too.
      if (hooks.afterWrite)
        for (const row of touched)
          await hooks.afterWrite(tx, ctx, { kind: row.created_ ? 'created' : 'updated', record: q.toRecord(row), fields: present.map((f) => f.key) });
      const result = { created: created.length, updated: updated.length };
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId,
        actorId: ctx.user.id,
        action: `${q.def.name}.imported`,
        subjectId: String(touched[0]?.id ?? ctx.workspaceId),
        metadata: result,
      } as never);
      // One event per row would flood the channel on a large import: a small one names each record.
      const events: DomainEvent[] =
        touched.length <= 50
          ? touched.map((row) => workspaceEvent(ctx.workspaceId, `${q.def.name}.${row.created_ ? 'created' : 'updated'}`, { [q.def.name]: q.toRecord(row) }))
          : [workspaceEvent(ctx.workspaceId, `${q.def.name}.imported`, result)];
      emit(...events);
      return { ...result, errors };
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw badReference(q, err);
    throw err;
  }
}
