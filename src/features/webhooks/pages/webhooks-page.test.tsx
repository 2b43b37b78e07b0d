import { createHmac } from 'node:crypto';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from '../../../../contracts/outbound-webhooks';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, page, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { VERIFY_SNIPPET } from '../components/new-secret-panel';
import { eventsSummary } from '../events';
import { WebhookPage } from './webhook-page';
import { WebhooksPage } from './webhooks-page';

const base = `/api/workspaces/${ids.workspace}`;
const NOW = new Date('2026-03-10T12:00:00.000Z').getTime();
const SECRET = 'whsec_Xk3v9QaLr2P0dYw8mNcT5uJhZbVfGqE1oKsA7iLnB4x';

const endpoint = (over: Partial<WebhookEndpoint> & Pick<WebhookEndpoint, 'id' | 'url'>): WebhookEndpoint => ({
  description: null,
  events: ['*'],
  active: true,
  createdAt: new Date(NOW - 86_400_000).toISOString(),
  updatedAt: new Date(NOW - 86_400_000).toISOString(),
  ...over,
});
const orders = endpoint({
  id: '00000000-0000-4000-8000-0000000000f1',
  url: 'https://erp.example.com/hooks/switchboard',
  description: 'Order sync',
  events: ['order.created', 'order.updated'],
});
const warehouse = endpoint({ id: '00000000-0000-4000-8000-0000000000f2', url: 'https://dw.example.com/in' });

const delivery = (over: Partial<WebhookDelivery> & Pick<WebhookDelivery, 'id'>): WebhookDelivery => ({
  endpointId: orders.id,
  eventId: 'evt_41',
  event: 'order.created',
  status: 'succeeded',
  attemptCount: 1,
  lastStatusCode: 200,
  lastError: null,
  createdAt: new Date(NOW - 600_000).toISOString(),
  deliveredAt: new Date(NOW - 600_000).toISOString(),
  nextAttemptAt: null,
  request: {
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Switchboard-Webhooks/1',
      'Switchboard-Event': 'order.created',
      'Switchboard-Delivery': over.id,
    },
    body: '{"id":"evt_41","type":"order.created","data":{"order":{"number":1001}}}',
  },
  attempts: [{ statusCode: 200, error: null, durationMs: 42, at: new Date(NOW - 600_000).toISOString(), responseBody: 'ok' }],
  ...over,
});

let server: MockApi;

