import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchResource, type Batch, type Material } from '../../../../contracts/operations';
import type { AnyFieldComponents } from '@/lib/resource/field-components';
import { RecordFormDialog } from '@/lib/resource/form';
import { testResource } from '@/lib/resource/test-resource';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { BatchInputsEditor } from './batch-inputs-editor';
import { BatchInputsView } from './batch-inputs-view';

const resource = {
  ...testResource(batchResource, 'operations'),
  fields: { inputs: { edit: BatchInputsEditor, view: BatchInputsView } } as unknown as AnyFieldComponents,
};
const base = `/api/workspaces/${ids.workspace}`;
const at = '2026-03-01T10:00:00.000Z';
const plantId = '00000000-0000-4000-8000-0000000000a1';
const batchId = '00000000-0000-4000-8000-0000000000b1';

const material = (n: number, name: string, unit: string): Material => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  code: `MAT-000${n}`,
  name,
  unit,
  category: null,
  minStock: null,
  stock: [],
  createdAt: at,
  updatedAt: at,
});
const beans = material(1, 'Green beans', 'kg');
const bags = material(2, 'Kraft bags', 'pcs');
const valves = material(3, 'Degassing valves', 'pcs');
const all = [beans, valves, bags];

const batch = (over: Partial<Batch> = {}): Batch => ({
  id: batchId,
  code: 'B-2026-0007',
  plantId,
  product: 'Espresso blend',
  plannedQuantity: 40,
  producedQuantity: null,
  unit: 'bags',
  inputs: [
    { materialId: beans.id, quantity: 12 },
    { materialId: bags.id, quantity: 40 },
  ],
  status: 'planned',
  plannedStart: null,
  startedAt: null,
  completedAt: null,
  createdBy: ids.me,
  createdAt: at,
  updatedAt: at,
  ...over,
});

let server: MockApi;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  server.on(`GET ${base}`, { status: 200, body: workspace('agent') });
  server.on(`GET ${base}/plants`, {
    status: 200,
    body: page([{ id: plantId, code: 'PLT-01', name: 'Roastery', location: null, capacityPerDay: null, status: 'active', createdAt: at, updatedAt: at }]),
  });
  // The API's `q` matches names only.
  server.on(`GET ${base}/materials`, (request) => {
    const q = String(request.params.q ?? '').toLowerCase();
    return { status: 200, body: page(all.filter((m) => m.name.toLowerCase().includes(q))) };
  });
  for (const m of all) server.on(`GET ${base}/materials/${m.id}`, { status: 200, body: m });
});
afterEach(() => server.restore());

type User = ReturnType<typeof userEvent.setup>;
const renderForm = (record?: Batch) =>
  renderRoute(<RecordFormDialog resource={resource} wid={ids.workspace} open onOpenChange={() => {}} {...(record ? { record } : {})} />);
const inputs = () => screen.getByRole('group', { name: 'Inputs' });
const row = (n: number) => within(inputs()).getByRole('listitem', { name: `Input ${n}` });
const writes = () => server.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH');

async function fillBatch(user: User) {
  const dialog = screen.getByRole('dialog', { name: 'New batch' });
  await user.click(within(dialog).getByRole('combobox', { name: 'Plant' }));
  await user.click(await within(dialog).findByRole('option', { name: /^Roastery/ }));
  await user.type(within(dialog).getByRole('textbox', { name: 'Product' }), 'Espresso blend');
  await user.type(within(dialog).getByRole('spinbutton', { name: 'Planned quantity' }), '40');
  await user.type(within(dialog).getByRole('textbox', { name: 'Unit' }), 'bags');
}

