// Importing a list from a CSV file, for every importable list (products, customers, each record type). The file is
// read in the browser (papaparse): its columns are checked against the endpoint's and its first rows shown at
// once. A file whose columns match is then checked whole by the server without writing (a dry run), which
// answers what it would create and update or every row's errors; "Import" writes it all or nothing, with one
// Idempotency-Key per file so that pressing it again after a failure cannot import twice.
// What differs per list is given by the caller: its import mutation, its columns, how its rows are matched.
import type { UseMutationResult } from '@tanstack/react-query';
import { LoaderCircle } from 'lucide-react';
import Papa from 'papaparse';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { toast } from 'sonner';
import type { ImportResult } from '../../contracts/common';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { ApiError, errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { formatMoney } from '@/lib/money';

/** The preview shows the file's first rows (every row is checked; the errors table names the others). */
export const PREVIEW_ROWS = 20;
/** The errors table lists at most this many (the line under it counts the rest). */
export const ERROR_ROWS = 100;

/** One request to an import endpoint: a dry run checks, otherwise it writes (with the file's key). */
export interface CsvImportRequest {
  csv: string;
  dryRun: boolean;
  idempotencyKey?: string;
}

/** A list's import mutation (`useImportProducts(wid)`…): POST …/import with `?dryRun=true` for a check. */
export type CsvImportMutation = UseMutationResult<ImportResult, Error, CsvImportRequest>;

export interface CsvImportColumns {
  /** Every column the endpoint takes (the export's layout, in its order). */
  known: readonly string[];
  /** The columns a file must have. */
  required: readonly string[];
  /** Amounts in minor units, previewed as money in the row's `currency` column (else in `fallback`). */
  money?: { columns: readonly string[]; currency: string; fallback: string };
}

export interface ParsedCsv {
  columns: string[];
  /** The data rows (row numbers as the server counts them: the header is row 1). */
  rows: { row: number; values: Record<string, string> }[];
  /** Columns the endpoint does not take (the server refuses the file). */
  unknown: string[];
  /** Required columns the file lacks. */
  missing: string[];
  /** Known columns the file leaves out (their fields stay empty, or as they are on updated rows). */
  absent: string[];
}

/**
 * Reads a CSV file's text as the import will: a header row (names trimmed), then records (quoted cells may span
 * lines); empty lines are skipped, as the server skips them, so row numbers match its errors.
 */
export function parseImport(text: string, known: readonly string[], required: readonly string[]): ParsedCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  const [header = [], ...records] = parsed.data;
  const columns = header.map((h) => h.trim());
  return {
    columns,
    rows: records.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ''])) })),
    unknown: columns.filter((c) => !known.includes(c)),
    missing: required.filter((c) => !columns.includes(c)),
    absent: known.filter((c) => !columns.includes(c) && !required.includes(c)),
  };
}

interface Chosen {
  name: string;
  csv: string;
  parsed: ParsedCsv;
  /** The dry run's answer, once it has come. */
  result: ImportResult | null;
  /** One key for this file's import, reused if "Import" is pressed again after a failure. */
  idempotencyKey: string;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const columnsMatch = (parsed: ParsedCsv) => parsed.columns.length > 0 && parsed.unknown.length === 0 && parsed.missing.length === 0;

export interface CsvImportDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The list's import mutation; the dialog sends the dry run and the import through it. */
  importCsv: CsvImportMutation;
  /** What a row is, lower case: `{ one: 'product', many: 'products' }` ("Import products", "Import 2 products"). */
  noun: { one: string; many: string };
  columns: CsvImportColumns;
  /** How rows are matched to existing ones: "Rows are matched by SKU: …". */
  matching: string;
  /** How the columns' values are written (after the list of columns): "Price in cents (2500 = 25.00)." */
  help?: ReactNode;
}

