// CSV in and out (RFC 4180) for every exportable and importable list (API.md, Conventions added in round 2).
// Export streams pages of rows to the response as they are read, so memory stays flat however long the list;
// cells that a spreadsheet would run as a formula (= + - @, and tab / carriage return) are prefixed with `'`.
import type { VercelResponse } from '@vercel/node';
import { ApiError } from './errors.js';

export type Cell = string | number | boolean | null | undefined;

// A quote in front of a formula-looking cell (or of one already quoted) is added on export and removed on
// import, so an export imports back to identical values.
const FORMULA = /^'*[=+\-@\t\r]/;

/** An imported cell as its value: the export's guard quote taken off. */
export const uncell = (text: string) => (FORMULA.test(text) && text.startsWith("'") ? text.slice(1) : text);

/** One cell: quoted when it holds a comma, quote or line break; formula-looking text neutralised. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: Cell[]) => cells.map(csvCell).join(',') + '\r\n';

/** The most rows an export writes (API.md). */
export const EXPORT_MAX_ROWS = 100_000;

/**
 * Streams a CSV answer: the header, then each page `next(after)` returns until it returns fewer than asked or
 * the row cap is reached. `next` reads one page by keyset after the last row of the previous one.
 */
export async function streamCsv<Row>(
  res: VercelResponse,
  filename: string,
  header: string[],
  toCells: (row: Row) => Cell[],
  next: (after: Row | null, limit: number) => Promise<Row[]>,
  pageSize = 1_000,
): Promise<void> {
  let written = 0;
  let rows = await next(null, pageSize); // read before the headers go out, so a refused read still answers JSON
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.write('\uFEFF' + csvLine(header));
  for (;;) {
    let chunk = '';
    for (const row of rows) {
      if (written >= EXPORT_MAX_ROWS) break;
      chunk += csvLine(toCells(row));
      written++;
    }
    if (chunk && !res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    if (rows.length < pageSize || written >= EXPORT_MAX_ROWS) break;
    rows = await next(rows[rows.length - 1]!, pageSize);
  }
  res.end();
}

/** Parses RFC 4180 text into rows of strings (quoted fields, doubled quotes, CRLF or LF, a leading BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new ApiError(422, 'validation_failed', 'The CSV has an unclosed quote', [{ path: 'body', message: 'Unclosed quote' }]);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** Rows as records keyed by the header row's names (the header is required; unknown columns are refused). */
export function csvRecords(text: string, known: readonly string[], required: readonly string[]): { row: number; values: Record<string, string> }[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new ApiError(422, 'validation_failed', 'The CSV is empty', [{ path: 'body', message: 'Add a header row' }]);
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !known.includes(n));
  const missing = required.filter((n) => !names.includes(n));
  if (unknown.length || missing.length) {
    throw new ApiError(422, 'validation_failed', 'The CSV header does not match', [
      ...unknown.map((n) => ({ path: `header.${n}`, message: `Unknown column ${n}` })),
      ...missing.map((n) => ({ path: `header.${n}`, message: `Missing column ${n}` })),
    ]);
  }
  return rows.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ''])) }));
}

/** The raw request body as text, for endpoints that take CSV (the kernel hands JSON bodies to handlers parsed). */
export function csvBody(body: unknown, maxBytes = 4 * 1024 * 1024): string {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : null;
  if (text === null) throw new ApiError(415, 'unsupported_media_type', 'Send the body as text/csv');
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError(413, 'payload_too_large', 'A CSV import is at most 4 MB');
  return text;
}
