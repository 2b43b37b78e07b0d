// Seats of a workspace's plan (members plus pending invitations), checked when someone is invited. Kept apart
// from billing/service.ts so inviting never loads the Stripe SDK.
import { sql } from 'drizzle-orm';
import { PLAN_SEATS, type Plan } from '../../../contracts/billing.js';
import { rowsOf, type Tx } from '../../../db/client.js';
import { serverEnv } from '../env.js';
import { ApiError } from '../http/errors.js';

export const billingEnabled = () => Boolean(serverEnv().stripe.secretKey && serverEnv().stripe.proPriceId);

export const SEATS_USED = `(select count(*) from memberships m where m.workspace_id = w.id)::int +
  (select count(*) from invitations i where i.workspace_id = w.id and i.status = 'pending' and i.expires_at > now())::int`;

/**
 * Refuses (402 plan_limit) a new seat beyond the plan. Locks the workspace row first, so concurrent invitations
 * are counted one after the other and never together exceed the limit.
 */
export async function assertSeatAvailable(tx: Tx, workspaceId: string, renewing: string | null = null): Promise<void> {
  const [row] = await rowsOf<{ plan: Plan; used: number }>(
    tx,
    sql`select w.plan, ${sql.raw(SEATS_USED)} - (select count(*) from invitations i where i.id = ${renewing} and i.expires_at > now())::int as used
        from workspaces w where w.id = ${workspaceId} for no key update`,
  );
  if (!row || !billingEnabled()) return;
  const limit = PLAN_SEATS[row.plan];
  if (limit !== null && row.used >= limit) {
    throw new ApiError(402, 'plan_limit', `The ${row.plan} plan has ${limit} seats (members and pending invitations): upgrade to add more`, [
      { path: 'seats', message: String(limit) },
    ]);
  }
}
