// The workspace's own plan. Free workspaces have PLAN_SEATS.free seats (members plus pending invitations);
// upgrading goes through Stripe Checkout, changes and cancellation through Stripe's customer portal, and
// the plan itself is set only by Stripe's subscription webhooks (api/_lib/webhooks/stripe.ts). A deployment
// without a pro price (STRIPE_PRO_PRICE_ID) sells no plans and limits no seats.
import { sql } from 'drizzle-orm';
import { PLAN_SEATS, type Billing, type Plan } from '../../../contracts/billing.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import { billingEnabled, SEATS_USED } from './seats.js';
import { serverEnv } from '../env.js';
import { ApiError, conflict } from '../http/errors.js';
import { readStatement, type ReadScope, type Row } from '../http/read-scope.js';
import type { MemberContext } from '../http/route.js';
import { appLink } from '../mail/templates.js';

const BILLING = readStatement(
  'workspace',
  'billing_one',
  `select w.plan, w.billing_status as "status", ${SEATS_USED} as "used", w.current_period_end as "currentPeriodEnd",
     w.cancel_at_period_end as "cancelAtPeriodEnd"
   from workspaces w where caller.ok and w.id = :wid`,
);

export async function readBilling(scope: ReadScope): Promise<Billing> {
  const [row] = await scope.read<Row & { plan: Plan; status: string; used: number; currentPeriodEnd: Date | string | null; cancelAtPeriodEnd: boolean }>(
    BILLING,
  );
  const enabled = billingEnabled();
  return {
    plan: row!.plan,
    status: row!.status,
    seats: { used: row!.used, limit: enabled ? PLAN_SEATS[row!.plan] : null },
    currentPeriodEnd: row!.currentPeriodEnd ? new Date(row!.currentPeriodEnd).toISOString() : null,
    cancelAtPeriodEnd: row!.cancelAtPeriodEnd,
    enabled,
  };
}

async function workspaceBilling(ctx: MemberContext) {
  const [row] = await rowsOf<{ name: string; plan: Plan; customerId: string | null; subscriptionId: string | null; ownerEmail: string }>(
    ctx.db as unknown as Tx,
    sql`select name, plan, stripe_customer_id as "customerId", stripe_subscription_id as "subscriptionId",
          (select u.email from users u where u.id = ${ctx.user.id}) as "ownerEmail" from workspaces where id = ${ctx.workspaceId}`,
  );
  return row!;
}

/** POST …/billing/checkout: a Checkout Session for the pro subscription (the webhook sets the plan once paid). */
export async function startCheckout(ctx: MemberContext): Promise<{ url: string }> {
  const { proPriceId } = serverEnv().stripe;
  if (!billingEnabled() || !proPriceId) throw conflict('This deployment does not sell plans (STRIPE_PRO_PRICE_ID is not set)');
  const workspace = await workspaceBilling(ctx);
  if (workspace.plan === 'pro' && workspace.subscriptionId) throw conflict('This workspace is on pro already: manage it from the billing portal');
  const { stripe, stripeFailure } = await import('../payments/stripe.js');
  try {
    const session = await stripe().checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: proPriceId, quantity: 1 }],
      client_reference_id: ctx.workspaceId,
      metadata: { workspaceId: ctx.workspaceId },
      subscription_data: { metadata: { workspaceId: ctx.workspaceId } },
      ...(workspace.customerId ? { customer: workspace.customerId } : { customer_email: workspace.ownerEmail }),
      success_url: appLink(`/w/${ctx.workspaceId}/settings/billing?checkout=success`),
      cancel_url: appLink(`/w/${ctx.workspaceId}/settings/billing?checkout=cancelled`),
    });
    if (!session.url) throw new ApiError(503, 'unavailable', 'The payment provider returned no link');
    return { url: session.url };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw stripeFailure(err);
  }
}

/** POST …/billing/portal: Stripe's customer portal for the workspace's subscription. */
export async function openPortal(ctx: MemberContext): Promise<{ url: string }> {
  if (!billingEnabled()) throw conflict('This deployment does not sell plans (STRIPE_PRO_PRICE_ID is not set)');
  const workspace = await workspaceBilling(ctx);
  if (!workspace.customerId) throw conflict('This workspace has no subscription yet: upgrade first');
  const { stripe, stripeFailure } = await import('../payments/stripe.js');
  try {
    const session = await stripe().billingPortal.sessions.create({
      customer: workspace.customerId,
      return_url: appLink(`/w/${ctx.workspaceId}/settings/billing`),
    });
    return { url: session.url };
  } catch (err) {
    throw stripeFailure(err);
  }
}
