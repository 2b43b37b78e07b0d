import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { mockApi, type MockApi, type MockRequest } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import type { Order } from '../../../../contracts/orders';
import { order, orderIds } from '../test/order-fixtures';
import { OrdersPage } from './orders-page';

vi.mock('@/lib/realtime', () => ({ useWorkspaceChannel: () => {}, useRealtimeReconnect: () => {} }));

const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;

const paid = order({
  id: orderIds.other,
  number: 1002,
  customer: null,
  status: 'completed',
  paymentStatus: 'paid',
  amountPaid: 6299,
  total: 120000,
  currency: 'eur',
});

function serve(list: (request: MockRequest) => Order[] = () => [order(), paid], nextCursor: string | null = null) {
  server.on(`GET ${base}`, { status: 200, body: workspace('viewer') });
  server.on(`GET ${base}/orders`, (request) => ({ status: 200, body: { data: list(request), nextCursor: request.params.cursor ? null : nextCursor } }));
}

const listRequests = () => server.requests.filter((r) => r.method === 'GET' && r.url === `${base}/orders`);

function renderPage(search = '') {
  return renderRoute(<OrdersPage />, { path: `/w/${ids.workspace}/orders${search}`, pattern: '/w/:wid/orders' });
}

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('OrdersPage', () => {
  it('lists orders with customer, item count, total and both statuses', async () => {
    serve();
    renderPage();
    const rows = await screen.findAllByTestId('order-row');
    expect(rows).toHaveLength(2);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(rows[0]!).slice(0, 6)).toEqual(['#1001', 'Maya Chen', '3 items', '$62.99', 'Pending', 'Unpaid']);
    expect(cells(rows[1]!).slice(0, 6)).toEqual(['#1002', 'No customer', '3 items', '€1,200.00', 'Completed', 'Paid']);
    expect(within(rows[0]!).getByRole('link', { name: '#1001' })).toHaveAttribute('href', `/w/${ids.workspace}/orders/${orderIds.order}`);
  });

  it('filters by status, payment status and search, and sorts by a header', async () => {
    serve();
    const user = userEvent.setup();
    renderPage();
    await screen.findAllByTestId('order-row');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Processing');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Payment status' }), 'Paid');
    await user.type(screen.getByRole('searchbox', { name: 'Search orders' }), 'maya');
    await waitFor(() => expect(listRequests().at(-1)?.params).toEqual({ status: 'processing', paymentStatus: 'paid', q: 'maya', limit: 50 }));

    await user.click(within(screen.getByRole('columnheader', { name: 'Total' })).getByRole('button'));
    await waitFor(() => expect(listRequests().at(-1)?.params.sort).toBe('-total'));
    expect(screen.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'descending');
  });

  it('loads more by cursor', async () => {
    serve((request) => (request.params.cursor ? [paid] : [order()]), 'c1');
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findAllByTestId('order-row')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('#1002')).toBeInTheDocument();
    expect(listRequests().at(-1)?.params.cursor).toBe('c1');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says when there are no orders, and when nothing matches', async () => {
    serve(() => []);
    const { unmount } = renderPage();
    expect(await screen.findByText('No orders yet')).toBeInTheDocument();
    unmount();
    renderPage('?status=cancelled');
    expect(await screen.findByText('No matches')).toBeInTheDocument();
  });
});
