import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PublicForm } from '../../../../contracts/forms';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { PublicFormPage } from './public-form-page';

const publicKey = 'AbCdEfGhIjKlMnOpQrStUvWx';
const url = `/api/public/forms/${publicKey}`;
const productId = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

const definition = (over: Partial<PublicForm> = {}): PublicForm => ({
  name: 'Order request',
  workspaceName: 'Acme Coffee',
  fields: [
    { key: 'name', label: 'Your name', type: 'text', required: true },
    { key: 'email', label: 'Email', type: 'email', required: true },
    { key: 'size', label: 'Size', type: 'select', required: false, options: ['S', 'M', 'L'] },
    { key: 'cups', label: 'Cups a day', type: 'number', required: false },
    { key: 'terms', label: 'I accept the terms', type: 'checkbox', required: true },
    { key: 'items', label: 'What would you like?', type: 'product', required: false, productIds: [productId(1), productId(2)] },
  ],
  products: [
    { id: productId(1), name: 'Beans', price: 1250, currency: 'usd', available: true },
    { id: productId(2), name: 'Filter papers', price: 400, currency: 'usd', available: false },
    { id: productId(3), name: 'Not offered here', price: 100, currency: 'usd', available: true },
  ],
  ...over,
});

let server: MockApi;
beforeEach(() => {
  server = mockApi();
});
afterEach(() => server.restore());

const renderPage = () => renderRoute(<PublicFormPage />, { path: `/f/${publicKey}`, pattern: '/f/:publicKey' });

async function fillValid(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText(/Your name/), 'Maya Chen');
  await user.type(screen.getByLabelText(/^Email/), 'maya@example.com');
  await user.click(screen.getByRole('checkbox', { name: /I accept the terms/ }));
}

describe('the public form page', () => {
  it('shows the workspace, the fields with required ones marked, and the products the field offers', async () => {
    server.on(`GET ${url}`, { status: 200, body: definition() });
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Acme Coffee' })).toBeInTheDocument();
    expect(screen.getByText('Order request')).toBeInTheDocument();
    expect(screen.getByLabelText(/Your name/)).toBeRequired();
    expect(screen.getByLabelText(/Cups a day/)).not.toBeRequired();
    expect(screen.getByRole('combobox', { name: 'Size' })).toBeInTheDocument();
    const products = screen.getByRole('group', { name: 'What would you like?' });
    expect(within(products).getByRole('spinbutton', { name: 'Quantity of Beans' })).toBeEnabled();
    expect(within(products).getByRole('spinbutton', { name: 'Quantity of Filter papers' })).toBeDisabled();
    expect(within(products).getByText(/Not available/)).toBeInTheDocument();
    expect(within(products).queryByText('Not offered here')).not.toBeInTheDocument();
  });

  it('checks required fields before sending, announces each error beside its field and focuses the first', async () => {
    server.on(`GET ${url}`, { status: 200, body: definition() });
    const user = userEvent.setup();
    renderPage();
    await user.type(await screen.findByLabelText(/^Email/), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const name = screen.getByLabelText(/Your name/);
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription('Please fill this in.');
    expect(name).toHaveFocus();
    expect(screen.getByLabelText(/^Email/)).toHaveAccessibleDescription('Enter an email address like name@example.com.');
    expect(screen.getByRole('checkbox', { name: /I accept the terms/ })).toHaveAccessibleDescription('Please tick this box.');
    const alerts = screen
      .getAllByRole('alert')
      .map((alert) => alert.textContent)
      .filter(Boolean);
    expect(alerts).toEqual(['Please fill this in.', 'Enter an email address like name@example.com.', 'Please tick this box.']);
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    // Correcting a field clears its error.
    await user.type(name, 'Maya');
    expect(name).not.toHaveAttribute('aria-invalid');
  });

  it('sends typed JSON answers and thanks the customer', async () => {
    server.on(`GET ${url}`, { status: 200, body: definition() });
    server.on(`POST ${url}/submissions`, { status: 201, body: { id: productId(9), message: 'Thanks! We will be in touch shortly.' } });
    const user = userEvent.setup();
    renderPage();
    await fillValid(user);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Size' }), 'M');
    await user.type(screen.getByLabelText(/Cups a day/), '3');
    await user.type(screen.getByRole('spinbutton', { name: 'Quantity of Beans' }), '2');
    expect(screen.getByText('$25.00')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send' }));

    expect(await screen.findByRole('heading', { name: 'Thank you!' })).toBeInTheDocument();
    expect(screen.getByText('Thanks! We will be in touch shortly.')).toBeInTheDocument();
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({
      name: 'Maya Chen',
      email: 'maya@example.com',
      size: 'M',
      cups: 3,
      terms: true,
      items: [{ productId: productId(1), quantity: 2 }],
    });
    expect(post.headers.authorization).toBeUndefined();
  });

  it("puts the server's per-field errors on their fields", async () => {
    server.on(`GET ${url}`, { status: 200, body: definition() });
    server.on(`POST ${url}/submissions`, {
      status: 422,
      body: errorBody('validation_failed', 'Some fields are not valid', [
        { path: 'email', message: 'Use an address that can receive mail' },
        { path: 'items.0.quantity', message: 'Only 1 left' },
      ]),
    });
    const user = userEvent.setup();
    renderPage();
    await fillValid(user);
    await user.type(screen.getByRole('spinbutton', { name: 'Quantity of Beans' }), '5');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const email = screen.getByLabelText(/^Email/);
    await waitFor(() => expect(email).toHaveAccessibleDescription('Use an address that can receive mail'));
    expect(email).toHaveFocus();
    expect(screen.getByRole('spinbutton', { name: 'Quantity of Beans' })).toHaveAccessibleDescription('Only 1 left');
  });

  it('says how long to wait after too many submissions', async () => {
    server.on(`GET ${url}`, { status: 200, body: definition() });
    server.on(`POST ${url}/submissions`, { status: 429, headers: { 'retry-after': '420' }, body: errorBody('rate_limited', 'Too many requests') });
    const user = userEvent.setup();
    renderPage();
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Too many submissions, try again in 7 minutes.')).toHaveAttribute('role', 'alert');
  });

  it('says the form is not available when it does not exist or is off', async () => {
    server.on(`GET ${url}`, { status: 404, body: errorBody('not_found', 'Form not found') });
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'This form is not available' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send' })).not.toBeInTheDocument();
  });
});
