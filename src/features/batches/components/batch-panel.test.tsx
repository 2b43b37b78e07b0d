import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch, BatchHistoryEntry, Material } from '../../../../contracts/operations';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import batchesDeferred from '../deferred';
import { BatchPanel } from './batch-panel';

const base = `/api/workspaces/${ids.workspace}`;
const batchId = '00000000-0000-4000-c000-000000000001';
const plantId = '00000000-0000-4000-c000-000000000002';
const flourId = '00000000-0000-4000-c000-000000000003';
const sugarId = '00000000-0000-4000-c000-000000000004';
const at = '2026-03-01T10:00:00.000Z';

const batch = (over: Partial<Batch> = {}): Batch => ({
  id: batchId,
  code: 'B-2026-0007',
  plantId,
  product: 'Espresso blend',
  plannedQuantity: 240,
  producedQuantity: null,
  unit: 'bags',
  inputs: [
    { materialId: flourId, quantity: 30 },
    { materialId: sugarId, quantity: 5 },
  ],
  status: 'planned',
  plannedStart: null,
  startedAt: null,
  completedAt: null,
  createdBy: ids.other,
  createdAt: at,
  updatedAt: at,
  ...over,
});

const material = (id: string, name: string, quantity: number): Material => ({
  id,
  code: `MAT-${id.slice(-4)}`,
  name,
  unit: 'kg',
  category: null,
  minStock: null,
  stock: [{ plantId, quantity }],
  createdAt: at,
  updatedAt: at,
});

let n = 0;
const entry = (over: Partial<BatchHistoryEntry>): BatchHistoryEntry => ({
  id: String(++n),
  kind: 'transition',
  from: null,
  to: null,
  reason: null,
  actor: { id: ids.other, name: 'Sam Starter' },
  signature: null,
  fields: null,
  refusal: null,
  createdAt: at,
  ...over,
});

const startedBy = (id: string, name: string) => [
  entry({ kind: 'created', to: 'planned' }),
  entry({ from: 'planned', to: 'in_progress', actor: { id, name } }),
  entry({ from: 'in_progress', to: 'quality_check', actor: { id, name } }),
];

let server: MockApi;

function serve(current: Batch, history: BatchHistoryEntry[], stock = { flour: 100, sugar: 2 }) {
  server.on(`GET ${base}/batches/${batchId}`, () => ({ status: 200, body: current }));
  server.on(`GET ${base}/batches/${batchId}/history`, () => ({ status: 200, body: { data: history } }));
  server.on(`GET ${base}/materials/${flourId}`, { status: 200, body: material(flourId, 'Flour', stock.flour) });
  server.on(`GET ${base}/materials/${sugarId}`, { status: 200, body: material(sugarId, 'Sugar', stock.sugar) });
  server.on(`GET ${base}/plants/${plantId}`, { status: 200, body: { id: plantId, code: 'PLT-01', name: 'Roastery' } });
}

const renderPanel = (role: Role = 'agent') => renderRoute(<BatchPanel wid={ids.workspace} id={batchId} role={role} />);

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  n = 0;
});
afterEach(() => server.restore());

