import { useMutation } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Toaster } from 'sonner';
import { describe, expect, it, vi } from 'vitest';
import type { ImportResult } from '../../contracts/common';
import { ApiError } from '@/lib/api-error';
import { renderRoute } from '@/test/render';
import { CsvImportDialog, ERROR_ROWS, parseImport, PREVIEW_ROWS, type CsvImportColumns, type CsvImportRequest } from './csv-import-dialog';

// A list of "things": the dialog with a fake import endpoint, so these tests are about the dialog alone (each
// list's own test checks its endpoint, columns and matching).
const columns: CsvImportColumns = {
  known: ['code', 'name', 'email', 'price', 'currency', 'status'],
  required: ['name'],
  money: { columns: ['price'], currency: 'currency', fallback: 'usd' },
};

type Send = (request: CsvImportRequest) => Promise<ImportResult>;

function ImportThings({ send, open = true, onOpenChange = () => {} }: { send: Send; open?: boolean; onOpenChange?: (open: boolean) => void }) {
  const importCsv = useMutation({ mutationFn: send });
  return (
    <>
      <CsvImportDialog
        open={open}
        onOpenChange={onOpenChange}
        importCsv={importCsv}
        noun={{ one: 'thing', many: 'things' }}
        columns={columns}
        matching="Rows with a code update that thing."
        help="Prices in cents."
      />
      <Toaster />
    </>
  );
}

/** A page with the dialog's opener: the dialog opens and closes as it does in the app. */
function Reopenable({ send }: { send: Send }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Import CSV
      </button>
      <ImportThings send={send} open={open} onOpenChange={setOpen} />
    </>
  );
}

/** An endpoint that answers each request with the next of `answers` (an error is thrown), and records them. */
function endpoint(...answers: (ImportResult | Error | Promise<ImportResult>)[]) {
  const requests: CsvImportRequest[] = [];
  const send = vi.fn<Send>(async (request) => {
    requests.push(request);
    const answer = await answers[Math.min(requests.length, answers.length) - 1];
    if (answer instanceof Error) throw answer;
    return answer!;
  });
  return { send, requests };
}

/** A dry run answered only once `release` is called, so the dialog can be seen before the check answers. */
function deferred(result: ImportResult) {
  let release = () => {};
  const answer = new Promise<ImportResult>((resolve) => (release = () => resolve(result)));
  return { answer, release: () => release() };
}

const file = (text: string, name = 'things.csv') => new File([text], name, { type: 'text/csv' });
const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `,Thing ${i + from},t${i + from}@example.com,100,,active`);
const texts = (elements: HTMLElement[]) => elements.map((e) => e.textContent);
// A table's body rows and cells through the table's own API: role queries over every cell of a 20-row preview
// are slow in jsdom, and these read the same table.
const bodyRows = (table: HTMLElement) => [...(table as HTMLTableElement).tBodies[0]!.rows];
const cells = (row: HTMLElement) => [...(row as HTMLTableRowElement).cells].map((c) => c.textContent);

const HEADER = 'code,name,email,price,currency,status';
/** With a BOM, which the preview skips; the file's text (as sent) is without it. */
const GOOD = `\uFEFF${HEADER}\r\nTHG-0001,"Lee, Ada",ada@example.com,2500,eur,active\r\n,"Two\r\nlines",,1299,,\r\n,Odd price,,12.5,,\r\n${rows(22).join('\r\n')}\r\n`;
const SENT = GOOD.slice(1);

describe('parseImport', () => {
  it('reads quoted cells (commas, doubled quotes, line breaks) and numbers rows as the server does', () => {
    const parsed = parseImport('\uFEFFname,notes\r\n"A, B","say ""hi"""\r\n"C","two\nlines"\r\n\r\n', ['code', 'name', 'notes'], ['name']);
    expect(parsed.columns).toEqual(['name', 'notes']);
    expect(parsed.rows).toEqual([
      { row: 2, values: { name: 'A, B', notes: 'say "hi"' } },
      { row: 3, values: { name: 'C', notes: 'two\nlines' } },
    ]);
    expect(parsed.absent).toEqual(['code']);
  });

  it('skips only empty lines, as the server does: a row of empty cells keeps its number', () => {
    const parsed = parseImport('name,notes\n\nA,x\n,\nB,y\n', ['name', 'notes'], ['name']);
    expect(parsed.rows.map((r) => [r.row, r.values.name])).toEqual([
      [2, 'A'],
      [3, ''],
      [4, 'B'],
    ]);
  });

  it('names unknown columns (a nameless one too) and missing required ones, header names trimmed', () => {
    const parsed = parseImport(' colour ,email,\nred,a@example.com,\n', ['code', 'name', 'email'], ['name']);
    expect(parsed.columns).toEqual(['colour', 'email', '']);
    expect(parsed.unknown).toEqual(['colour', '']);
    expect(parsed.missing).toEqual(['name']);
  });
});

