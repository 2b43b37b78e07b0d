// What the products import adds to the shared CSV import dialog (tested in src/components): its endpoint, its
// columns (prices previewed as money) and its matching by SKU.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ImportProductsDialog } from './import-products-dialog';

const url = `/api/workspaces/${ids.workspace}/products/import`;
let server: MockApi;

const GOOD = 'sku,name,price,currency\r\nTEE-1,Tee,2500,\r\nMUG-1,Mug,1299,eur\r\n';

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

const file = (text: string, name = 'products.csv') => new File([text], name, { type: 'text/csv' });
const imports = () => server.requests.filter((r) => r.url === url);
const renderDialog = () =>
  renderRoute(
    <>
      <ImportProductsDialog wid={ids.workspace} open onOpenChange={() => {}} />
      <Toaster />
    </>,
  );

describe('ImportProductsDialog', () => {
  it('matches rows by SKU, previews prices as money, and checks then imports through the products endpoint', async () => {
    server.on(`POST ${url}`, { status: 200, body: { created: 1, updated: 1, errors: [] } });
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Import products' });
    expect(dialog).toHaveTextContent('Rows are matched by SKU: new SKUs are created, existing ones updated.');

    await user.upload(within(dialog).getByLabelText('CSV file'), file(GOOD));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Ready: 1 new, 1 updated.'));
    expect(within(dialog).getByRole('region', { name: 'Preview' })).toHaveTextContent(
      'products.csv: 2 rows, 4 columns (without description, stock, category, imageUrl, active)',
    );
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(
      rows.map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ),
    ).toEqual([
      ['2', 'TEE-1', 'Tee', '$25.00', '', 'Ready'],
      ['3', 'MUG-1', 'Mug', '€12.99', 'eur', 'Ready'],
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
    expect(await screen.findByText('Imported 1 new product and updated 1 product')).toBeInTheDocument();
  });

  it("takes the export's columns and requires sku, name and price", async () => {
    const user = userEvent.setup();
    renderDialog();
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByLabelText('CSV file')).toHaveAccessibleDescription(
      'Columns: sku, name, description, price, currency, stock, category, imageUrl, active (required: sku, name, price). ' +
        'The price in cents (2500 = 25.00); an empty stock is not tracked. An export has exactly this layout.',
    );
    await user.upload(within(dialog).getByLabelText('CSV file'), file('sku,name,colour\nTEE-1,Tee,red\n'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The columns do not match products');
    expect(alert).toHaveTextContent('Unknown column colour');
    expect(alert).toHaveTextContent('Missing column price');
    expect(imports()).toHaveLength(0);
  });
});
