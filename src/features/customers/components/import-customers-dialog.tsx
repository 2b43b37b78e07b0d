// Importing customers from a CSV file. Choosing a file shows its first rows at once (read in the browser) and
// checks the whole file with a dry run (nothing written): what would be created and updated, and each row's
// errors. "Import" then writes it all or nothing. Rows are matched to customers by email.
import { LoaderCircle } from 'lucide-react';
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { toast } from 'sonner';
import type { ImportResult } from '../../../../contracts/common';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { ApiError, errorMessage } from '@/lib/api-error';
import { csvRecords, type CsvRecord } from '@/lib/csv-file';
import { cx } from '@/lib/cx';
import { useImportCustomers } from '../api';

/** The preview shows the file's first rows; errors of later rows are listed under it. */
export const PREVIEW_ROWS = 10;
/** At most this many errors of rows past the preview are listed (the count says how many there are). */
const MORE_ERRORS = 50;

interface Chosen {
  name: string;
  csv: string;
  records: CsvRecord[];
  /** One key for this file's import, reused if "Import" is pressed again after a failure. */
  idempotencyKey: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const describeError = (e: ImportResult['errors'][number]) => (e.path && e.path !== 'row' ? `${e.path}: ${e.message}` : e.message);

export function ImportCustomersDialog({ wid, open, onOpenChange }: { wid: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const check = useImportCustomers(wid);
  const commit = useImportCustomers(wid);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const inputId = useId();

  useEffect(() => {
    if (open) {
      setChosen(null);
      setReadError(null);
      check.reset();
      commit.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [open]);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Emptied, so that choosing the same file again once it is fixed reads it again (the preview names it).
    event.target.value = '';
    setChosen(null);
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
    setChosen({ name: file.name, csv, records: csvRecords(csv), idempotencyKey: crypto.randomUUID() });
    check.mutate({ csv, dryRun: true });
  }

  function runImport() {
    if (!chosen) return;
    commit.mutate(
      { csv: chosen.csv, dryRun: false, idempotencyKey: chosen.idempotencyKey },
      {
        onSuccess: (result) => {
          toast.success(`Imported ${plural(result.created, 'new customer')} and updated ${plural(result.updated, 'customer')}`);
          onOpenChange(false);
        },
      },
    );
  }

  const result = check.data;
  const canImport = Boolean(chosen && result && result.errors.length === 0 && result.created + result.updated > 0);
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import customers"
      description="Rows are matched by email: a customer with that email is updated, other rows are created. Nothing is written until you press Import."
      className="top-[6%] max-h-[88vh] w-[min(52rem,calc(100vw-2rem))] overflow-y-auto"
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
            Columns: <code>name</code> (required), <code>email</code>, <code>phone</code>, <code>company</code>, <code>tags</code> (separated by <code>;</code>
            ), <code>address</code>, <code>taxId</code>, <code>notes</code>, <code>status</code> (<code>active</code> or <code>inactive</code>
            ). <code>code</code> is ignored: new customers get theirs. An export has exactly this layout.
          </p>
        </div>
        <FormError message={readError} />
        {check.isError ? <RequestError error={check.error} /> : null}
        {chosen && !check.isError ? <Preview chosen={chosen} result={result} checking={check.isPending} /> : null}
        <FormError message={commit.isError ? errorMessage(commit.error) : null} />
      </div>
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button variant="primary" disabled={!canImport || commit.isPending} onClick={runImport}>
          {commit.isPending ? 'Importing…' : result && canImport ? `Import ${plural(result.created + result.updated, 'customer')}` : 'Import'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** A refused file (a header that does not match, an unclosed quote, too large): the message and its details. */
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

function Preview({ chosen, result, checking }: { chosen: Chosen; result: ImportResult | undefined; checking: boolean }) {
  const errorsByRow = new Map<number, string[]>();
  for (const e of result?.errors ?? []) errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), describeError(e)]);
  const shown = chosen.records.slice(0, PREVIEW_ROWS);
  const lastShown = shown.at(-1)?.row ?? 1;
  const laterErrors = (result?.errors ?? []).filter((e) => e.row > lastShown);
  const failed = errorsByRow.size > 0;
  const count = chosen.records.length;

  return (
    <div className="space-y-2">
      <p role="status" className={cx('flex items-center gap-2 text-sm', failed && 'text-danger')}>
        {/* The line itself says the file is being checked (one live region, not a spinner's own). */}
        {checking ? <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin text-muted" /> : null}
        <span>
          <span className="font-medium">{chosen.name}</span>: {plural(count, 'row')}.{' '}
          {checking
            ? 'Checking every row…'
            : !result
              ? null
              : failed
                ? `${plural(errorsByRow.size, 'row')} with errors. Fix the file and choose it again: nothing is imported while any row has an error.`
                : count === 0
                  ? 'There is nothing to import.'
                  : `Ready: ${result.created.toLocaleString('en')} new, ${result.updated.toLocaleString('en')} updated.`}
        </span>
      </p>
      {shown.length > 0 ? (
        <div className="overflow-x-auto rounded-md border border-border">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">{`The first ${shown.length} rows of the file and their check`}</caption>
            <thead className="bg-subtle text-muted">
              <tr>
                <th scope="col" className="w-12 px-2 py-1.5 font-medium">
                  Row
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Name
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Email
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Company
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Status
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Check
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {shown.map(({ row, values }) => {
                const problems = errorsByRow.get(row);
                return (
                  <tr key={row} className={problems ? 'bg-danger-soft/60' : undefined}>
                    <td className="px-2 py-1 text-muted tabular-nums">{row}</td>
                    <td className="max-w-48 truncate px-2 py-1">{values.name}</td>
                    <td className="max-w-56 truncate px-2 py-1">{values.email}</td>
                    <td className="max-w-40 truncate px-2 py-1">{values.company}</td>
                    <td className="px-2 py-1">{values.status}</td>
                    <td className="px-2 py-1">
                      {problems ? (
                        <ul className="text-danger">
                          {problems.map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                      ) : result ? (
                        <span className="text-success">Ready</span>
                      ) : (
                        <span className="text-muted">…</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {count > shown.length ? <p className="text-xs text-muted">{`Showing the first ${shown.length} of ${plural(count, 'row')}.`}</p> : null}
      {laterErrors.length > 0 ? (
        <div className="rounded-md border border-danger/40 px-3 py-2 text-xs">
          <p className="font-medium text-danger">Errors in later rows</p>
          <ul className="mt-1 space-y-0.5" aria-label="Errors in later rows">
            {laterErrors.slice(0, MORE_ERRORS).map((e) => (
              <li key={`${e.row}:${e.path}:${e.message}`}>
                <span className="text-muted tabular-nums">Row {e.row}</span> {describeError(e)}
              </li>
            ))}
          </ul>
          {laterErrors.length > MORE_ERRORS ? <p className="mt-1 text-muted">{`And ${plural(laterErrors.length - MORE_ERRORS, 'more error')}.`}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
