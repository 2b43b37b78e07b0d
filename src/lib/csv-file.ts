// CSV files in the browser: saving an export the API sent (fetched with the token, so not a plain link). Imports
// are read for their preview by papaparse (src/components/csv-import-dialog.tsx).

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
