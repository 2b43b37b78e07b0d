// Importing records from a CSV file: the file is read in the browser (papaparse) and its first rows shown with
// its columns checked against the declaration's; then the server checks every row without writing (a dry run)
// and answers what it would create and update, or each row's errors; "Import" then writes it all or nothing.
import Papa from 'papaparse';
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { toast } from 'sonner';
import type { ImportResult } from '../../../contracts/common';
import { csvColumns, writableFields } from '../../../contracts/resource';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Spinner } from '@/components/spinner';
import { ApiError, errorMessage } from '../api-error';
import { cx } from '../cx';
import { useImportRecords } from './api';
import type { Resource } from './meta';

/** The preview shows the file's first rows. */
export const PREVIEW_ROWS = 20;

export interface ParsedCsv {
  columns: string[];
  /** The data rows (row numbers as the server counts them: the header is row 1). */
  rows: { row: number; values: Record<string, string> }[];
  /** Columns the resource does not have (the server refuses the file). */
  unknown: string[];
  /** Required columns the file lacks. */
  missing: string[];
  /** Known columns the file leaves out (their fields stay empty, or as they are on updated rows). */
  absent: string[];
}

/** Reads a CSV file's text as the import will: a header row, then records (quoted cells may span lines). */
export function parseImport(text: string, known: readonly string[], required: readonly string[]): ParsedCsv {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header = [], ...records] = parsed.data;
  const columns = header.map((h) => h.trim());
  return {
    columns,
    rows: records.map((cells, i) => ({ row: i + 2, values: Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ''])) })),
    unknown: columns.filter((c) => c && !known.includes(c)),
    missing: required.filter((c) => !columns.includes(c)),
    absent: known.filter((c) => !columns.includes(c) && !required.includes(c)),
  };
}

