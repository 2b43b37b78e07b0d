import { QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Form, Submission } from '../../../../contracts/forms';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { testQueryClient } from '@/test/render';
import { FormPage, NewFormPage } from './form-page';
import { FormsPage } from './forms-page';

const base = `/api/workspaces/${ids.workspace}`;
const formId = '00000000-0000-4000-c000-000000000001';
const productId = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

const form = (over: Partial<Form> = {}): Form => ({
  id: formId,
  name: 'Order request',
  publicKey: 'AbCdEfGhIjKlMnOpQrStUvWx',
  fields: [
    { key: 'name', label: 'Your name', type: 'text', required: true },
    { key: 'email', label: 'Email', type: 'email', required: true },
    { key: 'items', label: 'Products', type: 'product', required: false, productIds: [productId(1)] },
  ],
  active: true,
  submissionCount: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const submission = (n: number, over: Partial<Submission> = {}): Submission => ({
  id: `00000000-0000-4000-d000-${String(n).padStart(12, '0')}`,
  formId,
  answers: { name: `Person ${n}`, email: `person${n}@example.com`, items: [{ productId: productId(1), quantity: 2 }] },
  customerId: null,
  conversationId: `00000000-0000-4000-e000-${String(n).padStart(12, '0')}`,
  orderId: n === 1 ? `00000000-0000-4000-f000-${String(n).padStart(12, '0')}` : null,
  createdAt: '2026-01-02T10:00:00.000Z',
  ...over,
});

const product = (n: number, name: string) => ({
  id: productId(n),
  sku: `SKU-${n}`,
  name,
  description: null,
  price: 1250,
  currency: 'usd',
  stock: null,
  category: null,
  imageUrl: null,
  active: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

let server: MockApi;

function serve(role: Role) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/forms/${formId}`, { status: 200, body: form() });
  server.on(`GET ${base}/products`, { status: 200, body: page([product(1, 'Beans'), product(2, 'Mugs')]) });
}

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function renderAt(path: string) {
  const queryClient = testQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/w/:wid/forms" element={<FormsPage />} />
          <Route path="/w/:wid/forms/new" element={<NewFormPage />} />
          <Route path="/w/:wid/forms/:formId" element={<FormPage />} />
        </Routes>
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return queryClient;
}

const fieldCards = () => screen.getAllByTestId('field-editor');

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => server.restore());

describe('the form builder', () => {
  it('builds a new form: keys follow labels until typed, choices, reordering by keyboard, then creates it once', async () => {
    serve('admin');
    let created: unknown;
    server.on(`POST ${base}/forms`, (request) => {
      created = request.body;
      return { status: 201, body: form({ ...(request.body as object), submissionCount: 0 }) };
    });
    const user = userEvent.setup();
    renderAt(`/w/${ids.workspace}/forms/new`);

    await user.type(await screen.findByLabelText('Name'), 'Contact us');
    // A new form starts with a name and an email field.
    expect(fieldCards()).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Add field' }));
    const third = fieldCards()[2]!;
    expect(within(third).getByLabelText('Label')).toHaveFocus();
    await user.type(within(third).getByLabelText('Label'), 'Favourite café size!');
    expect(within(third).getByLabelText(/^Key/)).toHaveValue('favourite_cafe_size');
    await user.selectOptions(within(third).getByLabelText('Type'), 'select');
    await user.type(within(third).getByRole('textbox', { name: /Choice 1/ }), 'Small{Enter}Large');
    expect(within(third).getByRole('textbox', { name: /Choice 2/ })).toHaveValue('Large');

    // A typed key stays when the label changes; Alt+↑ moves the field and focus follows it.
    await user.clear(within(third).getByLabelText(/^Key/));
    await user.type(within(third).getByLabelText(/^Key/), 'Cup Size');
    expect(within(third).getByLabelText(/^Key/)).toHaveValue('cup_size');
    await user.type(within(third).getByLabelText('Label'), '?');
    expect(within(third).getByLabelText(/^Key/)).toHaveValue('cup_size');
    await user.click(screen.getByRole('button', { name: 'Move Favourite café size!? up' }));
    expect(fieldCards()[1]).toHaveTextContent('Field 2 of 3: Favourite café size!?');
    expect(screen.getByRole('button', { name: 'Move Favourite café size!? up' })).toHaveFocus();
    expect(screen.getByText('Favourite café size!? moved to position 2 of 3')).toBeInTheDocument();
    // Alt+↑ again: first place, where "up" is disabled, so focus goes to "down".
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(within(fieldCards()[0]!).getByLabelText('Label')).toHaveValue('Favourite café size!?');
    expect(screen.getByRole('button', { name: 'Move Favourite café size!? down' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Create form' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/w/${ids.workspace}/forms/${formId}`));
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers['idempotency-key']).toBeTruthy();
    expect(created).toEqual({
      name: 'Contact us',
      active: true,
      fields: [
        { key: 'cup_size', label: 'Favourite café size!?', type: 'select', required: false, options: ['Small', 'Large'] },
        { key: 'name', label: 'Your name', type: 'text', required: true },
        { key: 'email', label: 'Email', type: 'email', required: true },
      ],
    });
  }, 20_000);

  it("shows the server's validation errors on the field and input they name, and focuses the first", async () => {
    serve('admin');
    server.on(`POST ${base}/forms`, {
      status: 422,
      body: errorBody('validation_failed', 'Some fields are not valid', [
        { path: 'fields.2.key', message: 'Another field uses the key email' },
        { path: 'fields.2.options.1', message: 'Enter an option' },
        { path: 'fields', message: 'Add an email field: it is how the customer is found' },
        { path: 'name', message: 'Enter a name' },
      ]),
    });
    const user = userEvent.setup();
    renderAt(`/w/${ids.workspace}/forms/new`);
    await user.click(await screen.findByRole('button', { name: 'Add field' }));
    const third = fieldCards()[2]!;
    await user.selectOptions(within(third).getByLabelText('Type'), 'select');
    await user.type(within(third).getByRole('textbox', { name: /Choice 1/ }), 'A{Enter}');
    await user.click(screen.getByRole('button', { name: 'Create form' }));

    const name = screen.getByLabelText('Name');
    await waitFor(() => expect(name).toHaveAccessibleDescription('Enter a name'));
    expect(name).toHaveFocus();
    expect(within(third).getByLabelText(/^Key/)).toHaveAccessibleDescription('Another field uses the key email');
    expect(within(third).getByRole('textbox', { name: /Choice 2/ })).toHaveAccessibleDescription('Enter an option');
    expect(within(third).getByRole('textbox', { name: /Choice 1/ })).not.toHaveAttribute('aria-invalid');
    expect(within(fieldCards()[1]!).getByLabelText(/^Key/)).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Add an email field');
    expect(screen.getByTestId('location')).toHaveTextContent('/forms/new');

    // Fixing the key clears its message.
    await user.type(within(third).getByLabelText(/^Key/), '_2');
    expect(within(third).getByLabelText(/^Key/)).not.toHaveAttribute('aria-invalid');
  });

  it('edits a saved form with PUT, choosing the products a product field offers', async () => {
    serve('admin');
    server.on(`PUT ${base}/forms/${formId}`, (request) => ({ status: 200, body: form(request.body as Partial<Form>) }));
    const user = userEvent.setup();
    renderAt(`/w/${ids.workspace}/forms/${formId}`);
    const products = await screen.findByRole('group', { name: 'Products offered' });
    expect(await within(products).findByRole('list', { name: 'Products offered by Products' })).toHaveTextContent('Beans');
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    await user.click(within(products).getByRole('checkbox', { name: /Mugs/ }));
    await user.click(screen.getByRole('switch', { name: /Active/ }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.requests.some((r) => r.method === 'PUT')).toBe(true));
    const put = server.requests.find((r) => r.method === 'PUT')!;
    expect(put.body).toMatchObject({
      active: false,
      fields: [{ key: 'name' }, { key: 'email' }, { key: 'items', type: 'product', productIds: [productId(1), productId(2)] }],
    });
    expect(await screen.findByText('All changes saved')).toBeInTheDocument();
  });

  it('shows the public link with Copy and Open', async () => {
    serve('admin');
    const user = userEvent.setup();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderAt(`/w/${ids.workspace}/forms/${formId}`);
    const link = `${window.location.origin}/f/AbCdEfGhIjKlMnOpQrStUvWx`;
    expect(await screen.findByLabelText('Public link')).toHaveValue(link);
    expect(screen.getByRole('link', { name: /Open/ })).toHaveAttribute('href', link);
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(link);
    await user.click(screen.getByRole('button', { name: 'Copied' }));
  });

  it('lets a viewer read the form but not change or delete it', async () => {
    serve('viewer');
    renderAt(`/w/${ids.workspace}/forms/${formId}`);
    expect(await screen.findByLabelText('Name')).toBeDisabled();
    await waitFor(() => expect(server.requests.some((r) => r.url === base)).toBe(true));
    expect(screen.queryByRole('button', { name: 'Delete form' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save changes' })).not.toBeInTheDocument();
  });
});

describe('submissions', () => {
  it('lists them with their customer, answers and links, loads more, and exports CSV through the API client', async () => {
    serve('viewer');
    server.on(`GET ${base}/forms/${formId}/submissions`, (request) =>
      request.params.cursor === 'next' ? { status: 200, body: page([submission(3)]) } : { status: 200, body: page([submission(1), submission(2)], 'next') },
    );
    server.on(`GET ${base}/forms/${formId}/submissions/export`, { status: 200, body: new Blob(['name,email\n'], { type: 'text/csv' }) });
    const createObjectURL = vi.fn(() => 'blob:csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    renderAt(`/w/${ids.workspace}/forms/${formId}?tab=submissions`);

    const rows = await screen.findAllByTestId('submission-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('person1@example.com');
    expect(rows[0]).toHaveTextContent('Your name: Person 1 · Products: 2 × Beans');
    expect(within(rows[0]!).getByRole('link', { name: 'Conversation' })).toHaveAttribute('href', `/w/${ids.workspace}/inbox/${submission(1).conversationId}`);
    expect(within(rows[0]!).getByRole('link', { name: 'Order' })).toHaveAttribute('href', `/w/${ids.workspace}/orders/${submission(1).orderId}`);
    expect(within(rows[1]!).queryByRole('link', { name: 'Order' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('submission-row')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    const exported = server.requests.find((r) => r.url.endsWith('/export'))!;
    expect(exported.headers.authorization).toBe('Bearer token-1');
    expect(createObjectURL).toHaveBeenCalled();
    clicked.mockRestore();
  });

  it('keeps the tab in the address and switches with the arrow keys', async () => {
    serve('viewer');
    server.on(`GET ${base}/forms/${formId}/submissions`, { status: 200, body: page([]) });
    const user = userEvent.setup();
    renderAt(`/w/${ids.workspace}/forms/${formId}`);
    const fieldsTab = await screen.findByRole('tab', { name: 'Fields' });
    expect(fieldsTab).toHaveAttribute('aria-selected', 'true');
    fieldsTab.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: /Submissions/ })).toHaveFocus();
    expect(screen.getByTestId('location')).toHaveTextContent('?tab=submissions');
    expect(await screen.findByText('No submissions yet')).toBeInTheDocument();
  });
});

describe('the forms list', () => {
  it('lists the forms with their submission counts, and offers admins a new one', async () => {
    serve('admin');
    server.on(`GET ${base}/forms`, { status: 200, body: page([form(), form({ id: ids.other, name: 'Contact', active: false, submissionCount: 0 })]) });
    renderAt(`/w/${ids.workspace}/forms`);
    const rows = await screen.findAllByTestId('form-row');
    expect(rows[0]).toHaveTextContent('Order request');
    expect(within(rows[0]!).getByRole('link', { name: '2 submissions of Order request' })).toHaveAttribute(
      'href',
      `/w/${ids.workspace}/forms/${formId}?tab=submissions`,
    );
    expect(rows[1]).toHaveTextContent('Off');
    expect(await screen.findByRole('link', { name: 'New form' })).toHaveAttribute('href', `/w/${ids.workspace}/forms/new`);
  });
});