describe('the batch panel', () => {
  it('offers the moves allowed from planned, and shows each input with what the plant has', async () => {
    serve(batch(), [entry({ kind: 'created', to: 'planned' })]);
    renderPanel();
    expect(await screen.findByRole('button', { name: 'Start' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Cancel batch' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Release' })).not.toBeInTheDocument();
    expect(within(screen.getByTestId('batch-status')).getByText('Planned')).toBeInTheDocument();
    const rows = await screen.findAllByTestId('batch-input');
    await waitFor(() => expect(rows[0]).toHaveTextContent('Flour (MAT-0003)'));
    expect(rows[0]).toHaveTextContent('100 kg · enough');
    expect(rows[1]).toHaveTextContent('Sugar (MAT-0004)');
    expect(rows[1]).toHaveTextContent('short by 3');
  });

  it('starts the batch, and names the short materials when the server refuses', async () => {
    serve(batch(), []);
    server.on(`POST ${base}/batches/${batchId}/transition`, {
      status: 409,
      body: errorBody('out_of_stock', 'Not enough stock at the plant for Sugar', [
        { path: 'inputs.1.materialId', message: 'Sugar (MAT-0004): needs 5 kg, 2 available' },
      ]),
    });
    renderPanel();
    await userEvent.click(await screen.findByRole('button', { name: 'Start' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not enough stock at the plant for Sugar');
    expect(alert).toHaveTextContent('needs 5 kg, 2 available');
    expect(server.requests.find((r) => r.method === 'POST')!.body).toEqual({ to: 'in_progress' });
  });

  it('asks a reason before holding, and sends it', async () => {
    serve(batch({ status: 'in_progress' }), startedBy(ids.other, 'Sam Starter').slice(0, 2));
    server.on(`POST ${base}/batches/${batchId}/transition`, { status: 200, body: batch({ status: 'on_hold' }) });
    renderPanel();
    await userEvent.click(await screen.findByRole('button', { name: 'Hold' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Reason (optional)'), 'Roaster maintenance');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Hold' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.requests.find((r) => r.method === 'POST')!.body).toEqual({ to: 'on_hold', reason: 'Roaster maintenance' });
    expect(within(screen.getByTestId('batch-status')).getByText('On hold')).toBeInTheDocument();
  });

  it('disables release and reject for the member who started the batch, saying why', async () => {
    serve(batch({ status: 'quality_check' }), startedBy(ids.me, 'Mia Me'));
    renderPanel();
    const release = await screen.findByRole('button', { name: 'Release' });
    expect(release).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    expect(release).toHaveAccessibleDescription(/You started this batch, so another member must sign its release or rejection/);
  });

  it('signs a release as the signed-in member with the password, the preset meaning and the produced quantity', async () => {
    serve(batch({ status: 'quality_check' }), startedBy(ids.other, 'Sam Starter'));
    server.on(`POST ${base}/batches/${batchId}/transition`, (request) => {
      const body = request.body as { signature: { password: string } };
      if (body.signature.password !== 'Correct-Horse-9')
        return {
          status: 403,
          body: errorBody('forbidden', 'That is not your password', [{ path: 'signature.password', message: 'That is not your password' }]),
        };
      return { status: 200, body: batch({ status: 'released', producedQuantity: 236 }) };
    });
    renderPanel();
    await userEvent.click(await screen.findByRole('button', { name: 'Release' }));
    const dialog = await screen.findByRole('dialog', { name: 'Release B-2026-0007' });
    expect(dialog).toHaveTextContent('Signing as Mia Me (me@example.com)');
    expect(dialog).toHaveTextContent('other than the one who started it (Sam Starter)');
    expect(within(dialog).getByLabelText('Meaning')).toHaveValue('Approved for release');
    const quantity = within(dialog).getByLabelText('Produced quantity');
    expect(quantity).toHaveValue(240);
    await userEvent.clear(quantity);
    await userEvent.type(quantity, '236');
    await userEvent.type(within(dialog).getByLabelText('Your password'), 'wrong');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign and release' }));
    expect(await within(dialog).findByText('That is not your password')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('Your password'), 'Correct-Horse-9');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign and release' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.at(-1)!.body).toEqual({ to: 'released', producedQuantity: 236, signature: { password: 'Correct-Horse-9', meaning: 'Approved for release' } });
    expect(within(screen.getByTestId('batch-status')).getByText('Released')).toBeInTheDocument();
    // The history is fetched again: the refusal and the signature are in it.
    await waitFor(() => expect(server.requests.filter((r) => r.url === `${base}/batches/${batchId}/history`).length).toBeGreaterThanOrEqual(3));
  });

  it('shows the history oldest first, with the signature and refused attempts in red', async () => {
    serve(batch({ status: 'released', producedQuantity: 236 }), [
      ...startedBy(ids.other, 'Sam Starter'),
      entry({
        kind: 'signature_refused',
        from: 'quality_check',
        to: 'released',
        reason: 'You started this batch: another member must sign its release or rejection',
        refusal: 'starter',
      }),
      entry({
        from: 'quality_check',
        to: 'released',
        reason: 'All checks passed',
        actor: { id: ids.me, name: 'Mia Me' },
        signature: { signerId: ids.me, signerName: 'Mia Me', meaning: 'Approved for release', signedAt: '2026-03-02T09:30:00.000Z' },
      }),
    ]);
    renderPanel('viewer');
    const entries = await screen.findAllByTestId('batch-history-entry');
    expect(entries.map((e) => e.querySelector('p')!.textContent)).toEqual([
      'Sam Starter planned the batch',
      'Sam Starter: Planned → In progress',
      'Sam Starter: In progress → Quality check',
      'Signature refused: Sam Starter tried to release the batch',
      'Mia Me: Quality check → Released',
    ]);
    expect(entries[3]).toHaveClass('text-danger');
    expect(entries[3]).toHaveTextContent('You started this batch');
    const signature = within(entries[4]!).getByTestId('batch-signature');
    expect(signature).toHaveTextContent(/^Signed by Mia Me on .+ — Approved for release$/);
    expect(entries[4]).toHaveTextContent('Reason: All checks passed');
    expect(screen.getByText(/can no longer change/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Release' })).not.toBeInTheDocument();
  });

  it('offers a viewer no moves, and follows batch.updated for this batch', async () => {
    serve(batch({ status: 'in_progress' }), []);
    const { queryClient } = renderPanel('viewer');
    await screen.findByText('Agents and above move batches along.');
    act(() => batchesDeferred.realtime.events['batch.updated']({ batch: batch({ status: 'quality_check' }) }, { queryClient, wid: ids.workspace }));
    expect(await within(screen.getByTestId('batch-status')).findByText('Quality check')).toBeInTheDocument();
  });
});
