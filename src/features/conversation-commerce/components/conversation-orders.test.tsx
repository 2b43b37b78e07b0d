import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Order } from '../../../../contracts/orders';
import type { Product } from '../../../../contracts/products';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, inboxIds, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import conversationCommerceDeferred from '../deferred';
import { ConversationOrders } from './conversation-orders';

const base = `/api/workspaces/${ids.workspace}`;
const conversationId = inboxIds.conversation(1);
const customerId = inboxIds.customer;
const productId = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
const orderId = (n: number) => `00000000-0000-4000-b000-${String(n).padStart(12, '0')}`;

const product = (n: number, over: Partial<Product> = {}): Product => ({
  id: productId(n),
  sku: `SKU-${n}`,
  name: `Product ${n}`,
  description: null,
  price: 1250,
  currency: 'usd',
  stock: 5,
  category: null,
  imageUrl: null,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const order = (n: number, over: Partial<Order> = {}): Order => ({
  id: orderId(n),
  number: 1000 + n,
  customer: { id: customerId, name: 'Maya Chen' },
  conversationId,
  items: [{ productId: productId(1), sku: 'SKU-1', name: 'Product 1', quantity: 2, unitPrice: 1250, total: 2500 }],
  subtotal: 2500,
  total: 2500,
  currency: 'usd',
  status: 'pending',
  paymentStatus: 'unpaid',
  amountPaid: 0,
  amountRefunded: 0,
  notes: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over,
});

let server: MockApi;
let refreshConversation: ReturnType<typeof vi.fn<() => void>>;

function serve(role: Role, orders: Order[] = [order(2), order(1, { status: 'completed', paymentStatus: 'paid' })]) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/orders`, () => ({ status: 200, body: page([...orders]) }));
  server.on(`GET ${base}/products`, (request) => ({
    status: 200,
    body: page(
      [
        product(1, { name: 'Beans', stock: 3 }),
        product(2, { name: 'Filter papers', stock: 0 }),
        product(3, { name: 'Gift card', stock: null, price: 5000 }),
        product(4, { name: 'Euro mug', currency: 'eur', price: 900 }),
      ].filter((p) => !request.params.q || p.name.toLowerCase().includes(String(request.params.q).toLowerCase())),
    ),
  }));
}

const renderPanel = () =>
  renderRoute(<ConversationOrders wid={ids.workspace} conversationId={conversationId} customerId={customerId} refreshConversation={refreshConversation} />, {
    path: `/w/${ids.workspace}/inbox/${conversationId}`,
  });

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  refreshConversation = vi.fn<() => void>();
});
afterEach(() => server.restore());

describe('Orders in the conversation panel', () => {
  it("lists the customer's orders newest first with their status, payment and a link to each", async () => {
    serve('agent');
    renderPanel();
    const rows = await screen.findAllByTestId('conversation-order');
    expect(rows.map((row) => within(row).getByRole('link').textContent)).toEqual(['Order #1002', 'Order #1001']);
    expect(within(rows[0]!).getByRole('link')).toHaveAttribute('href', `/w/${ids.workspace}/orders/${orderId(2)}`);
    expect(rows[0]).toHaveTextContent('$25.00');
    expect(rows[0]).toHaveTextContent('Pending');
    expect(rows[0]).toHaveTextContent('Unpaid');
    expect(rows[1]).toHaveTextContent('Paid');
    // Asking for payment makes sense for the unpaid order only.
    expect(within(rows[0]!).getByRole('button', { name: 'Send payment link for order #1002' })).toBeInTheDocument();
    expect(within(rows[1]!).queryByRole('button')).not.toBeInTheDocument();
    const listed = server.requests.find((r) => r.url === `${base}/orders`)!;
    expect(listed.params).toMatchObject({ customerId, sort: '-createdAt' });
  });

  it('offers a viewer no order actions', async () => {
    serve('viewer');
    renderPanel();
    await screen.findAllByTestId('conversation-order');
    await waitFor(() => expect(server.requests.some((r) => r.url === base)).toBe(true));
    expect(screen.queryByRole('button', { name: 'New order' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Send payment link/ })).not.toBeInTheDocument();
  });

  it('says when the customer has no orders', async () => {
    serve('agent', []);
    renderPanel();
    expect(await screen.findByText('No orders yet.')).toBeInTheDocument();
  });

  it('turns an order Paid when the payment event arrives, without a reload', async () => {
    const orders = [order(2)];
    serve('agent', orders);
    const { queryClient } = renderPanel();
    const row = await screen.findByTestId('conversation-order');
    expect(row).toHaveTextContent('Unpaid');
    orders[0] = order(2, { paymentStatus: 'paid', amountPaid: 2500 });
    const handler = conversationCommerceDeferred.realtime.events['payment.updated'];
    act(() =>
      handler(
        {
          payment: {
            id: orderId(9),
            orderId: orderId(2),
            amount: 2500,
            currency: 'usd',
            status: 'succeeded',
            amountRefunded: 0,
            stripePaymentIntentId: 'pi_1',
            clientSecret: null,
            nextActionUrl: null,
            lastError: null,
            createdAt: orders[0]!.createdAt,
            updatedAt: orders[0]!.createdAt,
          },
        },
        { queryClient, wid: ids.workspace },
      ),
    );
    await waitFor(() => expect(server.requests.filter((r) => r.url === `${base}/orders`)).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('conversation-order')).toHaveTextContent('Paid'));
    expect(screen.queryByRole('button', { name: /Send payment link/ })).not.toBeInTheDocument();
  });

  it('sends a payment link for an unpaid order into the conversation', async () => {
    serve('agent', [order(2)]);
    server.on(`POST ${base}/payments/link`, { status: 200, body: { url: 'https://checkout.example/c/1' } });
    const user = userEvent.setup();
    renderPanel();
    await user.click(await screen.findByRole('button', { name: 'Send payment link for order #1002' }));
    expect(await screen.findByText('Link sent to the conversation.')).toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ orderId: orderId(2), conversationId }]);
    expect(refreshConversation).toHaveBeenCalledTimes(1);
  });

  it('shows why a payment link could not be sent', async () => {
    serve('agent', [order(2)]);
    server.on(`POST ${base}/payments/link`, { status: 409, body: errorBody('conflict', 'This order is paid already') });
    const user = userEvent.setup();
    renderPanel();
    await user.click(await screen.findByRole('button', { name: 'Send payment link for order #1002' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This order is paid already');
    expect(refreshConversation).not.toHaveBeenCalled();
  });
});

describe('New order', () => {
  async function openDialog(user: ReturnType<typeof userEvent.setup>) {
    await user.click(await screen.findByRole('button', { name: 'New order' }));
    const dialog = await screen.findByRole('dialog', { name: 'New order' });
    await within(dialog).findByText('Beans');
    return dialog;
  }

  it('picks products within their stock and one currency, with a running total', async () => {
    serve('agent', []);
    const user = userEvent.setup();
    renderPanel();
    const dialog = await openDialog(user);
    const products = within(dialog).getByRole('list', { name: 'Products' });

    expect(within(products).getByRole('button', { name: 'Add Filter papers' })).toBeDisabled();
    expect(within(products).getByText('Out of stock')).toBeInTheDocument();
    expect(within(products).getByText('Not tracked')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Create order' })).toBeDisabled();

    await user.click(within(products).getByRole('button', { name: 'Add Beans' }));
    // One currency per order: the euro product can no longer be added.
    expect(within(products).getByRole('button', { name: 'Add Euro mug' })).toBeDisabled();
    expect(within(products).getByText(/one currency per order/)).toBeInTheDocument();

    const more = within(products).getByRole('button', { name: 'One more Beans' });
    await user.click(more);
    await user.click(more);
    // Stock is 3: no fourth.
    expect(more).toBeDisabled();
    expect(within(products).getByRole('spinbutton', { name: 'Quantity of Beans' })).toHaveValue(3);

    await user.click(within(products).getByRole('button', { name: 'Add Gift card' }));
    const order = within(dialog).getByRole('region', { name: 'This order' });
    expect(order).toHaveTextContent('$37.50');
    expect(order).toHaveTextContent('Total$87.50');

    // Taking the last Beans out frees the other currency again only when the order is empty.
    await user.click(within(products).getByRole('button', { name: 'Remove Gift card' }));
    expect(order).toHaveTextContent('Total$37.50');
  });

  it('creates the order for the conversation once, however often Create is clicked, then sends the payment link', async () => {
    serve('agent', []);
    let release: () => void = () => {};
    const answered = new Promise<void>((resolve) => (release = resolve));
    server.on(`POST ${base}/orders`, async (request) => {
      await answered;
      return {
        status: 201,
        body: order(3, {
          items: [{ productId: productId(3), sku: 'SKU-3', name: 'Gift card', quantity: 1, unitPrice: 5000, total: 5000 }],
          total: 5000,
          notes: (request.body as { notes?: string }).notes ?? null,
        }),
      };
    });
    server.on(`POST ${base}/payments/link`, { status: 200, body: { url: 'https://checkout.example/c/3' } });
    const user = userEvent.setup();
    renderPanel();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Add Gift card' }));
    await user.type(within(dialog).getByLabelText(/Notes/), 'Gift wrap');
    const create = within(dialog).getByRole('button', { name: 'Create order' });
    await user.click(create);
    await user.dblClick(within(dialog).getByRole('button', { name: 'Creating…' }));
    release();

    const created = await screen.findByRole('dialog', { name: 'Order #1003 created' });
    const posts = server.requests.filter((r) => r.method === 'POST' && r.url === `${base}/orders`);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ customerId, conversationId, items: [{ productId: productId(3), quantity: 1 }], notes: 'Gift wrap' });
    expect(posts[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);

    await user.click(within(created).getByRole('button', { name: 'Send payment link' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const link = server.requests.find((r) => r.url === `${base}/payments/link`)!;
    expect(link.body).toEqual({ orderId: orderId(3), conversationId });
    expect(refreshConversation).toHaveBeenCalledTimes(1);
  });

  it('names the items that ran out of stock, retries with the same key, and uses a new key next time', async () => {
    serve('agent', []);
    let attempts = 0;
    server.on(`POST ${base}/orders`, () => {
      attempts += 1;
      return attempts === 1
        ? {
            status: 409,
            body: errorBody('out_of_stock', 'Not enough stock for Beans', [{ path: 'items.1.productId', message: 'Beans (SKU-1) is out of stock' }]),
          }
        : { status: 201, body: order(4) };
    });
    const user = userEvent.setup();
    renderPanel();
    let dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Add Gift card' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add Beans' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create order' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Not enough stock for Beans');
    const lines = within(within(dialog).getByRole('region', { name: 'This order' })).getAllByRole('listitem');
    expect(lines[1]).toHaveTextContent('Beans (SKU-1) is out of stock');
    expect(lines[0]).not.toHaveTextContent('out of stock');

    await user.click(within(dialog).getByRole('button', { name: 'Create order' }));
    await screen.findByRole('dialog', { name: 'Order #1004 created' });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    dialog = await openDialog(user);
    expect(within(dialog).getByRole('region', { name: 'This order' })).toHaveTextContent('No items yet');
    await user.click(within(dialog).getByRole('button', { name: 'Add Gift card' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create order' }));
    await screen.findByRole('dialog', { name: 'Order #1004 created' });

    const keys = server.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('searches the active products by what is typed', async () => {
    serve('agent', []);
    const user = userEvent.setup();
    renderPanel();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByRole('searchbox'), 'gift');
    await waitFor(() => expect(within(dialog).queryByText('Beans')).not.toBeInTheDocument());
    expect(within(dialog).getByText('Gift card')).toBeInTheDocument();
    const searches = server.requests.filter((r) => r.url === `${base}/products`).map((r) => r.params);
    expect(searches[0]).toMatchObject({ active: 'true' });
    expect(searches.at(-1)).toMatchObject({ active: 'true', q: 'gift' });
  });
});
