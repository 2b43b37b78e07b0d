import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Order, OrderPayments } from '../../../../contracts/orders';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { order, orderIds, payment, paymentEvent } from '../test/order-fixtures';
import { OrderPage } from './order-page';

vi.mock('@/lib/realtime', () => ({ useWorkspaceChannel: () => {}, useRealtimeReconnect: () => {} }));

const base = `/api/workspaces/${ids.workspace}`;
const orderUrl = `${base}/orders/${orderIds.order}`;
let server: MockApi;

const noPayments: OrderPayments = { payments: [], events: [] };

function serve(role: Role, current: Order = order(), payments: OrderPayments = noPayments) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${orderUrl}`, { status: 200, body: current });
  server.on(`GET ${orderUrl}/payments`, { status: 200, body: payments });
}

const renderPage = () => renderRoute(<OrderPage />, { path: `/w/${ids.workspace}/orders/${orderIds.order}`, pattern: '/w/:wid/orders/:orderId' });

const paidOrder = order({ status: 'processing', paymentStatus: 'partially_refunded', amountPaid: 6299, amountRefunded: 1000 });
const paidPayments: OrderPayments = {
  payments: [payment({ amountRefunded: 1000 })],
  events: [
    paymentEvent({
      id: 'evt_1',
      type: 'payment_intent.payment_failed',
      message: 'Your card was declined.',
      amount: 6299,
      createdAt: '2026-11-20T09:31:00.000Z',
    }),
    paymentEvent({ id: 'evt_2', type: 'payment_intent.succeeded', amount: 6299, createdAt: '2026-11-20T09:32:00.000Z' }),
    paymentEvent({ id: 'evt_3', type: 'charge.refunded', amount: 1000, createdAt: '2026-11-20T10:00:00.000Z' }),
  ],
};

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('OrderPage', () => {
  it('shows the items with unit prices, line totals and totals, the customer and the conversation', async () => {
    serve('viewer', order({ notes: 'Gift wrap, please' }));
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Order #1001' })).toBeInTheDocument();
    const items = screen.getAllByTestId('order-item');
    expect(
      within(items[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Black tee, MTEE-BLK-M', '$25.00', '2', '$50.00']);
    expect(within(screen.getByRole('rowheader', { name: 'Subtotal' }).closest('tr')!).getByText('$62.99')).toBeInTheDocument();
    expect(within(screen.getByRole('rowheader', { name: 'Total' }).closest('tr')!).getByText('$62.99')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Maya Chen' })).toHaveAttribute('href', `/w/${ids.workspace}/customers/${orderIds.customer}`);
    expect(screen.getByRole('link', { name: 'Open the conversation' })).toHaveAttribute('href', `/w/${ids.workspace}/inbox/${orderIds.conversation}`);
    expect(screen.getByText('Gift wrap, please')).toBeInTheDocument();
    // A viewer changes nothing.
    expect(screen.queryByRole('button', { name: 'Start processing' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Copy payment link' })).not.toBeInTheDocument();
  });

  it('offers the moves the status machine allows and applies one', async () => {
    serve('agent');
    server.on(`PUT ${orderUrl}/status`, (request) => ({
      status: 200,
      body: order({ status: (request.body as { status: Order['status'] }).status, updatedAt: '2026-11-21T00:00:00.000Z' }),
    }));
    const user = userEvent.setup();
    renderPage();
    const start = await screen.findByRole('button', { name: 'Start processing' });
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Complete' })).not.toBeInTheDocument();
    await user.click(start);
    await waitFor(() => expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({ status: 'processing' }));
    expect(await screen.findByRole('button', { name: 'Complete' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start processing' })).not.toBeInTheDocument();
  });

  it('offers no moves on a final order', async () => {
    serve('admin', order({ status: 'completed' }));
    renderPage();
    await screen.findByRole('heading', { name: 'Order #1001' });
    expect(screen.queryByRole('button', { name: /Complete|Cancel order|Start processing/ })).not.toBeInTheDocument();
  });

  it('cancels after confirming, with a reason, and shows a refused cancel in the dialog', async () => {
    serve('agent', paidOrder, paidPayments);
    server.on(`PUT ${orderUrl}/status`, { status: 409, body: errorBody('conflict', 'Refund the payment before cancelling this order') });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Cancel order' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel order #1001?' });
    expect(within(dialog).getByText(/\$52\.99 has been paid on this order: refund it before cancelling/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Reason/), 'Customer changed their mind');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel order' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Refund the payment before cancelling this order');
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({ status: 'cancelled', reason: 'Customer changed their mind' });
  });

  it('shows the payment amounts and the timeline oldest first, in words', async () => {
    serve('viewer', paidOrder, paidPayments);
    renderPage();
    const timeline = await screen.findByRole('list', { name: 'Payment timeline' });
    const events = within(timeline).getAllByTestId('payment-event');
    expect(events.map((e) => e.firstElementChild?.nextElementSibling?.textContent)).toEqual([
      'Payment failed: Your card was declined.$62.99',
      'Payment succeeded$62.99',
      'Refunded$10.00',
    ]);
    const payment = screen.getByRole('region', { name: 'Payment' });
    expect(within(payment).getByText('Partially refunded')).toBeInTheDocument();
    expect(within(payment).getByText('Paid', { selector: 'dt' }).nextElementSibling).toHaveTextContent('$62.99');
    expect(within(payment).getByText('Refunded', { selector: 'dt' }).nextElementSibling).toHaveTextContent('$10.00');
    expect(within(payment).queryByRole('button', { name: /^Refund/ })).not.toBeInTheDocument();
  });

  it('lets an admin refund a succeeded payment: the remainder by default, a refusal shown beside the amount', async () => {
    serve('admin', paidOrder, paidPayments);
    let attempts = 0;
    server.on(`POST ${base}/payments/${orderIds.payment}/refund`, () =>
      ++attempts === 1
        ? { status: 422, body: errorBody('validation_failed', 'Invalid request', [{ path: 'amount', message: 'At most 5299 can be refunded' }]) }
        : { status: 201, body: { id: ids.other, paymentId: orderIds.payment, amount: 2000, status: 'succeeded' } },
    );
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Refund the $62.99 payment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Refund payment' });
    const amount = within(dialog).getByLabelText('Amount (USD)');
    expect(amount).toHaveValue('52.99');
    await user.click(within(dialog).getByRole('button', { name: 'Refund' }));
    expect(await within(dialog).findByText('At most 5299 can be refunded')).toBeInTheDocument();

    await user.clear(amount);
    await user.type(amount, '60');
    await user.click(within(dialog).getByRole('button', { name: 'Refund' }));
    expect(within(dialog).getByText('At most $52.99 is left to refund')).toBeInTheDocument();

    await user.clear(amount);
    await user.type(amount, '20');
    await user.selectOptions(within(dialog).getByLabelText('Reason'), 'Requested by the customer');
    await user.click(within(dialog).getByRole('button', { name: 'Refund' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const refunds = server.requests.filter((r) => r.url.endsWith('/refund'));
    expect(refunds.map((r) => r.body)).toEqual([{ amount: 5299 }, { amount: 2000, reason: 'requested_by_customer' }]);
    // One refund, one key: the retry after the refusal reuses it.
    expect(refunds[0]!.headers['idempotency-key']).toBe(refunds[1]!.headers['idempotency-key']);
  });

  it('copies a payment link for what is due and shows it', async () => {
    serve('agent');
    server.on(`POST ${base}/payments/link`, { status: 200, body: { url: 'https://checkout.stripe.test/pay/cs_1' } });
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Copy payment link' }));
    expect(await screen.findByLabelText('Payment link')).toHaveValue('https://checkout.stripe.test/pay/cs_1');
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('https://checkout.stripe.test/pay/cs_1'));
    expect(await screen.findByText(/^Copied\./)).toBeInTheDocument();
    expect(server.requests.find((r) => r.url === `${base}/payments/link`)?.body).toEqual({ orderId: orderIds.order });
  });

  it('says when the order does not exist', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('viewer') });
    server.on(`GET ${orderUrl}`, { status: 404, body: errorBody('not_found', 'Order not found') });
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Order not found' })).toBeInTheDocument();
  });
});
