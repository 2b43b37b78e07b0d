import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlantMetricsDay } from '../../../../contracts/operations';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { lastDays } from '../api';
import { PlantMetricsPanel, totals } from './plant-metrics-panel';

const base = `/api/workspaces/${ids.workspace}`;
const plantId = '00000000-0000-4000-f000-000000000001';

const day = (date: string, over: Partial<PlantMetricsDay> = {}): PlantMetricsDay => ({
  date,
  released: 0,
  rejected: 0,
  quantityProduced: 0,
  rejectionRate: null,
  meanCycleHours: null,
  ...over,
});

const DAYS = [
  day('2026-03-28', { released: 1, rejected: 1, quantityProduced: 80, rejectionRate: 0.5, meanCycleHours: 12 }),
  day('2026-03-29', { released: 2, quantityProduced: 130, rejectionRate: 0, meanCycleHours: 6 }),
  day('2026-03-30'),
];

let server: MockApi;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  server.on(`GET ${base}/plants/${plantId}/metrics`, { status: 200, body: { days: DAYS } });
});
afterEach(() => server.restore());

describe('the plant metrics panel', () => {
  it('asks for the last 30 days in the browser zone, shows the totals and draws the charts', async () => {
    renderRoute(<PlantMetricsPanel wid={ids.workspace} id={plantId} role="viewer" />);
    const figures = await screen.findByTestId('plant-metrics-totals');
    expect(figures).toHaveTextContent('Batches released3');
    expect(figures).toHaveTextContent('Quantity produced210');
    expect(figures).toHaveTextContent('Rejection rate25%');
    expect(figures).toHaveTextContent('Mean cycle time9.0 h');
    expect(await screen.findAllByTestId('plant-metrics-chart')).toHaveLength(4);
    const asked = server.requests[0]!;
    expect(asked.params).toEqual({ ...lastDays(30), tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
  });

  it('changes the range with a preset and with the day pickers, refusing a reversed range', async () => {
    renderRoute(<PlantMetricsPanel wid={ids.workspace} id={plantId} role="viewer" />);
    await screen.findByTestId('plant-metrics-totals');
    await userEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() => expect(server.requests.at(-1)!.params).toMatchObject(lastDays(7)));
    const from = screen.getByLabelText('From');
    await userEvent.clear(from);
    await userEvent.type(from, '2099-01-01');
    expect(screen.getByText('The last day comes before the first')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show' })).toBeDisabled();
    await userEvent.clear(from);
    await userEvent.type(from, '2026-03-01');
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(server.requests.at(-1)!.params).toMatchObject({ from: '2026-03-01', to: lastDays(7).to }));
  });

  it('totals weight the cycle time by batches and leave empty ranges blank', () => {
    expect(totals(DAYS)).toEqual({ released: 3, rejected: 1, quantity: 210, rejectionRate: 0.25, cycle: 9 });
    expect(totals([day('2026-03-30')])).toEqual({ released: 0, rejected: 0, quantity: 0, rejectionRate: null, cycle: null });
  });
});