interface Checked {
  name: string;
  csv: string;
  parsed: ParsedCsv;
  result: ImportResult | null;
  /** One key for this file's import, reused if "Import" is pressed again after a failure. */
  idempotencyKey: string;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function ImportRecordsDialog({
  resource,
  wid,
  open,
  onOpenChange,
}: {
  resource: Resource;
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { def } = resource;
  const check = useImportRecords(resource, wid);
  const commit = useImportRecords(resource, wid);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const inputId = useId();
  const known = csvColumns(def);
  const required = writableFields(def)
    .filter((f) => f.required)
    .map((f) => f.key);
  const label = def.label.toLowerCase();
  const labels = def.pluralLabel.toLowerCase();

  useEffect(() => {
    if (open) {
      setChecked(null);
      setReadError(null);
      check.reset();
      commit.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [open]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Emptied, so that choosing the same file again once it is fixed reads it again.
    event.target.value = '';
    setChecked(null);
    setReadError(null);
    check.reset();
    commit.reset();
    if (!file) return;
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      setReadError('Could not read this file.');
      return;
    }
    const parsed = parseImport(csv, known, required);
    const next: Checked = { name: file.name, csv, parsed, result: null, idempotencyKey: crypto.randomUUID() };
    setChecked(next);
    if (parsed.columns.length === 0 || parsed.unknown.length > 0 || parsed.missing.length > 0) return;
    check.mutate({ csv, dryRun: true }, { onSuccess: (result) => setChecked({ ...next, result }) });
  }

  function runImport() {
    if (!checked) return;
    commit.mutate(
      { csv: checked.csv, dryRun: false, idempotencyKey: checked.idempotencyKey },
      {
        onSuccess: (result) => {
          toast.success(`Imported ${count(result.created, `new ${label}`, `new ${labels}`)} and updated ${count(result.updated, label, labels)}`);
          onOpenChange(false);
        },
      },
    );
  }

  const result = checked?.result;
  const canImport = Boolean(result && result.errors.length === 0 && result.created + result.updated > 0);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Import ${labels}`}
      description={`Rows with a code update that ${label}; rows without one are created. The import is all or nothing: if any row has an error, nothing is written.`}
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
            {required.length > 0 ? ` (required: ${required.join(', ')})` : ''}. Money in minor units (2500 = 25.00), dates as YYYY-MM-DD. An export has exactly
            this layout.
          </p>
        </div>
        <FormError message={readError} />
        {checked ? <Preview resource={resource} checked={checked} /> : null}
        {check.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner label="Checking the file" /> Checking every row…
          </p>
        ) : null}
        {check.isError ? <RequestError error={check.error} /> : null}
        {checked && result ? <Outcome result={result} total={checked.parsed.rows.length} labels={labels} /> : null}
        <FormError message={commit.isError ? errorMessage(commit.error) : null} />
      </div>
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button variant="primary" disabled={!canImport || commit.isPending} onClick={runImport}>
          {commit.isPending ? 'Importing…' : result && canImport ? `Import ${count(result.created + result.updated, label, labels)}` : 'Import'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The file's columns checked against the resource's, and its first rows. */
function Preview({ resource, checked }: { resource: Resource; checked: Checked }) {
  const { parsed, name } = checked;
  const shown = parsed.rows.slice(0, PREVIEW_ROWS);
  const problems = [...parsed.unknown.map((c) => `Unknown column ${c}`), ...parsed.missing.map((c) => `Missing column ${c}`)];
  return (
    <section aria-label="Preview" className="space-y-2">
      <p className="text-sm">
        <span className="font-medium">{name}</span>: {count(parsed.rows.length, 'row', 'rows')}, {count(parsed.columns.length, 'column', 'columns')}
        {parsed.absent.length > 0 ? <span className="text-muted"> (without {parsed.absent.join(', ')})</span> : null}
      </p>
      {parsed.columns.length === 0 ? <FormError message="The file is empty: it needs a header row." /> : null}
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-danger/40 bg-danger-soft px-3 py-2 text-sm text-danger">
          <p>The columns do not match {resource.def.pluralLabel.toLowerCase()}: fix the header row and choose the file again.</p>
          <ul className="mt-1 list-disc pl-5 text-xs">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {shown.length > 0 ? (
        <div className="max-h-72 overflow-auto rounded-md border border-border">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">The first rows of the file</caption>
            <thead className="sticky top-0 bg-subtle text-muted">
              <tr>
                <th scope="col" className="w-12 px-2 py-1.5 font-medium">
                  Row
                </th>
                {parsed.columns.map((c) => (
                  <th key={c} scope="col" className={cx('px-2 py-1.5 font-medium whitespace-nowrap', parsed.unknown.includes(c) && 'text-danger line-through')}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {shown.map(({ row, values }) => (
                <tr key={row}>
                  <td className="px-2 py-1 text-muted tabular-nums">{row}</td>
                  {parsed.columns.map((c) => (
                    <td key={c} className="max-w-48 truncate px-2 py-1">
                      {values[c]}
                    </td>
                  ))}
                </tr>
              ))}
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

/** What the dry run found: "N new, M updated", or every error by row and column. */
function Outcome({ result, total, labels }: { result: ImportResult; total: number; labels: string }) {
  if (result.errors.length === 0) {
    return (
      <p role="status" className="rounded-md border border-success/40 bg-success/10 px-3 py-2 text-sm">
        {total === 0 ? `The file has no ${labels}.` : `Ready: ${result.created.toLocaleString('en')} new, ${result.updated.toLocaleString('en')} updated.`}
      </p>
    );
  }
  const rows = new Set(result.errors.map((e) => e.row)).size;
  return (
    <div className="space-y-2">
      <p role="alert" className="text-sm text-danger">
        {count(rows, 'row has', 'rows have')} errors. Nothing is imported while any row has one: fix the file and choose it again.
      </p>
      <div className="max-h-60 overflow-auto rounded-md border border-danger/40">
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
            {result.errors.map((e, i) => (
              <tr key={`${e.row}:${e.path}:${i}`} data-testid="import-error">
                <td className="px-2 py-1 tabular-nums">{e.row}</td>
                <td className="px-2 py-1 font-mono">{e.path === 'row' ? '—' : e.path}</td>
                <td className="px-2 py-1">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A file the server refuses outright (a header that does not match, an unclosed quote, too large): its message and details. */
function RequestError({ error }: { error: unknown }) {
  const details = error instanceof ApiError ? error.details.map((d) => d.message) : [];
  return <FormError message={[errorMessage(error), ...details].join(' · ')} />;
}
