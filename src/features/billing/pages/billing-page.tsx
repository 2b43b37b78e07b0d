// `/w/:wid/settings/billing`: the workspace's plan (Free or Pro), its subscription status, the seats it uses and
// when the period ends. The owner upgrades through Stripe Checkout and manages the subscription in Stripe's portal;
// coming back from Checkout (`?checkout=success`), the page says thanks and polls briefly until the webhook has
// moved the plan (there is no event for it).
import { useQuery } from '@tanstack/react-query';
import { CreditCard, ExternalLink, Sparkles } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { Billing } from '../../../../contracts/billing';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock, Spinner } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { billingQueryOptions, useOpenStripe } from '../api';

/** Waits between the checks after Checkout: about half a minute in all, then the page stops asking. */
export const CHECKOUT_POLL_DELAYS_MS = [1_000, 2_000, 3_000, 5_000, 8_000, 13_000] as const;

const PLAN_LABELS: Record<Billing['plan'], string> = { free: 'Free', pro: 'Pro' };

/** Stripe's subscription statuses, as people say them; `tone` marks the ones that need attention. */
const STATUS_LABELS: Record<string, { label: string; tone?: 'success' | 'warning' | 'danger' }> = {
  none: { label: 'No subscription' },
  active: { label: 'Active', tone: 'success' },
  trialing: { label: 'Trial', tone: 'success' },
  past_due: { label: 'Payment overdue', tone: 'warning' },
  unpaid: { label: 'Unpaid', tone: 'danger' },
  incomplete: { label: 'Awaiting payment', tone: 'warning' },
  incomplete_expired: { label: 'Payment expired', tone: 'danger' },
  canceled: { label: 'Cancelled' },
  paused: { label: 'Paused', tone: 'warning' },
};

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long' });

export function BillingPage() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const [params, setParams] = useSearchParams();
  const checkout = params.get('checkout');
  const billing = useQuery(billingQueryOptions(wid));
  const stripe = useOpenStripe(wid);
  const isOwner = hasRole(role, 'owner');

  // After Checkout: check again with growing waits until the plan is Pro or the waits run out.
  const [attempt, setAttempt] = useState(0);
  const upgraded = billing.data?.plan === 'pro';
  const waiting = checkout === 'success' && billing.isSuccess && !upgraded && attempt < CHECKOUT_POLL_DELAYS_MS.length;
  const { refetch } = billing;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      void refetch().finally(() => setAttempt((n) => n + 1));
    }, CHECKOUT_POLL_DELAYS_MS[attempt]);
    return () => clearTimeout(timer);
  }, [waiting, attempt, refetch]);

  const dismissCheckout = () => {
    const next = new URLSearchParams(params);
    next.delete('checkout');
    setParams(next, { replace: true });
  };

  return (
    <div className="max-w-4xl">
      <title>Billing · Switchboard</title>
      <PageHeader title="Billing" description="Your workspace's plan and seats." />
      {checkout ? (
        <CheckoutNotice
          outcome={checkout}
          upgraded={upgraded}
          waiting={waiting || (checkout === 'success' && billing.isPending)}
          onCheckAgain={() => setAttempt(0)}
          onDismiss={dismissCheckout}
        />
      ) : null}
      {billing.isPending ? (
        <LoadingBlock label="Loading billing" />
      ) : billing.isError ? (
        <StateMessage title="Could not load billing" tone="error" action={<Button onClick={() => billing.refetch()}>Try again</Button>}>
          {errorMessage(billing.error)}
        </StateMessage>
      ) : (
        <div className="space-y-5">
          <PlanCard
            billing={billing.data}
            isOwner={isOwner}
            // Back from Checkout, the payment is being applied: a second upgrade would subscribe twice.
            canUpgrade={checkout !== 'success'}
            pending={stripe.isPending}
            onOpen={(where) => stripe.mutate(where)}
            error={stripe.error}
          />
          <SeatsCard billing={billing.data} />
        </div>
      )}
    </div>
  );
}

function CheckoutNotice({
  outcome,
  upgraded,
  waiting,
  onCheckAgain,
  onDismiss,
}: {
  outcome: string;
  upgraded: boolean;
  waiting: boolean;
  onCheckAgain: () => void;
  onDismiss: () => void;
}) {
  const dismiss = (
    <Button size="sm" variant="ghost" onClick={onDismiss}>
      Dismiss
    </Button>
  );
  if (outcome !== 'success') {
    return (
      <Notice className="mb-5 flex items-center justify-between gap-3">
        <span>Checkout was cancelled: your plan has not changed.</span>
        {dismiss}
      </Notice>
    );
  }
  if (upgraded) {
    return (
      <Notice tone="success" className="mb-5 flex items-center justify-between gap-3">
        <span>Thanks — your workspace is on Pro now.</span>
        {dismiss}
      </Notice>
    );
  }
  if (waiting) {
    return (
      <Notice tone="success" className="mb-5 flex items-center gap-2">
        <Spinner label="Checking your plan" />
        <span>Thanks — your plan will update in a moment.</span>
      </Notice>
    );
  }
  return (
    <Notice tone="warning" className="mb-5 flex items-center justify-between gap-3">
      <span>Thanks — your payment is being processed, but the plan has not updated yet. It usually takes a few seconds.</span>
      <span className="flex shrink-0 gap-1">
        <Button size="sm" onClick={onCheckAgain}>
          Check again
        </Button>
        {dismiss}
      </span>
    </Notice>
  );
}

