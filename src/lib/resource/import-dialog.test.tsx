// What a record type's import adds to the shared CSV import dialog (tested in src/components): its endpoint,
// its columns (the declaration's: code, then the writable fields; money previewed as money) and its matching by
// code.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { employeeResource, projectResource } from '../../../contracts/crm';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ImportRecordsDialog } from './import-dialog';
import { testResource } from './test-resource';

const employees = testResource(employeeResource, 'crm');
const url = `/api/workspaces/${ids.workspace}/employees/import`;
let server: MockApi;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const file = (text: string, name = 'employees.csv') => new File([text], name, { type: 'text/csv' });
const imports = () => server.requests.filter((r) => r.url === url);
const renderDialog = (resource = employees) => renderRoute(<ImportRecordsDialog resource={resource} wid={ids.workspace} open onOpenChange={() => {}} />);

const GOOD = 'code,name,email,status\r\nEMP-0001,"Lee, Ada",ada@example.com,on_leave\r\n,Sam Okafor,sam@example.com,active\r\n';

describe('ImportRecordsDialog', () => {
  it("is named after the record type, matches rows by code, and checks then imports through the type's endpoint", async () => {
    server.on(`POST ${url}`, { status: 200, body: { created: 1, updated: 1, errors: [] } });
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Import employees' });
    expect(dialog).toHaveTextContent('Rows with a code update that employee; rows without one are created.');

    await user.upload(within(dialog).getByLabelText('CSV file'), file(GOOD));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Ready: 1 new, 1 updated.'));
    const [dryRun] = imports();
    expect(dryRun!.params).toEqual({ dryRun: 'true' });
    expect(dryRun!.headers['content-type']).toBe('text/csv');
    expect(await (dryRun!.body as Blob).text()).toBe(GOOD);

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 employees' }));
    await waitFor(() => expect(imports()).toHaveLength(2));
    const commit = imports()[1]!;
    expect(commit.params ?? {}).not.toHaveProperty('dryRun');
    expect(commit.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (commit.body as Blob).text()).toBe(GOOD);
  });

  it("takes the declaration's columns: code, then the writable fields, its required ones required", async () => {
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog');
    const input = within(dialog).getByLabelText('CSV file');
    expect(input).toHaveAccessibleDescription(
      'Columns: code, name, email, phone, position, department, hireDate, status, userId (required: name). ' +
        'Money in minor units (2500 = 25.00), dates as YYYY-MM-DD. An export has exactly this layout.',
    );
    await user.upload(input, file('email,colour\na@example.com,red\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The columns do not match employees');
    expect(alert).toHaveTextContent('Unknown column colour');
    expect(alert).toHaveTextContent('Missing column name');
    expect(imports()).toHaveLength(0);

    server.on(`POST ${url}`, { status: 413, body: errorBody('payload_too_large', 'A CSV import is at most 4 MB') });
    await user.upload(input, file(GOOD));
    expect(await within(dialog).findByRole('region', { name: 'Preview' })).toHaveTextContent(
      'employees.csv: 2 rows, 4 columns (without phone, position, department, hireDate, userId)',
    );
    // Columns that match are sent to be checked; what the server refuses outright is said as it says it.
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('A CSV import is at most 4 MB');
    expect(imports()).toHaveLength(1);
  });

  it('previews money fields as money, in the currency field of the row or its default', async () => {
    server.on(`POST /api/workspaces/${ids.workspace}/projects/import`, { status: 200, body: { created: 2, updated: 0, errors: [] } });
    const user = userEvent.setup();
    renderDialog(testResource(projectResource, 'crm'));
    const dialog = screen.getByRole('dialog', { name: 'Import projects' });
    await user.upload(within(dialog).getByLabelText('CSV file'), file('name,budget,currency\nRoastery,150000,\nFit-out,99900,eur\n', 'projects.csv'));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Ready: 2 new, 0 updated.'));
    const budgets = within(dialog)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell')[2]!.textContent);
    expect(budgets).toEqual(['$1,500.00', '€999.00']);
  });
});
