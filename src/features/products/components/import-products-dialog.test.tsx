import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ImportProductsDialog } from './import-products-dialog';

const url = `/api/workspaces/${ids.workspace}/products/import`;
let server: MockApi;

const GOOD = 'sku,name,price\r\nTEE-1,Tee,2500\r\nMUG-1,Mug,1299\r\n';
const BAD = 'sku,name,price\nTEE-1,Tee,2500\n,No sku,abc\n';

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const file = (text: string, name = 'products.csv') => new File([text], name, { type: 'text/csv' });
const imports = () => server.requests.filter((r) => r.url === url);

describe('ImportProductsDialog', () => {
  it('checks the file with a dry run, previews each row, then imports it all', async () => {
    server.on(`POST ${url}`, { status: 200, body: { created: 1, updated: 1, errors: [] } });
    const user = userEvent.setup();
    renderRoute(<ImportProductsDialog wid={ids.workspace} open onOpenChange={() => {}} />);
    const dialog = screen.getByRole('dialog', { name: 'Import products' });
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();

    await user.upload(within(dialog).getByLabelText('CSV file'), file(GOOD));
    expect(await within(dialog).findByText(/1 new, 1 updated/)).toBeInTheDocument();
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['2', 'TEE-1', 'Tee', '$25.00', 'Ready'],
      ['3', 'MUG-1', 'Mug', '$12.99', 'Ready'],
    ]);
    const [dryRun] = imports();
    expect(dryRun!.params).toEqual({ dryRun: 'true' });
    expect(dryRun!.headers['content-type']).toBe('text/csv');
    expect(await (dryRun!.body as Blob).text()).toBe(GOOD);

    await user.click(within(dialog).getByRole('button', { name: 'Import 2 products' }));
    await waitFor(() => expect(imports()).toHaveLength(2));
    const commit = imports()[1]!;
    expect(commit.params ?? {}).not.toHaveProperty('dryRun');
    expect(commit.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await (commit.body as Blob).text()).toBe(GOOD);
  });

  it("shows each row's errors and imports nothing while there are any", async () => {
    server.on(`POST ${url}`, {
      status: 200,
      body: {
        created: 0,
        updated: 0,
        errors: [
          { row: 3, path: 'sku', message: 'Enter a SKU' },
          { row: 3, path: 'price', message: 'Invalid input: expected number, received NaN' },
        ],
      },
    });
    const user = userEvent.setup();
    renderRoute(<ImportProductsDialog wid={ids.workspace} open onOpenChange={() => {}} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file(BAD));
    expect(await within(dialog).findByText(/1 row with errors/)).toBeInTheDocument();
    const first = within(dialog).getAllByRole('row')[1]!;
    expect(within(first).getByText('sku: Enter a SKU')).toBeInTheDocument();
    expect(within(first).getByText(/price: Invalid input/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();
    expect(imports()).toHaveLength(1);
  });

  it('explains a file the server refuses outright', async () => {
    server.on(`POST ${url}`, {
      status: 422,
      body: errorBody('validation_failed', 'The CSV header does not match', [{ path: 'header.colour', message: 'Unknown column colour' }]),
    });
    const user = userEvent.setup();
    renderRoute(<ImportProductsDialog wid={ids.workspace} open onOpenChange={() => {}} />);
    const dialog = screen.getByRole('dialog');
    await user.upload(within(dialog).getByLabelText('CSV file'), file('sku,name,price,colour\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The CSV header does not match');
    expect(alert).toHaveTextContent('Unknown column colour');
  });
});
