// /api/workspaces/{wid}/billing (served by the workspaces function): the workspace's own plan, paid through
// Stripe Checkout and managed in Stripe's customer portal. Free workspaces have FREE_SEATS seats.
import { z } from 'zod';
import { timestampSchema, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';

export const PLANS = ['free', 'pro'] as const;
export type Plan = (typeof PLANS)[number];
/** Seats (members plus pending invitations) per plan; null: no limit. */
export const PLAN_SEATS: Record<Plan, number | null> = { free: 3, pro: null };

export const billingSchema = z.object({
  plan: z.enum(PLANS),
  /** The subscription's Stripe status (`active`, `past_due`, `canceled`, …), or `none` on the free plan. */
  status: z.string(),
  seats: z.object({ used: z.number().int(), limit: z.number().int().nullable() }),
  currentPeriodEnd: timestampSchema.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  /** Whether this deployment sells plans (Stripe configured); without it the plan stays free with no seat limit. */
  enabled: z.boolean(),
});
export type Billing = z.infer<typeof billingSchema>;
export const billingUrlSchema = z.object({ url: z.string() });

export const billingEndpoints = {
  getBilling: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/billing',
    access: 'viewer',
    summary: "The workspace's plan, subscription status and seats",
    params: workspaceParamsSchema,
    response: billingSchema,
  }),
  startCheckout: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/billing/checkout',
    access: 'owner',
    summary: 'A Stripe Checkout link to upgrade to pro',
    params: workspaceParamsSchema,
    response: billingUrlSchema,
  }),
  openPortal: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/billing/portal',
    access: 'owner',
    summary: "A link to Stripe's customer portal (change or cancel the subscription)",
    params: workspaceParamsSchema,
    response: billingUrlSchema,
  }),
};

/** Events on private-workspace-{wid} (registered in contracts/events.ts). */
export const billingEvents = {
  /** Stripe changed the workspace's subscription: read the billing state again. */
  'workspace.billing_updated': z.object({ plan: z.enum(PLANS) }),
};
