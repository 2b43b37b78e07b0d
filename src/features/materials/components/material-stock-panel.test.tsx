import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Material, Movement } from '../../../../contracts/operations';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import materialsDeferred from '../deferred';
import { MaterialStockPanel } from './material-stock-panel';

const { toast } = vi.hoisted(() => ({ toast: Object.assign(vi.fn(), { success: vi.fn(), warning: vi.fn(), error: vi.fn() }) }));
vi.mock('sonner', () => ({ toast }));

const base = `/api/workspaces/${ids.workspace}`;
const materialId = '00000000-0000-4000-d000-000000000001';
const roastery = { id: '00000000-0000-4000-d000-000000000002', code: 'PLT-01', name: 'Roastery' };
const warehouse = { id: '00000000-0000-4000-d000-000000000003', code: 'PLT-02', name: 'Warehouse' };
const at = '2026-03-01T10:00:00.000Z';

const material = (over: Partial<Material> = {}): Material => ({
  id: materialId,
  code: 'MAT-0001',
  name: 'Green beans',
  unit: 'kg',
  category: null,
  minStock: 20,
  stock: [
    { plantId: roastery.id, quantity: 25 },
    { plantId: warehouse.id, quantity: 5 },
  ],
  createdAt: at,
  updatedAt: at,
  ...over,
});

const movement = (n: number, quantity: number): Movement => ({
  id: `00000000-0000-4000-e000-00000000000${n}`,
  materialId,
  plantId: roastery.id,
  quantity,
  reason: `Reason ${n}`,
  batchId: null,
  createdBy: { id: ids.other, name: 'Sam Stock' },
  createdAt: at,
});

let server: MockApi;

function serve(current: Material = material()) {
  server.on(`GET ${base}/materials/${materialId}`, () => ({ status: 200, body: current }));
  server.on(`GET ${base}/plants`, { status: 200, body: page([roastery, warehouse]) });
  server.on(`GET ${base}/materials/${materialId}/movements`, { status: 200, body: page([movement(2, -5), movement(1, 30)]) });
}

const renderPanel = (role: 'agent' | 'viewer' = 'agent') => renderRoute(<MaterialStockPanel wid={ids.workspace} id={materialId} role={role} />);

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  vi.clearAllMocks();
});
afterEach(() => server.restore());

describe('the material stock panel', () => {
  it('shows the stock per plant by name, the plants below the minimum highlighted, and the movements newest first', async () => {
    serve();
    renderPanel();
    const rows = await screen.findAllByTestId('material-stock-row');
    expect(rows[0]).toHaveTextContent('Roastery (PLT-01)');
    expect(rows[0]).toHaveTextContent('25 kg');
    expect(rows[0]).not.toHaveAttribute('data-below');
    expect(rows[1]).toHaveTextContent('Warehouse (PLT-02)');
    expect(rows[1]).toHaveAttribute('data-below', 'true');
    expect(within(rows[1]!).getByText('Below minimum')).toBeInTheDocument();
    const moves = await screen.findAllByTestId('material-movement');
    expect(moves[0]).toHaveTextContent('−5 kg at Roastery · Reason 2');
    expect(moves[1]).toHaveTextContent('+30 kg at Roastery · Reason 1');
  });

  it('records a take with a fresh Idempotency-Key per submit, and announces crossing the minimum', async () => {
    serve();
    server.on(`POST ${base}/materials/${materialId}/movements`, (request) => ({
      status: 201,
      body: { ...movement(3, (request.body as { quantity: number }).quantity), reason: 'Roast' },
    }));
    renderPanel();
    await userEvent.click(await screen.findByLabelText('− Take'));
    await userEvent.type(screen.getByLabelText('Quantity (kg)'), '6');
    await userEvent.type(screen.getByLabelText('Reason'), 'Roast');
    await userEvent.click(screen.getByRole('button', { name: 'Record movement' }));
    await waitFor(() =>
      expect(toast.warning).toHaveBeenCalledWith('Green beans (MAT-0001) is below its minimum at Roastery: 19 kg left, minimum 20', expect.anything()),
    );
    await userEvent.type(screen.getByLabelText('Quantity (kg)'), '1');
    await userEvent.type(screen.getByLabelText('Reason'), 'Roast');
    await userEvent.click(screen.getByRole('button', { name: 'Record movement' }));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    const [first, second] = server.requests.filter((r) => r.method === 'POST');
    expect(first!.body).toEqual({ plantId: roastery.id, quantity: -6, reason: 'Roast' });
    expect(first!.headers['idempotency-key']).toBeTruthy();
    expect(second!.headers['idempotency-key']).toBeTruthy();
    expect(second!.headers['idempotency-key']).not.toBe(first!.headers['idempotency-key']);
  });

  it('says what is available when the server refuses a take', async () => {
    serve();
    server.on(`POST ${base}/materials/${materialId}/movements`, {
      status: 409,
      body: errorBody('out_of_stock', 'Only 25 kg of Green beans at Roastery: cannot take 30', [{ path: 'quantity', message: 'Available: 25' }]),
    });
    renderPanel();
    await userEvent.click(await screen.findByLabelText('− Take'));
    await userEvent.type(screen.getByLabelText('Quantity (kg)'), '30');
    await userEvent.type(screen.getByLabelText('Reason'), 'Roast');
    await userEvent.click(screen.getByRole('button', { name: 'Record movement' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only 25 kg of Green beans at Roastery');
    expect(screen.getByText('Available: 25')).toBeInTheDocument();
  });

  it('offers a viewer no movement form', async () => {
    serve();
    renderPanel('viewer');
    await screen.findAllByTestId('material-stock-row');
    expect(screen.queryByRole('button', { name: 'Record movement' })).not.toBeInTheDocument();
  });

  it('toasts material.low_stock to every member', async () => {
    materialsDeferred.realtime.events['material.low_stock']({
      material: { id: materialId, code: 'MAT-0001', name: 'Green beans', unit: 'kg' },
      plantId: roastery.id,
      plantName: 'Roastery',
      quantity: 3,
      minStock: 20,
    });
    await waitFor(() =>
      expect(toast.warning).toHaveBeenCalledWith('Green beans (MAT-0001) is below its minimum at Roastery: 3 kg left, minimum 20', expect.anything()),
    );
  });
});