function PlanCard({
  billing,
  isOwner,
  canUpgrade,
  pending,
  onOpen,
  error,
}: {
  billing: Billing;
  isOwner: boolean;
  canUpgrade: boolean;
  pending: boolean;
  onOpen: (where: 'checkout' | 'portal') => void;
  error: unknown;
}) {
  if (!billing.enabled) {
    return (
      <Card title="Plan">
        <p className="text-sm">This deployment does not sell plans: every workspace has every feature and no seat limit.</p>
      </Card>
    );
  }
  const status = STATUS_LABELS[billing.status] ?? { label: billing.status.replace(/_/g, ' ') };
  const periodEnd = billing.currentPeriodEnd ? dateFormat.format(new Date(billing.currentPeriodEnd)) : null;
  const action = !isOwner ? null : billing.plan === 'free' ? (
    !canUpgrade ? null : (
      <Button variant="primary" disabled={pending} onClick={() => onOpen('checkout')}>
        <Sparkles aria-hidden className="size-4" />
        {pending ? 'Opening checkout…' : 'Upgrade to Pro'}
      </Button>
    )
  ) : (
    <Button disabled={pending} onClick={() => onOpen('portal')}>
      <ExternalLink aria-hidden className="size-4" />
      {pending ? 'Opening…' : 'Manage subscription'}
    </Button>
  );

  return (
    <Card title="Plan" actions={action}>
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <CreditCard aria-hidden className="size-5 text-muted" />
          <p className="text-base font-semibold" data-testid="plan-name">
            {PLAN_LABELS[billing.plan]}
          </p>
          {billing.plan === 'pro' || billing.status !== 'none' ? (
            <span
              className={cx(
                'inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium',
                status.tone === 'danger'
                  ? 'bg-danger-soft text-danger'
                  : status.tone === 'warning'
                    ? 'bg-warning-soft text-warning-soft-fg'
                    : status.tone === 'success'
                      ? 'bg-surface text-success ring-1 ring-success/40 ring-inset'
                      : 'bg-subtle text-muted',
              )}
            >
              {status.label}
            </span>
          ) : null}
        </div>
        <p className="text-sm text-muted">
          {billing.plan === 'free'
            ? `Free workspaces have ${billing.seats.limit ?? 'a few'} seats (members and pending invitations). Pro has no seat limit.`
            : 'Pro: no seat limit.'}
        </p>
        {periodEnd && !billing.cancelAtPeriodEnd ? (
          <p className="text-sm">
            Current period ends on <strong className="font-medium">{periodEnd}</strong>; the subscription renews then.
          </p>
        ) : null}
        {billing.cancelAtPeriodEnd ? (
          <Notice tone="warning" live={false}>
            The subscription is cancelled and ends {periodEnd ? <strong className="font-medium">on {periodEnd}</strong> : 'at the end of the period'}: the
            workspace then returns to the Free plan.{isOwner ? ' Renew it from Manage subscription.' : ''}
          </Notice>
        ) : null}
        {!isOwner ? <p className="text-xs text-muted">Only an owner of the workspace can change its plan.</p> : null}
        <FormError message={error ? errorMessage(error) : null} />
      </div>
    </Card>
  );
}

function SeatsCard({ billing }: { billing: Billing }) {
  const { used, limit } = billing.seats;
  const unlimited = !billing.enabled || limit === null;
  const full = !unlimited && used >= limit;
  const over = !unlimited && used > limit;
  const labelId = useId();
  return (
    <Card title="Seats" description="Members and pending invitations each take a seat.">
      {unlimited ? (
        <p className="text-sm">
          <strong className="font-semibold">{used}</strong> {used === 1 ? 'seat' : 'seats'} in use · no limit
        </p>
      ) : (
        <div className="space-y-2">
          <div className="flex items-baseline justify-between text-sm">
            <span id={labelId}>Seats used</span>
            <span>
              <strong className="font-semibold">{used}</strong> of {limit}
            </span>
          </div>
          <div
            role="progressbar"
            aria-labelledby={labelId}
            aria-valuemin={0}
            aria-valuemax={limit}
            aria-valuenow={Math.min(used, limit)}
            aria-valuetext={`${used} of ${limit} seats`}
            className="h-2 overflow-hidden rounded-full bg-subtle"
          >
            <div
              className={cx('h-full rounded-full', full ? 'bg-danger' : 'bg-accent')}
              style={{ width: `${limit > 0 ? Math.min(100, (used / limit) * 100) : 100}%` }}
            />
          </div>
          {full ? (
            <p className="text-xs text-danger">
              {over
                ? `${used} seats are in use, more than the ${limit} of the Free plan: upgrade to Pro to invite anyone else.`
                : 'Every seat is taken: upgrade to Pro to invite more people.'}
            </p>
          ) : null}
        </div>
      )}
    </Card>
  );
}
