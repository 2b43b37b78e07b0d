import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { employeeResource } from '../../../contracts/crm';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ImportRecordsDialog, parseImport } from './import-dialog';
import { testResource } from './test-resource';

const resource = testResource(employeeResource, 'crm');
const url = `/api/workspaces/${ids.workspace}/employees/import`;
let server: MockApi;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const file = (text: string, name = 'employees.csv') => new File([text], name, { type: 'text/csv' });
const imports = () => server.requests.filter((r) => r.url === url);
const renderDialog = () => renderRoute(<ImportRecordsDialog resource={resource} wid={ids.workspace} open onOpenChange={() => {}} />);

const rows = (n: number) => Array.from({ length: n }, (_, i) => `,Person ${i + 1},p${i + 1}@example.com,active`).join('\r\n');
const GOOD = `code,name,email,status\r\nEMP-0001,"Lee, Ada",ada@example.com,on_leave\r\n${rows(24)}\r\n`;
const BAD = 'name,email,status\n"Sam ""the hand"" Okafor",sam@example.com,active\nNo Status,,retired\n,nameless@example.com,active\n';

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

  it('names unknown columns and missing required ones', () => {
    const parsed = parseImport('colour,email\nred,a@example.com\n', ['code', 'name', 'email'], ['name']);
    expect(parsed.unknown).toEqual(['colour']);
    expect(parsed.missing).toEqual(['name']);
  });
});

describe('ImportRecordsDialog', () => {
  it('previews the first 20 rows, checks every row with a dry run, then imports it all with one key', async () => {
    server.on(`POST ${url}`, { status: 200, body: { created: 24, updated: 1, errors: [] } });
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Import employees' });
    expect(dialog).toHaveTextContent('The import is all or nothing: if any row has an error, nothing is written.');
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();

    await user.upload(within(dialog).getByLabelText('CSV file'), file(GOOD));
    const preview = await within(dialog).findByRole('region', { name: 'Preview' });
    expect(preview).toHaveTextContent('employees.csv: 25 rows, 4 columns (without phone, position, department, hireDate, userId)');
    const table = within(preview).getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Row', 'code', 'name', 'email', 'status']);
    const previewRows = within(table).getAllByRole('row').slice(1);
    expect(previewRows).toHaveLength(20);
    expect(
      within(previewRows[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', 'EMP-0001', 'Lee, Ada', 'ada@example.com', 'on_leave']);
    expect(preview).toHaveTextContent('Showing the first 20 of 25 rows; every row is checked.');
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Ready: 24 new, 1 updated.');

    const [dryRun] = imports();
    expect(dryRun!.params).toEqual({ dryRun: 'true' });
    expect(dryRun!.headers['content-type']).toBe('text/csv');
    expect(await (dryRun!.body as Blob).text()).toBe(GOOD);

    await user.click(within(dialog).getByRole('button', { name: 'Import 25 employees' }));
    await waitFor(() => expect(imports()).toHaveLength(2));
    const commit = imports()[1]!;
    expect(commit.params ?? {}).not.toHaveProperty('dryRun');
    expect(commit.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (commit.body as Blob).text()).toBe(GOOD);
  });

  it("lists the dry run's errors by row and column and imports nothing while there are any", async () => {
    server.on(`POST ${url}`, {
      status: 200,
      body: {
        created: 0,
        updated: 0,
        errors: [
          { row: 3, path: 'status', message: 'Invalid option: expected one of "active"|"on_leave"|"inactive"' },
          { row: 4, path: 'name', message: 'Enter name' },
        ],
      },
    });
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(BAD));
    expect(await within(dialog).findByText(/2 rows have errors\. Nothing is imported while any row has one/)).toBeInTheDocument();
    const errors = within(dialog)
      .getAllByTestId('import-error')
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(errors).toEqual([
      ['3', 'status', 'Invalid option: expected one of "active"|"on_leave"|"inactive"'],
      ['4', 'name', 'Enter name'],
    ]);
    expect(within(dialog).getByRole('region', { name: 'Preview' })).toHaveTextContent('Sam "the hand" Okafor');
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(imports()).toHaveLength(1);
  });

  it('refuses a file whose columns do not match before asking the server, and shows what the server refuses outright', async () => {
    server.on(`POST ${url}`, { status: 413, body: errorBody('payload_too_large', 'A CSV import is at most 4 MB') });
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file('name,colour\nAda,red\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Unknown column colour');
    expect(within(dialog).getByRole('columnheader', { name: 'colour' })).toHaveClass('line-through');
    expect(imports()).toHaveLength(0);

    await user.upload(within(dialog).getByLabelText('CSV file'), file('email\na@example.com\n'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Missing column name');
    expect(imports()).toHaveLength(0);

    await user.upload(within(dialog).getByLabelText('CSV file'), file('name\nAda\n'));
    expect(await within(dialog).findByText(/A CSV import is at most 4 MB/)).toBeInTheDocument();
    expect(imports()).toHaveLength(1);
  });
});
