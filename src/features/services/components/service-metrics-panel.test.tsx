import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionStore } from '@/lib/session-store';
import { auth, ids } from '@/test/fixtures';
import { mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { defaultAggregate, lastDaysRange } from '../api';
import { ServiceMetricsPanel } from './service-metrics-panel';

const base = `/api/workspaces/${ids.workspace}`;
const serviceId = '00000000-0000-4000-f000-000000000042';
const metric = (name: string) => ({ name, builtin: false, serviceIds: [serviceId], agg: null, description: null, lastAt: '2026-03-30T10:00:00.000Z' });
const points = [
  { t: '2026-03-30T08:00:00.000Z', value: 4 },
  { t: '2026-03-30T09:00:00.000Z', value: null },
  { t: '2026-03-30T10:00:00.000Z', value: 9 },
];

let server: MockApi;

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  server.on(`GET ${base}/metrics`, { status: 200, body: { data: [metric('chatbot.conversations'), metric('chatbot.latency_ms')] } });
  server.on(`GET ${base}/metrics/series`, { status: 200, body: { points } });
});
afterEach(() => server.restore());

describe('the service metrics panel', () => {
  it("charts each of the service's metrics over the last 7 days by hour in the browser's zone, averaging latencies", async () => {
    renderRoute(<ServiceMetricsPanel wid={ids.workspace} id={serviceId} role="viewer" />);
    await waitFor(() => expect(screen.getAllByTestId('service-metric-chart')).toHaveLength(2));
    expect(server.requests[0]!.params).toEqual({ serviceId });
    const series = server.requests.filter((r) => r.url.endsWith('/metrics/series'));
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(series.map((r) => r.params).sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: 'chatbot.conversations', agg: 'sum', interval: 'hour', serviceId, tz, ...lastDaysRange(7) },
      { name: 'chatbot.latency_ms', agg: 'avg', interval: 'hour', serviceId, tz, ...lastDaysRange(7) },
    ]);
    const latency = screen.getByRole('region', { name: 'chatbot.latency_ms' });
    expect(within(latency).getByText('4 – 9')).toBeInTheDocument();
    expect(within(latency).getByText(/Latest hour with points/)).toHaveTextContent('9');
  });

  it('reads a metric by another aggregate when asked', async () => {
    renderRoute(<ServiceMetricsPanel wid={ids.workspace} id={serviceId} role="viewer" />);
    await screen.findAllByTestId('service-metric-chart');
    await userEvent.selectOptions(screen.getByLabelText('Aggregate of chatbot.conversations'), '95th percentile');
    await waitFor(() => expect(server.requests.at(-1)!.params).toMatchObject({ name: 'chatbot.conversations', agg: 'p95' }));
  });

  it('says how to send metrics when the service has none', async () => {
    server.on(`GET ${base}/metrics`, { status: 200, body: { data: [] } });
    renderRoute(<ServiceMetricsPanel wid={ids.workspace} id={serviceId} role="viewer" />);
    expect(await screen.findByText(/No metrics yet/)).toHaveTextContent('metrics:write');
  });
});

describe('the default aggregate', () => {
  it('averages durations, latencies and rates, and sums the rest', () => {
    expect(['chatbot.latency_ms', 'call.duration', 'x.resolved_rate', 'chatbot.conversations', 'voice.minutes'].map(defaultAggregate)).toEqual([
      'avg',
      'avg',
      'avg',
      'sum',
      'sum',
    ]);
  });
});