describe('the batch inputs editor', () => {
  it('adds rows from the keyboard: the new row takes focus, a material is searched by name or code, its unit shown by the quantity', async () => {
    server.on(`POST ${base}/batches`, (request) => ({ status: 201, body: batch(request.body as Partial<Batch>) }));
    const user = userEvent.setup();
    renderForm();
    await fillBatch(user);
    expect(within(inputs()).getByText('No inputs.')).toBeInTheDocument();

    await user.click(within(inputs()).getByRole('button', { name: 'Add input' }));
    const first = within(row(1)).getByRole('combobox', { name: 'Material of input 1' });
    expect(first).toHaveFocus();
    await user.keyboard('green');
    expect(await within(row(1)).findByRole('option', { name: /Green beans/ })).toBeInTheDocument();
    await waitFor(() => expect(server.requests.some((r) => r.url === `${base}/materials` && r.params.q === 'green')).toBe(true));
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect(first).toHaveValue('Green beans (MAT-0001)');
    await user.tab();
    const quantity = within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' });
    expect(quantity).toHaveFocus();
    await user.keyboard('12');
    expect(quantity).toHaveAccessibleDescription('kg');

    await user.click(within(inputs()).getByRole('button', { name: 'Add input' }));
    const second = within(row(2)).getByRole('combobox', { name: 'Material of input 2' });
    expect(second).toHaveFocus();
    // Codes are found too (among the materials by name).
    await user.keyboard('mat-0002');
    await user.click(await within(row(2)).findByRole('option', { name: /Kraft bags/ }));
    await user.type(within(row(2)).getByRole('spinbutton', { name: 'Quantity of input 2' }), '40');
    expect(within(row(2)).getByText('pcs')).toBeInTheDocument();
    expect(within(inputs()).getByText('2 of 50')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create batch' }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0]!.body).toEqual({
      plantId,
      product: 'Espresso blend',
      plannedQuantity: 40,
      unit: 'bags',
      inputs: [
        { materialId: beans.id, quantity: 12 },
        { materialId: bags.id, quantity: 40 },
      ],
    });
  });

  it("removes rows, focus moving to the Remove of the row that takes the removed one's place, then to Add input", async () => {
    server.on(`PATCH ${base}/batches/${batchId}`, (request) => ({ status: 200, body: batch(request.body as Partial<Batch>) }));
    const user = userEvent.setup();
    renderForm(batch());
    expect(await within(row(1)).findByDisplayValue('Green beans (MAT-0001)')).toBeInTheDocument();
    expect(await within(row(2)).findByDisplayValue('Kraft bags (MAT-0002)')).toBeInTheDocument();
    expect(within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' })).toHaveValue(12);

    await user.click(within(row(1)).getByRole('button', { name: 'Remove input 1' }));
    expect(within(row(1)).getByRole('button', { name: 'Remove input 1' })).toHaveFocus();
    expect(within(row(1)).getByRole('combobox', { name: 'Material of input 1' })).toHaveValue('Kraft bags (MAT-0002)');
    expect(within(inputs()).queryByRole('listitem', { name: 'Input 2' })).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(within(inputs()).getByText('No inputs.')).toBeInTheDocument();
    expect(within(inputs()).getByRole('button', { name: 'Add input' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.keyboard('kraft');
    await user.click(await within(row(1)).findByRole('option', { name: /Kraft bags/ }));
    await user.type(within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' }), '40');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0]!.body).toEqual({ inputs: [{ materialId: bags.id, quantity: 40 }] });
  });

  it('refuses a material a second time: listed as taken, not chosen, and the row stays incomplete', async () => {
    const user = userEvent.setup();
    renderForm();
    await fillBatch(user);
    await user.click(within(inputs()).getByRole('button', { name: 'Add input' }));
    await user.click(await within(row(1)).findByRole('option', { name: /Green beans/ }));
    await user.type(within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' }), '12');
    await user.click(within(inputs()).getByRole('button', { name: 'Add input' }));
    const taken = await within(row(2)).findByRole('option', { name: /Green beans/ });
    expect(taken).toHaveAttribute('aria-disabled', 'true');
    expect(taken).toHaveTextContent('already input 1');
    await user.click(taken);
    expect(within(row(2)).getByRole('combobox', { name: 'Material of input 2' })).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Create batch' }));
    expect(within(row(2)).getByRole('combobox', { name: 'Material of input 2' })).toHaveAccessibleDescription('Choose a material');
    expect(within(row(2)).getByRole('spinbutton', { name: 'Quantity of input 2' })).toHaveAccessibleDescription('Enter a quantity');
    expect(within(row(1)).queryByText(/Choose|Enter/)).not.toBeInTheDocument();
    expect(writes()).toEqual([]);
  });

  it('refuses a batch read with the same material twice until one row is removed', async () => {
    const user = userEvent.setup();
    renderForm(
      batch({
        inputs: [
          { materialId: beans.id, quantity: 12 },
          { materialId: beans.id, quantity: 3 },
        ],
      }),
    );
    const quantity = within(row(2)).getByRole('spinbutton', { name: 'Quantity of input 2' });
    await user.clear(quantity);
    await user.type(quantity, '4');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(within(row(2)).getByRole('combobox', { name: 'Material of input 2' })).toHaveAccessibleDescription('Already input 1: change its quantity instead');
    expect(writes()).toEqual([]);
  });

  it('checks each quantity is a whole number of at least 1', async () => {
    const user = userEvent.setup();
    renderForm(batch());
    const quantity = within(row(2)).getByRole('spinbutton', { name: 'Quantity of input 2' });
    await user.clear(quantity);
    await user.type(quantity, '0');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(quantity).toHaveAccessibleDescription('pcs At least 1');
    expect(quantity).toHaveAttribute('aria-invalid', 'true');
    expect(within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' })).not.toHaveAttribute('aria-invalid');
    expect(writes()).toEqual([]);
  });

  it("shows the server's 422 details on the row they name, and keeps them there when a row above is removed", async () => {
    server.on(`PATCH ${base}/batches/${batchId}`, {
      status: 422,
      body: errorBody('validation_failed', 'Check the highlighted fields', [
        { path: 'body.inputs.1.materialId', message: 'No such material in this workspace' },
      ]),
    });
    const user = userEvent.setup();
    renderForm(batch());
    const quantity = within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' });
    await user.clear(quantity);
    await user.type(quantity, '15');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await within(row(2)).findByText('No such material in this workspace')).toBeInTheDocument();
    expect(within(row(2)).getByRole('combobox', { name: 'Material of input 2' })).toHaveAttribute('aria-invalid', 'true');
    expect(within(row(1)).queryByText('No such material in this workspace')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(writes()[0]!.body).toEqual({
      inputs: [
        { materialId: beans.id, quantity: 15 },
        { materialId: bags.id, quantity: 40 },
      ],
    });

    await user.click(within(row(1)).getByRole('button', { name: 'Remove input 1' }));
    expect(within(row(1)).getByRole('combobox', { name: 'Material of input 1' })).toHaveAccessibleDescription('No such material in this workspace');
  });

  it("shows the server's 409 when the batch started meanwhile, and locks the rows of a batch that is no longer planned", async () => {
    server.on(`PATCH ${base}/batches/${batchId}`, {
      status: 409,
      body: errorBody('conflict', 'The plant and inputs of a batch cannot change once it has started', [{ path: 'status', message: 'in_progress' }]),
    });
    const user = userEvent.setup();
    const { unmount } = renderForm(batch());
    await user.click(within(row(2)).getByRole('button', { name: 'Remove input 2' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The plant and inputs of a batch cannot change once it has started');
    unmount();

    renderForm(batch({ status: 'in_progress' }));
    expect(within(inputs()).getByText('Inputs change only while the batch is planned; this one is in progress.')).toBeInTheDocument();
    expect(within(row(1)).getByRole('combobox', { name: 'Material of input 1' })).toBeDisabled();
    expect(within(row(1)).getByRole('spinbutton', { name: 'Quantity of input 1' })).toBeDisabled();
    expect(within(inputs()).queryByRole('button', { name: /Remove|Add input/ })).not.toBeInTheDocument();
  });

  it('takes at most 50 inputs', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ materialId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`, quantity: 1 }));
    renderForm(batch({ inputs: many }));
    expect(within(inputs()).getAllByRole('listitem')).toHaveLength(50);
    expect(within(inputs()).getByRole('button', { name: 'Add input' })).toBeDisabled();
    expect(within(inputs()).getByText('At most 50 inputs')).toBeInTheDocument();
  });
});

describe('the batch inputs view', () => {
  it("lists each input's material by code and name, with the quantity in its unit", async () => {
    renderRoute(<BatchInputsView wid={ids.workspace} field={{ key: 'inputs', ...batchResource.fields.inputs }} value={batch().inputs!} record={batch()} />);
    const items = await screen.findAllByTestId('batch-input-item');
    await waitFor(() => expect(items[0]).toHaveTextContent('MAT-0001Green beans12 kg'));
    expect(items[1]).toHaveTextContent('MAT-0002Kraft bags40 pcs');
    expect(within(items[0]!).getByRole('link', { name: 'Green beans' })).toHaveAttribute('href', `/w/${ids.workspace}/materials/${beans.id}`);
  });
});
