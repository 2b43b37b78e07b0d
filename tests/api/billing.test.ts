// The workspace's own plan, with the Stripe stand-in selling pro (STRIPE_PRO_PRICE_ID): seats on free, upgrade
// through Checkout, the subscription webhooks setting the plan, and the portal cancelling it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingSchema } from '../../contracts/billing.js';
import { LOCAL_STRIPE, signatureHeader } from '../../dev/stripe-server.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { addMember, createWorkspace, signUp, uniqueEmail } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  app = await startTestApp({ billing: true });
  api = client(app.url);
});
afterAll(() => app.close());

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('billing', () => {
  it('limits a free workspace to 3 seats (members and invitations), upgrades through Checkout, and cancels in the portal', async () => {
    const owner = await signUp(api);
    const workspace = await createWorkspace(api, owner.token, 'Seats Inc');
    const billing = (token = owner.token) => api.get(`/api/workspaces/${workspace.id}/billing`, { token }).then((r) => billingSchema.parse(r.body));
    expect(await billing()).toMatchObject({ plan: 'free', enabled: true, seats: { used: 1, limit: 3 } });
    const agent = await addMember(api, owner.token, workspace.id, 'agent');
    const invited = await api.post(`/api/workspaces/${workspace.id}/members`, { email: uniqueEmail('seat'), role: 'viewer' }, { token: owner.token });
    expect(invited.status).toBe(201);
    const refused = await api.post(`/api/workspaces/${workspace.id}/members`, { email: uniqueEmail('seat'), role: 'viewer' }, { token: owner.token });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({ code: 'plan_limit', details: [{ path: 'seats', message: '3' }] });
    expect((await billing(agent.token)).seats).toEqual({ used: 3, limit: 3 });

    // Only the owner buys.
    expect((await api.post(`/api/workspaces/${workspace.id}/billing/checkout`, undefined, { token: agent.token })).status).toBe(403);
    const checkout = await api.post(`/api/workspaces/${workspace.id}/billing/checkout`, undefined, { token: owner.token });
    expect(checkout.status).toBe(200);
    const paid = await fetch(checkout.body.url, {
      method: 'POST',
      body: new URLSearchParams({ payment_method: 'pm_card_visa', email: owner.user.email }),
      redirect: 'manual',
    });
    expect([302, 303]).toContain(paid.status);
    expect(paid.headers.get('location')).toContain(`/w/${workspace.id}/settings/billing?checkout=success`);
    const pro = await until(billing, (b) => b.plan === 'pro');
    expect(pro).toMatchObject({ plan: 'pro', status: 'active', cancelAtPeriodEnd: false, seats: { used: 3, limit: null } });
    expect(pro.currentPeriodEnd).not.toBeNull();
    const fourth = await api.post(`/api/workspaces/${workspace.id}/members`, { email: uniqueEmail('seat'), role: 'viewer' }, { token: owner.token });
    expect(fourth.status).toBe(201);
    // A second checkout while subscribed is refused: the portal manages it.
    expect((await api.post(`/api/workspaces/${workspace.id}/billing/checkout`, undefined, { token: owner.token })).status).toBe(409);

    const portal = await api.post(`/api/workspaces/${workspace.id}/billing/portal`, undefined, { token: owner.token });
    expect(portal.status).toBe(200);
    const page = await (await fetch(portal.body.url)).text();
    const cancelAtEnd = /action="(\/portal\/[^"]+\/cancel-at-period-end)"/.exec(page)![1]!;
    await fetch(new URL(cancelAtEnd, portal.body.url), { method: 'POST', redirect: 'manual' });
    expect(await until(billing, (b) => b.cancelAtPeriodEnd)).toMatchObject({ plan: 'pro', cancelAtPeriodEnd: true });
    const cancelNow = /action="(\/portal\/[^"]+\/cancel)"/.exec(await (await fetch(portal.body.url)).text())![1]!;
    await fetch(new URL(cancelNow, portal.body.url), { method: 'POST', redirect: 'manual' });
    expect(await until(billing, (b) => b.plan === 'free')).toMatchObject({ plan: 'free', status: 'canceled', seats: { used: 4, limit: 3 } });
  });

  it('a portal without a subscription is a conflict, and an old subscription event never overrides a newer one', async () => {
    const owner = await signUp(api);
    const workspace = await createWorkspace(api, owner.token, 'No sub');
    expect((await api.post(`/api/workspaces/${workspace.id}/billing/portal`, undefined, { token: owner.token })).status).toBe(409);
    const t = Math.floor(Date.now() / 1000);
    const subscription = (status: string) => ({
      id: 'sub_order_test',
      object: 'subscription',
      customer: 'cus_order_test',
      status,
      cancel_at_period_end: false,
      metadata: { workspaceId: workspace.id },
      items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', current_period_end: t + 30 * 86400 }] },
    });
    const deliver = (id: string, type: string, created: number, object: unknown) => {
      const payload = JSON.stringify({ id, object: 'event', type, created, livemode: false, data: { object } });
      return api.request('POST', '/api/webhooks/stripe', {
        raw: payload,
        headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(payload, LOCAL_STRIPE.webhookSecret) },
      });
    };
    const plan = async () => (await api.get(`/api/workspaces/${workspace.id}/billing`, { token: owner.token })).body.plan;
    expect((await deliver('evt_sub_new', 'customer.subscription.updated', t, subscription('active'))).status).toBe(200);
    expect(await plan()).toBe('pro');
    // An older event delivered late is recorded but changes nothing.
    expect((await deliver('evt_sub_old', 'customer.subscription.deleted', t - 60, subscription('canceled'))).status).toBe(200);
    expect(await plan()).toBe('pro');
    expect((await deliver('evt_sub_end', 'customer.subscription.deleted', t + 60, subscription('canceled'))).status).toBe(200);
    expect(await plan()).toBe('free');
  });
});