function serve(role: Role, endpoints: WebhookEndpoint[] | (() => WebhookEndpoint[])) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/webhooks`, () => ({ status: 200, body: page(typeof endpoints === 'function' ? endpoints() : endpoints) }));
}

const renderList = () => renderRoute(<WebhooksPage />, { path: `/w/${ids.workspace}/settings/webhooks`, pattern: '/w/:wid/settings/webhooks' });
const renderEndpoint = (id: string) =>
  renderRoute(<WebhookPage />, { path: `/w/${ids.workspace}/settings/webhooks/${id}`, pattern: '/w/:wid/settings/webhooks/:endpointId' });

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, shouldAdvanceTime: true });
  sessionStore.signIn(auth());
  server = mockApi();
});
afterEach(() => {
  server.restore();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('WebhooksPage', () => {
  it('lists the endpoints with their events, and turns one off from its switch', async () => {
    serve('admin', [orders, warehouse]);
    server.on(`PATCH ${base}/webhooks/${orders.id}`, (request) => ({ status: 200, body: { ...orders, ...(request.body as object) } }));
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    const link = await screen.findByRole('link', { name: orders.url });
    expect(link).toHaveAttribute('href', `/w/${ids.workspace}/settings/webhooks/${orders.id}`);
    const row = within(screen.getByRole('row', { name: new RegExp(orders.url) }));
    expect(row.getByText('Order sync')).toBeInTheDocument();
    expect(row.getByText('order.created, order.updated')).toBeInTheDocument();
    expect(within(screen.getByRole('row', { name: new RegExp(warehouse.url) })).getByText('All events')).toBeInTheDocument();

    await user.click(screen.getByRole('switch', { name: `Active: ${orders.url}` }));
    await waitFor(() => expect(server.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ active: false }]));
  });

  it('adds an endpoint for chosen events and shows its secret once, to copy', async () => {
    let endpoints: WebhookEndpoint[] = [];
    serve('owner', () => endpoints);
    server.on(`POST ${base}/webhooks`, (request) => {
      const body = request.body as { url: string; events: string[]; description: string | null; active: boolean };
      const created: CreatedWebhookEndpoint = { ...endpoint({ id: '00000000-0000-4000-8000-0000000000f3', ...body }), secret: SECRET };
      const { secret: _secret, ...listed } = created;
      endpoints = [listed];
      return { status: 201, body: created };
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    expect(await screen.findByRole('heading', { name: 'No webhook endpoints yet' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));

    const dialog = await screen.findByRole('dialog', { name: 'Add endpoint' });
    const url = within(dialog).getByLabelText('URL');
    expect(url).toHaveFocus();
    await user.type(url, 'https://crm.example.com/switchboard');
    // Nothing chosen yet: the form says so before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByText('Choose at least one event, or * for all')).toBeInTheDocument();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);

    const events = within(dialog).getByRole('group', { name: 'Events to send' });
    await user.click(within(events).getByRole('checkbox', { name: 'customer.created' }));
    await user.click(within(events).getByRole('button', { name: 'Choose every order event' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));

    const secret = await screen.findByLabelText('Signing secret');
    const [sent] = server.requests.filter((r) => r.method === 'POST').map((r) => r.body as { events: string[] });
    expect(sent).toEqual({
      url: 'https://crm.example.com/switchboard',
      description: null,
      events: ['customer.created', 'order.created', 'order.updated'],
      active: true,
    });
    expect(secret).toHaveValue(SECRET);
    await waitFor(() => expect(secret).toHaveFocus());
    expect(screen.getByText('This is the only time the secret is shown.')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Node: check Switchboard-Signature' })).toHaveTextContent("createHmac('sha256', secret)");
    await user.click(screen.getByRole('button', { name: 'Copy secret' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);

    expect(await screen.findByRole('link', { name: 'https://crm.example.com/switchboard' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done, I have stored it' }));
    expect(screen.queryByLabelText('Signing secret')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('shows the server’s refusal of a URL beside it', async () => {
    serve('admin', [orders]);
    const refusal = 'Webhooks cannot be sent to 10.0.0.1: it is a private, loopback, link-local or reserved address';
    server.on(`POST ${base}/webhooks`, { status: 422, body: errorBody('validation_failed', 'Some fields are not valid', [{ path: 'url', message: refusal }]) });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add endpoint' });
    await user.type(within(dialog).getByLabelText('URL'), 'http://10.0.0.1/hook');
    await user.click(within(dialog).getByRole('radio', { name: 'All events, including those added later' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByText(refusal)).toBeInTheDocument();
    expect(within(dialog).getByLabelText('URL')).toHaveAttribute('aria-invalid', 'true');
    expect(server.requests.find((r) => r.method === 'POST')!.body).toMatchObject({ events: ['*'] });
  });

  it('sends a test event and says how it went; deletes an endpoint after asking', async () => {
    let endpoints = [orders, warehouse];
    serve('admin', () => endpoints);
    server.on(`POST ${base}/webhooks/${warehouse.id}/test`, {
      status: 201,
      body: delivery({
        id: '00000000-0000-4000-8000-0000000000d9',
        endpointId: warehouse.id,
        event: 'webhook.test',
        status: 'failed',
        lastStatusCode: 503,
        attempts: [{ statusCode: 503, error: 'The endpoint answered 503', durationMs: 87, at: new Date(NOW).toISOString(), responseBody: 'down' }],
      }),
    });
    server.on(`DELETE ${base}/webhooks/${orders.id}`, () => {
      endpoints = [warehouse];
      return { status: 204 };
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderList();
    await user.click(await screen.findByRole('button', { name: `Send a test event to ${warehouse.url}` }));
    expect(await screen.findByRole('status')).toHaveTextContent(`The test event did not arrive at ${warehouse.url}: answered 503 in 87 ms.`);

    await user.click(screen.getByRole('button', { name: `Delete ${orders.url}` }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this endpoint?' });
    expect(dialog).toHaveTextContent(`${orders.url} gets no more events`);
    await user.click(within(dialog).getByRole('button', { name: 'Delete endpoint' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: orders.url })).not.toBeInTheDocument());
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([`${base}/webhooks/${orders.id}`]);
  });

  it('does not ask for the endpoints below admin', async () => {
    serve('agent', [orders]);
    renderList();
    expect(await screen.findByText('Only admins and owners manage webhooks')).toBeInTheDocument();
    expect(server.requests.some((r) => r.url.endsWith('/webhooks'))).toBe(false);
  });
});

describe('WebhookPage', () => {
  const failing = delivery({
    id: '00000000-0000-4000-8000-0000000000d1',
    eventId: 'evt_42',
    status: 'pending',
    attemptCount: 2,
    lastStatusCode: 500,
    lastError: 'The endpoint answered 500',
    deliveredAt: null,
    nextAttemptAt: new Date(NOW + 120_000).toISOString(),
    attempts: [
      { statusCode: 500, error: 'The endpoint answered 500', durationMs: 31, at: new Date(NOW - 60_000).toISOString(), responseBody: 'boom' },
      { statusCode: null, error: 'No answer within 10 s', durationMs: 10_004, at: new Date(NOW - 30_000).toISOString(), responseBody: null },
    ],
  });
  const delivered = delivery({ id: '00000000-0000-4000-8000-0000000000d2' });

  function serveEndpoint(deliveries: () => WebhookDelivery[]) {
    server.on(`GET ${base}`, { status: 200, body: workspace('owner') });
    server.on(`GET ${base}/webhooks/${orders.id}`, { status: 200, body: orders });
    server.on(`GET ${base}/webhooks/${orders.id}/deliveries`, (request) => {
      const status = request.params.status as string | undefined;
      return { status: 200, body: page(deliveries().filter((d) => !status || d.status === status)) };
    });
  }

  it('logs each delivery with its status, code and duration; a row opens to the request and its attempts', async () => {
    serveEndpoint(() => [failing, delivered]);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderEndpoint(orders.id);
    expect(await screen.findByRole('heading', { level: 1, name: orders.url })).toBeInTheDocument();
    const row = within(await screen.findByRole('row', { name: /evt_42/ }));
    expect(row.getByText('Retrying')).toBeInTheDocument();
    expect(row.getByText('2 attempts, next in 2 minutes')).toBeInTheDocument();
    expect(row.getByText('500')).toBeInTheDocument();
    expect(row.getByText('10004 ms')).toBeInTheDocument();
    expect(within(screen.getByRole('row', { name: /evt_41/ })).getByText('Delivered')).toBeInTheDocument();

    const toggle = row.getByRole('button', { name: 'Details of order.created evt_42' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const request = screen.getByRole('region', { name: 'Request' });
    expect(request).toHaveTextContent(`Switchboard-Delivery${failing.id}`);
    expect(within(request).getByRole('region', { name: 'Body of evt_42' })).toHaveTextContent('"number": 1001');
    const attempts = within(screen.getByRole('region', { name: 'Attempts' })).getAllByRole('listitem');
    expect(attempts.map((a) => a.textContent)).toEqual([expect.stringContaining('500'), expect.stringContaining('No answer within 10 s')]);
    expect(within(attempts[0]!).getByRole('region', { name: 'The receiver’s answer' })).toHaveTextContent('boom');
  });

  it('retries a delivery and announces the answer; filters by status', async () => {
    let deliveries = [failing, delivered];
    serveEndpoint(() => deliveries);
    const retried = delivery({
      ...failing,
      status: 'succeeded',
      attemptCount: 3,
      lastStatusCode: 200,
      nextAttemptAt: null,
      attempts: [...failing.attempts, { statusCode: 200, error: null, durationMs: 25, at: new Date(NOW).toISOString(), responseBody: 'ok' }],
    });
    server.on(`POST ${base}/webhooks/${orders.id}/deliveries/${failing.id}/retry`, () => {
      deliveries = [retried, delivered];
      return { status: 200, body: retried };
    });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderEndpoint(orders.id);
    await user.click(await screen.findByRole('button', { name: 'Retry order.created evt_42' }));
    await waitFor(() => expect(screen.getByText('Retried order.created: answered 200 in 25 ms')).toBeInTheDocument());
    expect(await within(screen.getByRole('row', { name: /evt_42/ })).findByText('Delivered')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Status'), 'Failed');
    expect(await screen.findByRole('heading', { name: 'No failed deliveries' })).toBeInTheDocument();
    expect(server.requests.filter((r) => r.url.endsWith('/deliveries')).at(-1)!.params).toMatchObject({ status: 'failed' });
  });

  it('says when the endpoint does not exist', async () => {
    server.on(`GET ${base}`, { status: 200, body: workspace('admin') });
    server.on(`GET ${base}/webhooks/${orders.id}`, { status: 404, body: errorBody('not_found', 'Webhook endpoint not found') });
    renderEndpoint(orders.id);
    expect(await screen.findByRole('heading', { name: 'This endpoint does not exist' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Webhooks' })).toHaveAttribute('href', `/w/${ids.workspace}/settings/webhooks`);
  });
});

describe('the verification snippet', () => {
  it('accepts a genuine signature and refuses a changed body, another secret and an old timestamp', async () => {
    const verify = new Function('createHmac', 'timingSafeEqual', 'process', `${VERIFY_SNIPPET.split('\n').slice(2).join('\n')}; return verify;`)(
      createHmac,
      (await import('node:crypto')).timingSafeEqual,
      { env: { SWITCHBOARD_WEBHOOK_SECRET: SECRET } },
    ) as (body: string, header: string, secret?: string) => boolean;
    const body = '{"id":"evt_1","type":"order.created"}';
    const sign = (t: number, payload = body, secret = SECRET) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
    const t = Math.floor(Date.now() / 1000);
    expect(verify(body, sign(t))).toBe(true);
    expect(verify(`${body} `, sign(t))).toBe(false);
    expect(verify(body, sign(t, body, 'whsec_other'))).toBe(false);
    expect(verify(body, sign(t - 3600))).toBe(false);
  });

  it('summarises events', () => {
    expect(eventsSummary(['*'])).toBe('All events');
    expect(eventsSummary(['a.b', 'c.d', 'e.f', 'g.h', 'i.j'])).toBe('a.b, c.d, e.f and 2 more');
  });
});
