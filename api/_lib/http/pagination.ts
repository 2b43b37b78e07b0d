// Keyset (cursor) pagination shared by every list: `?limit=` (1-100, default 25) and an opaque `?cursor=`
// that encodes the sort key of the last row returned, at full microsecond precision so no row is skipped
// or repeated between pages.
import { ApiError } from './errors.js';

export interface Cursor {
  /** The sort timestamp as Postgres text (ISO, microseconds). */
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** What list statements write into cursors: UTC with microseconds (cursorAtColumn). */
const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A real instant in the cursor's own form: no rolled-over dates (Feb 30) reach SQL. */
function isCursorTime(value: string): boolean {
  if (!CURSOR_AT.test(value)) return false;
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === value.slice(0, 19);
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      isCursorTime(value[0]) &&
      UUID.test(value[1])
    ) {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new ApiError(422, 'validation_failed', 'The cursor is not valid', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
}

/** A list statement's cursor column: the sort timestamp in UTC with microseconds, as `"cursorAt"`. */
export const cursorAtColumn = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"`;

/**
 * Given `limit + 1` rows, returns the page and the cursor to the next one. Each row carries its cursor
 * fields (`cursorAt`, `id`), which are removed from the returned objects by `toItem`.
 */
export function page<Row extends { id: string; cursorAt: string }, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item) {
  const hasMore = rows.length > limit;
  const slice = hasMore ? rows.slice(0, limit) : rows;
  const last = slice[slice.length - 1];
  return {
    data: slice.map(toItem),
    nextCursor: hasMore && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}

/** A list's `?sort=` resolved to SQL: the sort expression, its type for the cursor, and the direction. */
export interface SortKey {
  /** The `sort` value as given (`-price`); a cursor is valid only for the same one. */
  name: string;
  /** The SQL expression sorted on (a column or an expression of the list's row). */
  expr: string;
  /** Its Postgres type, to cast the cursor value back. */
  type: 'text' | 'integer' | 'date' | 'timestamptz';
  descending: boolean;
}

/** Resolves `sort` (`field` or `-field`) against the list's sortable fields. */
export function sortKey(sort: string, fields: Record<string, { expr: string; type: SortKey['type'] }>): SortKey {
  const descending = sort.startsWith('-');
  const field = fields[descending ? sort.slice(1) : sort];
  if (!field) throw new ApiError(422, 'validation_failed', 'This list cannot be sorted by that', [{ path: 'query.sort', message: 'Unknown sort' }]);
  return { name: sort, ...field, descending };
}

/**
 * SQL pieces of a sorted keyset page over a table's own columns: the select columns (the cursor value as text,
 * and the typed key for re-ordering), the after-cursor condition (`:sortValue`, `:cursorId`) and the order.
 */
export function sortedKeyset(key: SortKey) {
  const dir = key.descending ? 'desc' : 'asc';
  const op = key.descending ? '<' : '>';
  const value = key.type === 'timestamptz' ? `to_char((${key.expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `(${key.expr})::text`;
  return {
    columns: `${value} as "sortValue", ${key.expr} as "sortKey_"`,
    after: `((${key.expr}), id) ${op} (:sortValue::${key.type}, :cursorId::uuid)`,
    orderBy: `${key.expr} ${dir}, id ${dir}`,
    outerOrderBy: `d."sortKey_" ${dir}, d.id ${dir}`,
  };
}

/** A sorted list's cursor: the sort it belongs to, the last row's sort value and id. */
export function encodeSortedCursor(sort: string, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

export function decodeSortedCursor(raw: string | undefined, sort: string): { value: string; id: string } | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === sort &&
      typeof parsed[1] === 'string' &&
      parsed[1].length <= 500 &&
      typeof parsed[2] === 'string' &&
      UUID.test(parsed[2])
    ) {
      return { value: parsed[1], id: parsed[2] };
    }
  } catch {
    // fall through
  }
  throw new ApiError(422, 'validation_failed', 'The cursor is not valid for this list and sort', [{ path: 'query.cursor', message: 'Invalid cursor' }]);
}

/** Given `limit + 1` rows carrying `sortValue`, the page and the cursor to the next one. */
export function sortedPage<Row extends { id: string; sortValue: string }, Item>(rows: Row[], limit: number, sort: string, toItem: (row: Row) => Item) {
  const hasMore = rows.length > limit;
  const slice = hasMore ? rows.slice(0, limit) : rows;
  const last = slice[slice.length - 1];
  return { data: slice.map(toItem), nextCursor: hasMore && last ? encodeSortedCursor(sort, last.sortValue, last.id) : null };
}
