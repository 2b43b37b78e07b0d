import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Billing } from '../../../../contracts/billing';
import type { Role } from '../../../../contracts/roles';
import { sessionStore } from '@/lib/session-store';
import { auth, ids, workspace } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { renderRoute } from '@/test/render';
import { leaveFor } from '../leave-for';
import { BillingPage, CHECKOUT_POLL_DELAYS_MS } from './billing-page';

vi.mock('../leave-for', () => ({ leaveFor: vi.fn() }));

const base = `/api/workspaces/${ids.workspace}`;
let server: MockApi;

const billing = (over: Partial<Billing> = {}): Billing => ({
  plan: 'free',
  status: 'none',
  seats: { used: 2, limit: 3 },
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  enabled: true,
  ...over,
});

function serve(role: Role, answer: Billing | (() => Billing)) {
  server.on(`GET ${base}`, { status: 200, body: workspace(role) });
  server.on(`GET ${base}/billing`, () => ({ status: 200, body: typeof answer === 'function' ? answer() : answer }));
}

const renderPage = (search = '') =>
  renderRoute(<BillingPage />, { path: `/w/${ids.workspace}/settings/billing${search}`, pattern: '/w/:wid/settings/billing' });

beforeEach(() => {
  sessionStore.signIn(auth());
  server = mockApi();
  vi.mocked(leaveFor).mockClear();
});
afterEach(() => {
  server.restore();
  vi.useRealTimers();
});

describe('BillingPage', () => {
  it('shows a free plan with its seats and lets the owner upgrade through Checkout', async () => {
    serve('owner', billing());
    server.on(`POST ${base}/billing/checkout`, { status: 200, body: { url: 'https://checkout.stripe.test/c/1' } });
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByTestId('plan-name')).toHaveTextContent('Free');
    const bar = screen.getByRole('progressbar', { name: 'Seats used' });
    expect(bar).toHaveAttribute('aria-valuenow', '2');
    expect(bar).toHaveAttribute('aria-valuemax', '3');
    expect(screen.getByText(/of 3/)).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));
    await waitFor(() => expect(leaveFor).toHaveBeenCalledWith('https://checkout.stripe.test/c/1'));
    expect(screen.queryByRole('button', { name: 'Manage subscription' })).not.toBeInTheDocument();
  });

  it('offers a Pro owner the portal and says when a cancelled subscription ends', async () => {
    serve(
      'owner',
      billing({ plan: 'pro', status: 'active', seats: { used: 7, limit: null }, currentPeriodEnd: '2027-01-15T12:00:00.000Z', cancelAtPeriodEnd: true }),
    );
    server.on(`POST ${base}/billing/portal`, { status: 200, body: { url: 'https://billing.stripe.test/p/1' } });
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByTestId('plan-name')).toHaveTextContent('Pro');
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText(/The subscription is cancelled and ends/)).toHaveTextContent('on January 15, 2027');
    expect(screen.getByText(/in use · no limit/)).toHaveTextContent('7 seats in use · no limit');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Manage subscription' }));
    await waitFor(() => expect(leaveFor).toHaveBeenCalledWith('https://billing.stripe.test/p/1'));
  });

  it('shows the server refusing Checkout instead of leaving', async () => {
    serve('owner', billing());
    server.on(`POST ${base}/billing/checkout`, { status: 503, body: errorBody('unavailable', 'Stripe is not reachable right now') });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Stripe is not reachable right now');
    expect(leaveFor).not.toHaveBeenCalled();
  });

  it('lets only an owner change the plan', async () => {
    serve('admin', billing());
    renderPage();
    expect(await screen.findByTestId('plan-name')).toHaveTextContent('Free');
    expect(screen.getByText('Only an owner of the workspace can change its plan.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Upgrade to Pro' })).not.toBeInTheDocument();
  });

  it('says when the deployment does not sell plans, with no seat limit', async () => {
    serve('owner', billing({ enabled: false, seats: { used: 5, limit: null } }));
    renderPage();
    expect(await screen.findByText(/This deployment does not sell plans/)).toBeInTheDocument();
    expect(screen.getByText(/in use · no limit/)).toHaveTextContent('5 seats in use · no limit');
    expect(screen.queryByRole('button', { name: 'Upgrade to Pro' })).not.toBeInTheDocument();
  });

  it('thanks the owner back from Checkout and polls until the plan is Pro', async () => {
    let reads = 0;
    serve('owner', () => (++reads >= 3 ? billing({ plan: 'pro', status: 'active', seats: { used: 2, limit: null } }) : billing()));
    renderPage('?checkout=success');
    expect(await screen.findByText('Thanks — your plan will update in a moment.')).toBeInTheDocument();
    // The payment is being applied: no second upgrade meanwhile.
    expect(await screen.findByTestId('plan-name')).toHaveTextContent('Free');
    expect(screen.queryByRole('button', { name: 'Upgrade to Pro' })).not.toBeInTheDocument();
    expect(await screen.findByText('Thanks — your workspace is on Pro now.', {}, { timeout: 5_000 })).toBeInTheDocument();
    expect(screen.getByTestId('plan-name')).toHaveTextContent('Pro');
    expect(reads).toBe(3);
  });

  it('stops polling after a while and offers to check again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let reads = 0;
    serve('owner', () => (reads++, billing()));
    renderPage('?checkout=success');
    expect(await screen.findByText('Thanks — your plan will update in a moment.')).toBeInTheDocument();
    for (const delay of CHECKOUT_POLL_DELAYS_MS) {
      const before = reads;
      await act(() => vi.advanceTimersByTimeAsync(delay));
      await waitFor(() => expect(reads).toBe(before + 1));
    }
    expect(await screen.findByText(/the plan has not updated yet/)).toBeInTheDocument();
    expect(reads).toBe(1 + CHECKOUT_POLL_DELAYS_MS.length);
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(reads).toBe(1 + CHECKOUT_POLL_DELAYS_MS.length);
    expect(screen.getByRole('button', { name: 'Check again' })).toBeInTheDocument();
  });

  it('says a cancelled Checkout changed nothing', async () => {
    serve('owner', billing());
    renderPage('?checkout=cancelled');
    expect(await screen.findByText('Checkout was cancelled: your plan has not changed.')).toBeInTheDocument();
  });
});