export function CsvImportDialog({ open, onOpenChange, importCsv, noun, columns, matching, help }: CsvImportDialogProps) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const inputId = useId();
  const opener = useRef<HTMLElement | null>(null);
  const { known, required } = columns;
  const sent = importCsv.variables;
  const checking = importCsv.isPending && sent?.dryRun === true;
  const importing = importCsv.isPending && sent?.dryRun === false;

  // Focus goes back on close to what had it when the dialog opened (the list's "Import CSV" button): read here,
  // before the dialog's content mounts and takes focus.
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  }, [open]);

  useEffect(() => {
    if (open) {
      setChosen(null);
      setReadError(null);
      importCsv.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [open]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Emptied, so that choosing the same file again once it is fixed reads it again.
    event.target.value = '';
    setChosen(null);
    setReadError(null);
    importCsv.reset();
    if (!file) return;
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      setReadError('Could not read this file.');
      return;
    }
    const parsed = parseImport(csv, known, required);
    const next: Chosen = { name: file.name, csv, parsed, result: null, idempotencyKey: crypto.randomUUID() };
    setChosen(next);
    if (!columnsMatch(parsed)) return;
    importCsv.mutate({ csv, dryRun: true }, { onSuccess: (result) => setChosen({ ...next, result }) });
  }

  function runImport() {
    if (!chosen) return;
    importCsv.mutate(
      { csv: chosen.csv, dryRun: false, idempotencyKey: chosen.idempotencyKey },
      {
        onSuccess: (result) => {
          toast.success(`Imported ${count(result.created, `new ${noun.one}`, `new ${noun.many}`)} and updated ${count(result.updated, noun.one, noun.many)}`);
          onOpenChange(false);
        },
      },
    );
  }

  const result = chosen?.result;
  const canImport = Boolean(result && result.errors.length === 0 && result.created + result.updated > 0);
  const failed = Boolean(result && result.errors.length > 0);
  const rowsWithErrors = new Set(result?.errors.map((e) => e.row)).size;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      returnFocusTo={opener}
      title={`Import ${noun.many}`}
      description={`${matching} Choosing a file only checks it. The import is all or nothing: if any row has an error, nothing is written.`}
      className="top-[5%] max-h-[90vh] w-[min(60rem,calc(100vw-2rem))] overflow-y-auto"
    >
      <div className="space-y-3">
        <div className="space-y-1">
          <label htmlFor={inputId} className="block text-xs font-medium">
            CSV file
          </label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            onChange={choose}
            aria-describedby={`${inputId}-hint`}
            // Choosing a file is what the dialog is for: focus starts here.
            autoFocus
            className="block w-full text-sm file:mr-3 file:h-8 file:rounded-md file:border file:border-border-strong file:bg-surface file:px-3 file:text-sm file:font-medium file:text-fg hover:file:bg-subtle"
          />
          <p id={`${inputId}-hint`} className="text-xs text-muted">
            Columns:{' '}
            {known.map((c, i) => (
              <span key={c}>
                {i > 0 ? ', ' : ''}
                <code className={cx(required.includes(c) && 'font-semibold')}>{c}</code>
              </span>
            ))}
            {required.length > 0 ? ` (required: ${required.join(', ')})` : ''}. {help ? <>{help} </> : null}An export has exactly this layout.
          </p>
        </div>
        <FormError message={readError} />
        {chosen ? <Preview chosen={chosen} columns={columns} noun={noun} checking={checking} /> : null}
        {/* One live region for the check, present before it speaks so that each change is announced. */}
        <p role="status" className={cx('flex items-center gap-2 text-sm empty:sr-only', failed && 'text-danger')}>
          {checking ? (
            <>
              <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin text-muted" />
              Checking every row…
            </>
          ) : !result ? null : failed ? (
            `${count(rowsWithErrors, 'row has', 'rows have')} errors. Nothing is imported while any row has one: fix the file and choose it again.`
          ) : chosen?.parsed.rows.length === 0 ? (
            `The file has no ${noun.many}.`
          ) : (
            `Ready: ${result.created.toLocaleString('en')} new, ${result.updated.toLocaleString('en')} updated.`
          )}
        </p>
        {importCsv.isError && sent?.dryRun ? <RequestError error={importCsv.error} /> : null}
        {result && failed ? <Errors errors={result.errors} /> : null}
        <FormError message={importCsv.isError && sent?.dryRun === false ? errorMessage(importCsv.error) : null} />
      </div>
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button variant="primary" disabled={!canImport || importing} onClick={runImport}>
          {importing ? 'Importing…' : result && canImport ? `Import ${count(result.created + result.updated, noun.one, noun.many)}` : 'Import'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The file's columns checked against the endpoint's, and its first rows with what the check found in each. */
function Preview({ chosen, columns, noun, checking }: { chosen: Chosen; columns: CsvImportColumns; noun: { many: string }; checking: boolean }) {
  const { parsed, name, result } = chosen;
  const shown = parsed.rows.slice(0, PREVIEW_ROWS);
  const problems = [...parsed.unknown.map((c) => (c ? `Unknown column ${c}` : 'A column has no name')), ...parsed.missing.map((c) => `Missing column ${c}`)];
  const checked = columnsMatch(parsed);
  const errorCount = new Map<number, number>();
  for (const e of result?.errors ?? []) errorCount.set(e.row, (errorCount.get(e.row) ?? 0) + 1);
  return (
    <section aria-label="Preview" className="space-y-2">
      <p className="text-sm">
        <span className="font-medium">{name}</span>: {count(parsed.rows.length, 'row', 'rows')}, {count(parsed.columns.length, 'column', 'columns')}
        {parsed.absent.length > 0 ? <span className="text-muted"> (without {parsed.absent.join(', ')})</span> : null}
      </p>
      {parsed.columns.length === 0 ? <FormError message="The file is empty: it needs a header row." /> : null}
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger">
          <p>The columns do not match {noun.many}: fix the header row and choose the file again.</p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {/* The scrolling boxes of rows are focusable, so that the keyboard can scroll them. */}
      {shown.length > 0 ? (
        <div tabIndex={0} role="group" aria-label="The first rows of the file" className="max-h-72 overflow-auto rounded-md border border-border">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">The first rows of the file</caption>
            <thead className="sticky top-0 bg-subtle text-muted">
              <tr>
                <th scope="col" className="w-12 px-2 py-1.5 font-medium">
                  Row
                </th>
                {parsed.columns.map((c, i) => (
                  <th
                    key={`${i}:${c}`}
                    scope="col"
                    className={cx('px-2 py-1.5 font-medium whitespace-nowrap', parsed.unknown.includes(c) && 'text-danger line-through')}
                  >
                    {c}
                  </th>
                ))}
                {checked ? (
                  <th scope="col" className="px-2 py-1.5 font-medium">
                    Check
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {shown.map(({ row, values }) => {
                const errors = errorCount.get(row) ?? 0;
                return (
                  <tr key={row} className={errors > 0 ? 'bg-danger-soft/60' : undefined}>
                    <td className="px-2 py-1 text-muted tabular-nums">{row}</td>
                    {parsed.columns.map((c, i) => (
                      <td key={`${i}:${c}`} className={cx('max-w-48 truncate px-2 py-1', columns.money?.columns.includes(c) && 'text-right tabular-nums')}>
                        {cellText(c, values, columns)}
                      </td>
                    ))}
                    {checked ? (
                      <td className="px-2 py-1 whitespace-nowrap">
                        {errors > 0 ? (
                          <span className="text-danger">{count(errors, 'error', 'errors')}</span>
                        ) : result ? (
                          <span className="text-success">Ready</span>
                        ) : checking ? (
                          <span className="text-muted">…</span>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {parsed.rows.length > shown.length ? (
        <p className="text-xs text-muted">
          Showing the first {shown.length} of {parsed.rows.length.toLocaleString('en')} rows; every row is checked.
        </p>
      ) : null}
    </section>
  );
}

/** A cell as the preview shows it: an amount in minor units as money (2500 usd → $25.00), else as written. */
function cellText(column: string, values: Record<string, string>, { money }: CsvImportColumns): string {
  const text = values[column] ?? '';
  if (!money?.columns.includes(column)) return text;
  const amount = Number(text.trim());
  if (!text.trim() || !Number.isInteger(amount)) return text;
  const currency = (values[money.currency] ?? '').trim();
  return formatMoney(amount, /^[a-z]{3}$/i.test(currency) ? currency : money.fallback);
}

/** Every error the dry run found (in the preview's rows and past them), by row and column. */
function Errors({ errors }: { errors: ImportResult['errors'] }) {
  const listed = [...errors].sort((a, b) => a.row - b.row).slice(0, ERROR_ROWS);
  return (
    <div className="space-y-1">
      <div tabIndex={0} role="group" aria-label="Errors by row" className="max-h-60 overflow-auto rounded-md border border-danger/40">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Errors by row</caption>
          <thead className="sticky top-0 bg-danger-soft text-danger">
            <tr>
              <th scope="col" className="w-12 px-2 py-1.5 font-medium">
                Row
              </th>
              <th scope="col" className="w-40 px-2 py-1.5 font-medium">
                Column
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {listed.map((e, i) => (
              <tr key={`${e.row}:${e.path}:${i}`} data-testid="import-error">
                <td className="px-2 py-1 tabular-nums">{e.row}</td>
                <td className="px-2 py-1 font-mono">{e.path === 'row' ? '—' : e.path}</td>
                <td className="px-2 py-1">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errors.length > listed.length ? (
        <p className="text-xs text-muted">{`And ${count(errors.length - listed.length, 'more error', 'more errors')}.`}</p>
      ) : null}
    </div>
  );
}

/** A file the server refuses outright (an unclosed quote, too large, too many rows): its message and details. */
function RequestError({ error }: { error: unknown }) {
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div role="alert" className="rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger">
      <p>{errorMessage(error)}</p>
      {details.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-xs">
          {details.map((d) => (
            <li key={`${d.path}:${d.message}`}>{d.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
