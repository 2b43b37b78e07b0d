// CSV files in the browser: saving an export the API sent (fetched with the token, so not a plain link), and
// reading an import's rows for its preview (the same RFC 4180 rules the server parses by).

/** Offers `text` as a download named `filename` (with a BOM, so spreadsheets read it as UTF-8). */
export function saveCsv(text: string, filename: string): void {
  const blob = new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `products-2026-12-03.csv` for `products` */
export const datedFilename = (name: string, now = new Date()) => `${name}-${now.toISOString().slice(0, 10)}.csv`;

/** Rows of RFC 4180 text: quoted fields, doubled quotes, CRLF or LF, a leading BOM; blank lines dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
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
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

export interface CsvRecord {
  /** The line number the server's errors use: the header is row 1, the first product row 2. */
  row: number;
  values: Record<string, string>;
}

/** The data rows keyed by the header's column names. */
export function csvRecords(text: string): CsvRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(names.map((n, j) => [n, cells[j] ?? ''])) }));
}