describe('CsvImportDialog', () => {
  // The longest test (a 25-row file, two requests, a toast): more time than the default 5 s, for a busy machine.
  it('previews the file at once, checks every row with a dry run, then imports it all with one key', async () => {
    const check = deferred({ created: 24, updated: 1, errors: [] });
    const { send, requests } = endpoint(check.answer, { created: 24, updated: 1, errors: [] });
    const onOpenChange = vi.fn();
    const user = userEvent.setup();
    renderRoute(<ImportThings send={send} onOpenChange={onOpenChange} />);
    const dialog = screen.getByRole('dialog', { name: 'Import things' });
    expect(dialog).toHaveAccessibleDescription(
      'Rows with a code update that thing. Choosing a file only checks it. The import is all or nothing: if any row has an error, nothing is written.',
    );
    const input = within(dialog).getByLabelText('CSV file');
    expect(input).toHaveFocus();
    expect(input).toHaveAccessibleDescription(
      'Columns: code, name, email, price, currency, status (required: name). Prices in cents. An export has exactly this layout.',
    );
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    const status = within(dialog).getByRole('status');
    expect(status).toBeEmptyDOMElement();

    await user.upload(input, file(GOOD));
    // The rows, read in the browser, while the server checks them.
    await waitFor(() => expect(status).toHaveTextContent('Checking every row…'));
    const preview = within(dialog).getByRole('region', { name: 'Preview' });
    expect(preview).toHaveTextContent('things.csv: 25 rows, 6 columns');
    expect(preview).toHaveTextContent('Showing the first 20 of 25 rows; every row is checked.');
    const table = within(preview).getByRole('table');
    // The box of rows scrolls, so the keyboard can reach it.
    expect(within(preview).getByRole('group', { name: 'The first rows of the file' })).toHaveAttribute('tabindex', '0');
    expect(texts(within(table).getAllByRole('columnheader'))).toEqual(['Row', 'code', 'name', 'email', 'price', 'currency', 'status', 'Check']);
    expect(bodyRows(table)).toHaveLength(PREVIEW_ROWS);
    // Amounts in minor units as money, in the row's currency or the fallback; other text as written.
    expect(bodyRows(table).slice(0, 3).map(cells)).toEqual([
      ['2', 'THG-0001', 'Lee, Ada', 'ada@example.com', '€25.00', 'eur', 'active', '…'],
      ['3', '', 'Two\r\nlines', '', '$12.99', '', '', '…'],
      ['4', '', 'Odd price', '', '12.5', '', '', '…'],
    ]);
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(requests).toEqual([{ csv: SENT, dryRun: true }]);

    check.release();
    await waitFor(() => expect(status).toHaveTextContent(/^Ready: 24 new, 1 updated\.$/));
    expect(bodyRows(table).map((r) => cells(r).at(-1))).toEqual(Array(PREVIEW_ROWS).fill('Ready'));

    await user.click(within(dialog).getByRole('button', { name: 'Import 25 things' }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(requests).toHaveLength(2);
    expect(requests[1]).toEqual({ csv: SENT, dryRun: false, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await screen.findByText('Imported 24 new things and updated 1 thing')).toBeInTheDocument();
  }, 15_000);

  it("lists the dry run's errors by row and column, in the preview and past it, and imports nothing while there are any", async () => {
    const csv = `${HEADER}\n${rows(PREVIEW_ROWS + 10).join('\n')}\n`;
    const { send, requests } = endpoint({
      created: 0,
      updated: 0,
      errors: [
        { row: PREVIEW_ROWS + 8, path: 'email', message: 'Row 2 has this email too' },
        { row: 3, path: 'status', message: 'Invalid option: expected one of "active"|"inactive"' },
        { row: 3, path: 'price', message: 'Invalid input: expected int' },
        { row: 5, path: 'row', message: 'Too many cells' },
      ],
    });
    const user = userEvent.setup();
    renderRoute(<ImportThings send={send} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(csv));
    expect(await within(dialog).findByText('3 rows have errors. Nothing is imported while any row has one: fix the file and choose it again.')).toHaveRole(
      'status',
    );
    expect(within(dialog).getByRole('group', { name: 'Errors by row' })).toHaveAttribute('tabindex', '0');
    expect(within(dialog).getAllByTestId('import-error').map(cells)).toEqual([
      ['3', 'status', 'Invalid option: expected one of "active"|"inactive"'],
      ['3', 'price', 'Invalid input: expected int'],
      ['5', '—', 'Too many cells'],
      [String(PREVIEW_ROWS + 8), 'email', 'Row 2 has this email too'],
    ]);
    // The preview marks its rows that have errors.
    const preview = bodyRows(within(within(dialog).getByRole('region', { name: 'Preview' })).getByRole('table'));
    expect(preview.slice(0, 4).map((r) => cells(r).at(-1))).toEqual(['Ready', '2 errors', 'Ready', '1 error']);
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(requests).toHaveLength(1);
  });

  it(`lists at most ${ERROR_ROWS} errors and counts the others`, async () => {
    const csv = `${HEADER}\n${rows(ERROR_ROWS + 5).join('\n')}\n`;
    const errors = Array.from({ length: ERROR_ROWS + 5 }, (_, i) => ({ row: i + 2, path: 'name', message: 'Enter a name' }));
    const user = userEvent.setup();
    renderRoute(<ImportThings send={endpoint({ created: 0, updated: 0, errors }).send} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(csv));
    expect(await within(dialog).findByText('And 5 more errors.')).toBeInTheDocument();
    expect(within(dialog).getAllByTestId('import-error')).toHaveLength(ERROR_ROWS);
  });

  it('refuses a file whose columns do not match, or an empty one, before asking the server', async () => {
    const { send } = endpoint({ created: 0, updated: 0, errors: [] });
    const user = userEvent.setup();
    renderRoute(<ImportThings send={send} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file('name,colour\nAda,red\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The columns do not match things: fix the header row and choose the file again.');
    expect(alert).toHaveTextContent('Unknown column colour');
    expect(within(dialog).getByRole('columnheader', { name: 'colour' })).toHaveClass('line-through');
    // Nothing is checked, so the preview has no Check column and the status says nothing.
    expect(within(dialog).queryByRole('columnheader', { name: 'Check' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('status')).toBeEmptyDOMElement();

    await user.upload(within(dialog).getByLabelText('CSV file'), file('email,\na@example.com,\n'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Missing column name');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('A column has no name');

    await user.upload(within(dialog).getByLabelText('CSV file'), file(''));
    expect(await within(dialog).findByText('The file is empty: it needs a header row.')).toHaveRole('alert');
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(send).not.toHaveBeenCalled();
  });

  it('says so when the file has no rows', async () => {
    const user = userEvent.setup();
    renderRoute(<ImportThings send={endpoint({ created: 0, updated: 0, errors: [] }).send} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(`${HEADER}\r\n`));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('The file has no things.'));
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
  });

  it('explains a file the server refuses outright', async () => {
    const refused = new ApiError(422, 'validation_failed', 'The CSV has an unclosed quote', [{ path: 'body', message: 'Unclosed quote' }]);
    const user = userEvent.setup();
    renderRoute(<ImportThings send={endpoint(refused).send} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(`${HEADER}\n,"Ada\n`));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The CSV has an unclosed quote');
    expect(alert).toHaveTextContent('Unclosed quote');
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
  });

  it("keeps the file's key when an import fails, so that pressing Import again cannot import it twice", async () => {
    const ready: ImportResult = { created: 1, updated: 0, errors: [] };
    const { send, requests } = endpoint(ready, new ApiError(503, 'unknown', 'The service is unavailable right now. Try again shortly.'), ready);
    const onOpenChange = vi.fn();
    const user = userEvent.setup();
    renderRoute(<ImportThings send={send} onOpenChange={onOpenChange} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(`${HEADER}\n,Ada,,,,\n`));
    await user.click(await within(dialog).findByRole('button', { name: 'Import 1 thing' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The service is unavailable right now. Try again shortly.');
    // The check's answer stays, and so does the preview.
    expect(within(dialog).getByRole('status')).toHaveTextContent('Ready: 1 new, 0 updated.');
    expect(onOpenChange).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('button', { name: 'Import 1 thing' }));
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledWith(false));
    expect(requests.map((r) => r.dryRun)).toEqual([true, false, false]);
    expect(requests[2]!.idempotencyKey).toBe(requests[1]!.idempotencyKey);
    expect(requests[1]!.idempotencyKey).toBeDefined();
  });

  it('gives a file chosen again a new key, starts empty each time it opens, and gives focus back to its opener', async () => {
    const ready: ImportResult = { created: 0, updated: 1, errors: [] };
    const { send, requests } = endpoint(ready, new ApiError(503, 'unknown', 'Try again shortly.'), ready, ready);
    const user = userEvent.setup();
    renderRoute(<Reopenable send={send} />);
    const opener = screen.getByRole('button', { name: 'Import CSV' });
    await user.click(opener);
    const dialog = () => screen.getByRole('dialog', { name: 'Import things' });
    const csv = `${HEADER}\nTHG-0001,Ada,,,,\n`;
    await user.upload(within(dialog()).getByLabelText('CSV file'), file(csv));
    await user.click(await within(dialog()).findByRole('button', { name: 'Import 1 thing' }));
    await within(dialog()).findByRole('alert');

    await user.upload(within(dialog()).getByLabelText('CSV file'), file(csv, 'again.csv'));
    expect(within(dialog()).queryByRole('alert')).not.toBeInTheDocument();
    await waitFor(() => expect(within(dialog()).getByRole('region', { name: 'Preview' })).toHaveTextContent('again.csv: 1 row, 6 columns'));
    await user.click(await within(dialog()).findByRole('button', { name: 'Import 1 thing' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.map((r) => r.dryRun)).toEqual([true, false, true, false]);
    expect(requests[3]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(requests[3]!.idempotencyKey).not.toBe(requests[1]!.idempotencyKey);
    await waitFor(() => expect(opener).toHaveFocus());

    await user.click(opener);
    expect(within(dialog()).queryByRole('region', { name: 'Preview' })).not.toBeInTheDocument();
    expect(within(dialog()).getByRole('status')).toBeEmptyDOMElement();
    expect(within(dialog()).getByRole('button', { name: 'Import' })).toBeDisabled();
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(opener).toHaveFocus());
  });
});
