// What the customers import adds to the shared CSV import dialog (tested in src/components): its endpoint, its
// columns (the export's, code included) and its matching by code, then email.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMER_CSV_COLUMNS } from '../../../../contracts/customers';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ImportCustomersDialog } from './import-customers-dialog';

const url = `/api/workspaces/${ids.workspace}/customers/import`;
let server: MockApi;

const HEADER = CUSTOMER_CSV_COLUMNS.join(',');
const GOOD = `${HEADER}\r\nCLI-0001,Maya Chen,maya@example.com,,Bean There,wholesale,,,"Two lines\r\nof notes",active\r\n,Nina New,nina@example.com,,,,,,,inactive\r\n`;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const file = (text: string, name = 'customers.csv') => new File([text], name, { type: 'text/csv' });
const imports = () => server.requests.filter((r) => r.url === url);
const renderDialog = () => renderRoute(<ImportCustomersDialog wid={ids.workspace} open onOpenChange={() => {}} />);

describe('ImportCustomersDialog', () => {
  it('matches rows by code, then email, takes an export as it is, and checks then imports through the customers endpoint', async () => {
    server.on(`POST ${url}`, { status: 200, body: { created: 1, updated: 1, errors: [] } });
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Import customers' });
    expect(dialog).toHaveTextContent('A row with a code updates that customer, a row without one the customer with its email; other rows are created.');

    await user.upload(within(dialog).getByLabelText('CSV file'), file(GOOD));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Ready: 1 new, 1 updated.'));
    expect(within(dialog).getByRole('region', { name: 'Preview' })).toHaveTextContent('customers.csv: 2 rows, 10 columns');
    const first = within(dialog).getAllByRole('row')[1]!;
    expect(
      within(first)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['2', 'CLI-0001', 'Maya Chen', 'maya@example.com', '', 'Bean There', 'wholesale', '', '', 'Two lines\r\nof notes', 'active', 'Ready']);
    const [dryRun] = imports();
    expect(dryRun!.params).toEqual({ dryRun: 'true' });
    expect(dryRun!.headers['content-type']).toBe('text/csv');
    expect(await (dryRun!.body as Blob).text()).toBe(GOOD);

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 customers' }));
    await waitFor(() => expect(imports()).toHaveLength(2));
    const commit = imports()[1]!;
    expect(commit.params ?? {}).not.toHaveProperty('dryRun');
    expect(commit.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (commit.body as Blob).text()).toBe(GOOD);
  });

  it('requires a name column and explains tags and status', async () => {
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByLabelText('CSV file')).toHaveAccessibleDescription(
      `Columns: ${CUSTOMER_CSV_COLUMNS.join(', ')} (required: name). Tags are separated by ;, a status is active or inactive; ` +
        'leave the code empty for a new customer. An export has exactly this layout.',
    );
    await user.upload(within(dialog).getByLabelText('CSV file'), file('email,colour\nmaya@example.com,blue\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Unknown column colour');
    expect(alert).toHaveTextContent('Missing column name');
    expect(imports()).toHaveLength(0);
  });
});
