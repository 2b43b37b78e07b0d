import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axios, { AxiosHeaders } from 'axios';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Product } from '../../../../contracts/products';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi, type MockRequest } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { ProductsPage } from './products-page';

vi.mock('@/lib/realtime', () => ({ useWorkspaceChannel: () => {}, useRealtimeReconnect: () => {} }));

const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;

const product = (over: Partial<Product> = {}): Product => ({
  id: '00000000-0000-4000-8000-0000000000d1',
  sku: 'TEE-BLK-M',
  name: 'Black tee, M',
  description: 'Heavy cotton',
  price: 2500,
  currency: 'usd',
  stock: 12,
  category: 'Apparel',
  imageUrl: null,
  active: true,
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});

const tee = product();
const mug = product({ id: '00000000-0000-4000-8000-0000000000d2', sku: 'MUG-1', name: 'Mug', description: null, price: 1299, stock: 0, category: 'Kitchen' });
const card = product({
  id: '00000000-0000-4000-8000-0000000000d3',
  sku: 'GIFT-25',
  name: 'Gift card',
  price: 500000,
  currency: 'jpy',
  stock: null,
  active: false,
});

function serve(role: Role, list: (request: MockRequest) => Product[] = () => [tee, mug, card]) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/products`, (request) => ({ status: 200, body: { data: list(request), nextCursor: null } }));
}

const listRequests = () => server.requests.filter((r) => r.method === 'GET' && r.url === `${base}/products`);
const renderPage = (search = '') => renderRoute(<ProductsPage />, { path: `/w/${ids.workspace}/products${search}`, pattern: '/w/:wid/products' });

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('ProductsPage', () => {
  it('shows prices from minor units in their currency, untracked and empty stock, and the state', async () => {
    serve('viewer');
    renderPage();
    const rows = await screen.findAllByTestId('product-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByText('$25.00')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('12')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('$12.99')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Out of stock')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('¥500,000')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Not tracked')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Inactive')).toBeInTheDocument();
  });

  it('offers a viewer export but no writes, and an admin every write', async () => {
    serve('viewer');
    const { unmount } = renderPage();
    await screen.findAllByTestId('product-row');
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New product' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import CSV' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
    unmount();

    serve('admin');
    renderPage();
    await screen.findAllByTestId('product-row');
    expect(await screen.findByRole('button', { name: 'New product' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import CSV' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete Mug' })).toBeInTheDocument();
  });

  it('sorts by a column header (ascending, then descending) and says so with aria-sort', async () => {
    serve('viewer');
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('product-row');
    const price = screen.getByRole('columnheader', { name: 'Price' });
    expect(price).toHaveAttribute('aria-sort', 'none');
    expect(screen.getByRole('columnheader', { name: 'Added' })).toHaveAttribute('aria-sort', 'descending');

    await user.click(within(price).getByRole('button', { name: 'Price' }));
    await waitFor(() => expect(listRequests().at(-1)?.params.sort).toBe('price'));
    expect(screen.getByRole('columnheader', { name: 'Price' })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(within(screen.getByRole('columnheader', { name: 'Price' })).getByRole('button'));
    await waitFor(() => expect(listRequests().at(-1)?.params.sort).toBe('-price'));
    expect(screen.getByRole('columnheader', { name: 'Price' })).toHaveAttribute('aria-sort', 'descending');
  });

  it('searches once typing pauses and filters by state', async () => {
    serve('viewer', (request) => (request.params.q === 'zzz' ? [] : [tee, mug]));
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('product-row');
    await user.type(screen.getByRole('searchbox', { name: 'Search products' }), 'zzz');
    expect(await screen.findByText('No matches')).toBeInTheDocument();
    expect(
      listRequests()
        .filter((r) => r.params.q)
        .map((r) => r.params.q),
    ).toEqual(['zzz']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'State' }), 'Inactive');
    await waitFor(() => expect(listRequests().at(-1)?.params).toMatchObject({ q: 'zzz', active: 'false' }));
  });

  it('invites an admin to add the first product', async () => {
    serve('admin', () => []);
    renderPage();
    expect(await screen.findByText('No products yet')).toBeInTheDocument();
    expect(await screen.findAllByRole('button', { name: 'New product' })).toHaveLength(2);
  });

  it('shows a failed load with a retry', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('viewer') });
    server.on(`GET ${base}/products`, { status: 500, body: errorBody('internal_error', 'Something broke') });
    renderPage();
    expect(await screen.findByText('Could not load products')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('creates a product with the price typed as a decimal and sent in minor units, and tracked stock', async () => {
    serve('admin');
    server.on(`POST ${base}/products`, (request) => ({ status: 201, body: product({ ...(request.body as object), id: ids.other }) }));
    const user = userEvent.setup();
    renderPage();
    await user.click((await screen.findAllByRole('button', { name: 'New product' }))[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'New product' });
    await user.click(within(dialog).getByRole('button', { name: 'Create product' }));
    expect(within(dialog).getByText('Enter a name')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a price')).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText('Name'), 'Canvas tote');
    await user.type(within(dialog).getByLabelText('SKU'), 'TOTE-1');
    await user.type(within(dialog).getByLabelText('Price'), '19.5');
    await user.click(within(dialog).getByLabelText('Track stock'));
    await user.clear(within(dialog).getByLabelText('In stock'));
    await user.type(within(dialog).getByLabelText('In stock'), '40');
    await user.type(within(dialog).getByLabelText('Category'), 'Bags');
    await user.click(within(dialog).getByRole('button', { name: 'Create product' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      sku: 'TOTE-1',
      name: 'Canvas tote',
      description: null,
      price: 1950,
      currency: 'usd',
      stock: 40,
      category: 'Bags',
      imageUrl: null,
      active: true,
    });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uploads an image from the dialog and uses its URL; a refused file is named on the image field', async () => {
    serve('admin');
    server.on(`POST ${base}/uploads`, (request) => {
      const body = request.body as { filename: string; contentType: string; size: number };
      return {
        status: 201,
        body: {
          key: 'k1',
          mode: 'local',
          uploadUrl: '/_blob/upload/signed',
          token: null,
          pathname: `w/${ids.workspace}/product-image/r1/${body.filename}`,
          publicUrl: `http://localhost/_blob/w/${ids.workspace}/product-image/r1/${body.filename}`,
          contentType: body.contentType,
          maxBytes: 5 * 1024 * 1024,
          expiresAt: '2026-12-03T10:00:00.000Z',
        },
      };
    });
    // The file itself goes to the storage with plain axios (no API token): answer that PUT here.
    const stored: { url?: string; type?: string }[] = [];
    const adapter = axios.defaults.adapter;
    axios.defaults.adapter = async (config) => {
      stored.push({ url: config.url, type: AxiosHeaders.from(config.headers).get('content-type') as string });
      const url = `http://localhost/_blob/w/${ids.workspace}/product-image/r1/tote.png`;
      return { data: { url, pathname: url.slice(22) }, status: 201, statusText: 'Created', headers: {}, config };
    };
    onTestFinished(() => void (axios.defaults.adapter = adapter));
    const user = userEvent.setup({ applyAccept: false });
    renderPage();
    await user.click((await screen.findAllByRole('button', { name: 'New product' }))[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'New product' });
    await user.upload(within(dialog).getByLabelText('Upload an image'), new File(['x'.repeat(64)], 'notes.txt', { type: 'text/plain' }));
    expect(await within(dialog).findByText('Use a PNG, JPEG, WebP, GIF or AVIF image')).toBeInTheDocument();
    await user.upload(within(dialog).getByLabelText('Upload an image'), new File([new Uint8Array(64)], 'tote.png', { type: 'image/png' }));
    await waitFor(() => expect(within(dialog).getByLabelText('Image URL')).toHaveValue(`http://localhost/_blob/w/${ids.workspace}/product-image/r1/tote.png`));
    expect(server.requests.filter((r) => r.url === `${base}/uploads`)).toHaveLength(1);
    expect(stored).toEqual([{ url: '/_blob/upload/signed', type: 'image/png' }]);
  });

  it('puts a taken SKU beside the SKU field', async () => {
    serve('admin');
    server.on(`POST ${base}/products`, { status: 409, body: errorBody('conflict', 'A product already has this SKU') });
    const user = userEvent.setup();
    renderPage();
    await user.click((await screen.findAllByRole('button', { name: 'New product' }))[0]!);
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'Tee');
    await user.type(within(dialog).getByLabelText('SKU'), 'TEE-BLK-M');
    await user.type(within(dialog).getByLabelText('Price'), '25');
    await user.click(within(dialog).getByRole('button', { name: 'Create product' }));
    expect(await within(dialog).findByText('A product already has this SKU')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('SKU')).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits only what changed, and stops tracking stock with null', async () => {
    serve('admin');
    server.on(`PATCH ${base}/products/${tee.id}`, (request) => ({
      status: 200,
      body: product({ ...(request.body as object), updatedAt: '2026-11-02T00:00:00.000Z' }),
    }));
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit Black tee, M' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Black tee, M' });
    expect(within(dialog).getByLabelText('Price')).toHaveValue('25.00');
    await user.clear(within(dialog).getByLabelText('Price'));
    await user.type(within(dialog).getByLabelText('Price'), '27');
    await user.click(within(dialog).getByLabelText('Track stock'));
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ price: 2700, stock: null }));
  });

  it('offers to deactivate a product that is on orders instead of deleting it', async () => {
    serve('admin');
    server.on(`DELETE ${base}/products/${tee.id}`, { status: 409, body: errorBody('in_use', 'This product is on orders: deactivate it instead') });
    server.on(`PATCH ${base}/products/${tee.id}`, { status: 200, body: product({ active: false, updatedAt: '2026-11-02T00:00:00.000Z' }) });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete Black tee, M' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete product' }));
    const dialog = await screen.findByRole('dialog', { name: 'This product is on orders' });
    expect(within(dialog).getByText(/deactivate it instead/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ active: false }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('exports the filtered list through the API client and saves it as a file', async () => {
    serve('viewer');
    server.on(`GET ${base}/products/export`, { status: 200, body: 'sku,name\r\nTEE-BLK-M,Black tee\r\n' });
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:products');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    renderPage('?category=Apparel&active=true&sort=name');
    await screen.findAllByTestId('product-row');
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const exported = server.requests.find((r) => r.url === `${base}/products/export`)!;
    expect(exported.params).toEqual({ category: 'Apparel', active: 'true' });
    expect(exported.headers.authorization).toBe('Bearer token-1');
    const blob = createObjectURL.mock.calls[0]![0];
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    click.mockRestore();
  });
});
