// The handlers of a declared resource's seven endpoints (contracts/resource.ts): reads in one round trip with
// the caller check folded in (ReadScope), writes through service.ts, CSV export streamed page by page.
import { csvColumns, resourceOperations, type ResourceDef } from '../../../contracts/resource.js';
import type { EndpointGroup } from '../../../contracts/endpoint.js';
import { csvBody, streamCsv, type Cell } from '../http/csv.js';
import { ApiError, notFound } from '../http/errors.js';
import { implement, type Implementation } from '../http/implement.js';
import { decodeSortedCursor, sortedKeyset, sortedPage, sortKey } from '../http/pagination.js';
import { readRawBody } from '../http/raw-body.js';
import { readStatement, type ReadScope, type ReadStatement, type Row } from '../http/read-scope.js';
import type { MemberContext, MemberReadContext } from '../http/route.js';
import { createRecord, deleteRecord, importRecords, updateRecord, type WriteHooks } from './service.js';
import { resourceQueries, type ResourceQueries, type ResourceSql } from './sql.js';

type Filters = { sort: string; q?: string } & Record<string, unknown>;
type SortedRow = Row & { id: string; sortValue: string };

/** A resource's reads: its list (filtered, sorted, keyset-paged), one record, and export pages. */
export function resourceReads(q: ResourceQueries) {
  const statements = new Map<string, ReadStatement>();
  function listStatement(filters: Filters, conditionKey: string, where: string[], paged: boolean): ReadStatement {
    const key = `${filters.sort}|${conditionKey}|${paged ? 'p' : ''}`;
    const cached = statements.get(key);
    if (cached) return cached;
    const keyset = sortedKeyset(sortKey(filters.sort, q.sortable));
    const all = ['caller.ok', 'r.workspace_id = :wid', ...where, ...(paged ? [keyset.after] : [])];
    const statement = readStatement(
      'workspace',
      `${q.table}_list_${statements.size}`,
      `select ${q.select}, ${keyset.columns} from ${q.table} r where ${all.join(' and ')} order by ${keyset.orderBy} limit :limit`,
      keyset.outerOrderBy,
    );
    statements.set(key, statement);
    return statement;
  }
  async function page(scope: ReadScope, filters: Filters, after: { value: string; id: string } | null, limit: number): Promise<SortedRow[]> {
    const { where, values, key } = q.conditions(filters);
    return scope.read<SortedRow>(listStatement(filters, key, where, after !== null), { ...values, sortValue: after?.value, cursorId: after?.id, limit });
  }
  const one = readStatement('workspace', `${q.table}_one`, `select ${q.select} from ${q.table} r where caller.ok and r.id = :id and r.workspace_id = :wid`);
  return {
    page,
    async list(scope: ReadScope, query: Filters & { limit: number; cursor?: string }) {
      const cursor = decodeSortedCursor(query.cursor, query.sort);
      const rows = await page(scope, query, cursor, query.limit + 1);
      return sortedPage(rows, query.limit, query.sort, (r) => q.toRecord(r));
    },
    async get(scope: ReadScope, id: string) {
      const [row] = await scope.read(one, { id });
      return row ? q.toRecord(row) : null;
    },
  };
}

/** CSV text of a record's value: JSON for structured values. */
const cell = (value: unknown): Cell => (value !== null && typeof value === 'object' ? JSON.stringify(value) : (value as Cell));

/**
 * Binds the generic handlers to a resource's seven endpoints in its domain's group (the registry's objects);
 * `extra` adds the SQL of its computed values and `hooks` its server-set values and in-transaction follow-ups.
 */
export function implementResource<G extends EndpointGroup>(
  group: G,
  def: ResourceDef,
  extra: ResourceSql = {},
  hooks: WriteHooks = {},
): Partial<Implementation<G>> {
  const q = resourceQueries(def, extra);
  const reads = resourceReads(q);
  const ops = resourceOperations(def);
  const columns = csvColumns(def);
  type Input = { params: { id: string }; query: Filters & { limit: number; cursor?: string; dryRun?: boolean }; body: Record<string, unknown> };
  const handlers: Record<string, (ctx: never, input: Input) => Promise<unknown>> = {
    [ops.list]: (ctx: MemberReadContext, { query }) => reads.list(ctx.scope, query),
    [ops.create]: (ctx: MemberContext, { body }) => createRecord(ctx, q, hooks, body),
    async [ops.export](ctx: MemberReadContext, { query }) {
      await streamCsv(
        ctx.res,
        `${q.table}.csv`,
        columns,
        (row: SortedRow) => {
          const record = q.toRecord(row);
          return columns.map((c) => cell(record[c]));
        },
        (after, limit) => reads.page(ctx.scope, query, after && { value: after.sortValue, id: after.id }, limit),
      );
      return undefined;
    },
    async [ops.import](ctx: MemberContext, { query }) {
      const type = String(ctx.req.headers['content-type'] ?? '');
      if (!/^text\/(csv|plain)\b/i.test(type)) throw new ApiError(415, 'unsupported_media_type', 'Send the CSV as text/csv');
      return importRecords(ctx, q, hooks, csvBody(await readRawBody(ctx.req)), query.dryRun ?? false);
    },
    async [ops.get](ctx: MemberReadContext, { params }) {
      const found = await reads.get(ctx.scope, params.id);
      if (!found) throw notFound(def.label);
      return found;
    },
    [ops.update]: (ctx: MemberContext, { params, body }) => updateRecord(ctx, q, hooks, params.id, body),
    async [ops.remove](ctx: MemberContext, { params }) {
      await deleteRecord(ctx, q, hooks, params.id);
      return undefined;
    },
  };
  const endpoints = Object.fromEntries(Object.values(ops).map((op) => [op, group[op]!])) as EndpointGroup;
  return implement(endpoints, handlers as never) as Partial<Implementation<G>>;
}
