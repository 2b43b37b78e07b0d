// Importing products from a CSV file: the file is checked first (a dry run: nothing written) and the preview
// shows what would be created and updated and every row's errors; "Import" then writes it all or nothing.
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { toast } from 'sonner';
import type { ImportResult } from '../../../../contracts/common';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Spinner } from '@/components/spinner';
import { ApiError, errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { useImportProducts } from '../api';
import { csvRecords, type CsvRecord } from '@/lib/csv-file';
import { formatMoney } from '@/lib/money';

/** The preview lists at most this many rows (rows with errors first). */
const PREVIEW_ROWS = 100;

interface Checked {
  name: string;
  csv: string;
  records: CsvRecord[];
  result: ImportResult;
  /** One key for this file's import, reused if "Import" is pressed again after a failure. */
  idempotencyKey: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function ImportProductsDialog({ wid, open, onOpenChange }: { wid: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const check = useImportProducts(wid);
  const commit = useImportProducts(wid);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const inputId = useId();

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
    // Emptied, so that choosing the same file again once it is fixed reads it again (the preview names it).
    event.target.value = '';
    setChecked(null);
    setReadError(null);
    commit.reset();
    if (!file) return;
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      setReadError('Could not read this file.');
      return;
    }
    check.mutate(
      { csv, dryRun: true },
      { onSuccess: (result) => setChecked({ name: file.name, csv, records: csvRecords(csv), result, idempotencyKey: crypto.randomUUID() }) },
    );
  }

  function runImport() {
    if (!checked) return;
    commit.mutate(
      { csv: checked.csv, dryRun: false, idempotencyKey: checked.idempotencyKey },
      {
        onSuccess: (result) => {
          toast.success(`Imported ${plural(result.created, 'new product')} and updated ${plural(result.updated, 'product')}`);
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
      title="Import products"
      description="Rows are matched by SKU: new SKUs are created, existing ones updated. Nothing is written until you press Import."
      className="top-[6%] w-[min(48rem,calc(100vw-2rem))] max-h-[88vh] overflow-y-auto"
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
            Columns: <code>sku</code>, <code>name</code>, <code>price</code> (required; the price in cents, 2500 = 25.00), <code>description</code>,{' '}
            <code>currency</code>, <code>stock</code> (empty: not tracked), <code>category</code>, <code>imageUrl</code>, <code>active</code>. An export has
            exactly this layout.
          </p>
        </div>
        {check.isPending ? (
          <p className="flex items-center gap-2 text-sm text-muted">
            <Spinner label="Checking the file" /> Checking the file…
          </p>
        ) : null}
        <FormError message={readError} />
        {check.isError ? <RequestError error={check.error} /> : null}
        {checked && result ? <Preview checked={checked} result={result} /> : null}
        <FormError message={commit.isError ? errorMessage(commit.error) : null} />
      </div>
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button variant="primary" disabled={!canImport || commit.isPending} onClick={runImport}>
          {commit.isPending ? 'Importing…' : result && canImport ? `Import ${plural(result.created + result.updated, 'product')}` : 'Import'}
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

function Preview({ checked, result }: { checked: Checked; result: ImportResult }) {
  const errorsByRow = new Map<number, string[]>();
  for (const e of result.errors)
    errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), e.path && e.path !== 'row' ? `${e.path}: ${e.message}` : e.message]);
  const rows = [...checked.records].sort((a, b) => Number(errorsByRow.has(b.row)) - Number(errorsByRow.has(a.row)) || a.row - b.row);
  const shown = rows.slice(0, PREVIEW_ROWS);
  const failed = result.errors.length > 0;
  return (
    <div className="space-y-2">
      <p role="status" className={cx('text-sm', failed && 'text-danger')}>
        <span className="font-medium">{checked.name}</span>:{' '}
        {failed
          ? `${plural(errorsByRow.size, 'row')} with errors. Fix the file and choose it again: nothing is imported while any row has an error.`
          : checked.records.length === 0
            ? 'no product rows.'
            : `${result.created} new, ${result.updated} updated.`}
      </p>
      {shown.length > 0 ? (
        <div className="max-h-80 overflow-auto rounded-md border border-border">
          <table className="w-full text-left text-xs">
            <caption className="sr-only">Rows of the file and what importing would do</caption>
            <thead className="sticky top-0 bg-subtle text-muted">
              <tr>
                <th scope="col" className="w-12 px-2 py-1.5 font-medium">
                  Row
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  SKU
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Name
                </th>
                <th scope="col" className="px-2 py-1.5 text-right font-medium">
                  Price
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
                    <td className="px-2 py-1 font-mono">{values.sku}</td>
                    <td className="max-w-56 truncate px-2 py-1">{values.name}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{previewPrice(values.price ?? '', values.currency ?? '')}</td>
                    <td className="px-2 py-1">
                      {problems ? (
                        <ul className="text-danger">
                          {problems.map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="text-success">Ready</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {rows.length > shown.length ? (
        <p className="text-xs text-muted">
          Showing {shown.length} of {rows.length} rows.
        </p>
      ) : null}
    </div>
  );
}

function previewPrice(price: string, currency: string): string {
  const amount = Number(price.trim());
  if (!price.trim() || !Number.isInteger(amount)) return price;
  return formatMoney(amount, /^[a-z]{3}$/i.test(currency.trim()) ? currency.trim() : 'usd');
}
