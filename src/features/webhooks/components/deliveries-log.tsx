import { useInfiniteQuery } from '@tanstack/react-query';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { Fragment, useId, useState } from 'react';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
} from '../../../../contracts/outbound-webhooks';
import { Button } from '@/components/button';
import { CodeBlock } from '@/components/code-block';
import { LoadMore } from '@/components/load-more';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { deliveriesQueryOptions, useRetryDelivery } from '../api';

const STATUS: Record<WebhookDeliveryStatus, { label: string; className: string }> = {
  pending: { label: 'Retrying', className: 'bg-warning-soft text-warning-soft-fg' },
  succeeded: { label: 'Delivered', className: 'bg-success/10 text-success' },
  failed: { label: 'Failed', className: 'bg-danger-soft text-danger' },
};

export function DeliveryStatusBadge({ delivery }: { delivery: Pick<WebhookDelivery, 'status' | 'attemptCount'> }) {
  const { label, className } = STATUS[delivery.status];
  return (
    <span className={cx('inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium', className)}>
      {delivery.status === 'pending' && delivery.attemptCount === 0 ? 'Queued' : label}
    </span>
  );
}

/** "answered 200 in 34 ms", or why there was no answer. */
export function attemptSummary(attempt: WebhookAttempt): string {
  if (attempt.statusCode !== null) return `answered ${attempt.statusCode} in ${attempt.durationMs} ms`;
  return `no answer after ${attempt.durationMs} ms (${attempt.error ?? 'unknown error'})`;
}

/** The body as sent, indented to read (the copy is the same JSON, formatted). */
function formatted(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/**
 * An endpoint's deliveries, newest first, filtered by status: each row's event, status, last code, time and
 * attempts; a row opens to the request it sends (headers, body) and every attempt with the receiver's answer.
 * Retry attempts a delivery now and announces what happened.
 */
export function DeliveriesLog({ wid, endpointId }: { wid: string; endpointId: string }) {
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const [open, setOpen] = useState<string | null>(null);
  const [announced, setAnnounced] = useState('');
  const deliveries = useInfiniteQuery(deliveriesQueryOptions(wid, endpointId, status));
  const retry = useRetryDelivery(wid, endpointId);
  const filterId = useId();
  const rows = deliveries.data?.pages.flatMap((p) => p.data) ?? [];
  const now = Date.now();

  return (
    <div className="space-y-3">
      <div className="flex items-end justify-between gap-3">
        <div className="space-y-1">
          <label htmlFor={filterId} className="block text-xs font-medium text-fg">
            Status
          </label>
          <select id={filterId} className={cx(inputClass, 'w-44')} value={status} onChange={(e) => setStatus(e.target.value as WebhookDeliveryStatus | '')}>
            <option value="">All deliveries</option>
            {WEBHOOK_DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS[s].label}
              </option>
            ))}
          </select>
        </div>
        <Button size="sm" onClick={() => deliveries.refetch()} disabled={deliveries.isFetching}>
          {deliveries.isFetching && !deliveries.isPending ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      <p role="status" className="sr-only">
        {announced}
      </p>
      {retry.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(retry.error)}
        </p>
      ) : null}
      {deliveries.isPending ? (
        <LoadingBlock label="Loading deliveries" />
      ) : deliveries.isError ? (
        <StateMessage title="Could not load the deliveries" tone="error" action={<Button onClick={() => deliveries.refetch()}>Try again</Button>}>
          {errorMessage(deliveries.error)}
        </StateMessage>
      ) : rows.length === 0 ? (
        <div className="rounded-lg border border-border">
          <StateMessage title={status ? `No ${STATUS[status].label.toLowerCase()} deliveries` : 'No deliveries yet'}>
            Deliveries appear here as events happen, or when you send a test event.
          </StateMessage>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Deliveries, newest first</caption>
            <thead className="bg-subtle text-xs text-muted">
              <tr>
                <th scope="col" className="w-8 px-2 py-2">
                  <span className="sr-only">Details</span>
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Event
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Code
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Duration
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Time
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.map((delivery) => {
                const last = delivery.attempts.at(-1);
                const expanded = open === delivery.id;
                const detailsId = `delivery-${delivery.id}`;
                return (
                  <Fragment key={delivery.id}>
                    <tr>
                      <td className="px-2 py-2">
                        <button
                          type="button"
                          className="rounded p-1 text-muted hover:bg-subtle hover:text-fg"
                          aria-expanded={expanded}
                          aria-controls={expanded ? detailsId : undefined}
                          aria-label={`Details of ${delivery.event} ${delivery.eventId}`}
                          onClick={() => setOpen(expanded ? null : delivery.id)}
                        >
                          {expanded ? <ChevronDown aria-hidden className="size-4" /> : <ChevronRight aria-hidden className="size-4" />}
                        </button>
                      </td>
                      <th scope="row" className="px-3 py-2 font-normal">
                        <code className="font-mono text-xs">{delivery.event}</code>
                        <span className="block font-mono text-xs text-muted">{delivery.eventId}</span>
                      </th>
                      <td className="px-3 py-2 whitespace-nowrap">
                        <DeliveryStatusBadge delivery={delivery} />
                        <span className="block text-xs text-muted">
                          {delivery.attemptCount === 1 ? '1 attempt' : `${delivery.attemptCount} attempts`}
                          {delivery.status === 'pending' && delivery.nextAttemptAt ? `, next ${formatRelative(delivery.nextAttemptAt, now)}` : ''}
                        </span>
                      </td>
                      <td className="px-3 py-2 font-mono text-xs">{delivery.lastStatusCode ?? (last ? '—' : '')}</td>
                      <td className="px-3 py-2 text-xs whitespace-nowrap text-muted">{last ? `${last.durationMs} ms` : ''}</td>
                      <td className="px-3 py-2 text-xs whitespace-nowrap text-muted">
                        <time dateTime={delivery.createdAt} title={formatDateTime(delivery.createdAt)}>
                          {formatRelative(delivery.createdAt, now)}
                        </time>
                      </td>
                      <td className="px-3 py-2 text-right">
                        <Button
                          size="sm"
                          variant="ghost"
                          disabled={retry.isPending && retry.variables === delivery.id}
                          aria-label={`Retry ${delivery.event} ${delivery.eventId}`}
                          onClick={() =>
                            retry.mutate(delivery.id, {
                              onSuccess: (updated) => {
                                const attempt = updated.attempts.at(-1);
                                setAnnounced(attempt ? `Retried ${updated.event}: ${attemptSummary(attempt)}` : `Retried ${updated.event}`);
                              },
                            })
                          }
                        >
                          {retry.isPending && retry.variables === delivery.id ? 'Retrying…' : 'Retry'}
                        </Button>
                      </td>
                    </tr>
                    {expanded ? (
                      <tr id={detailsId}>
                        <td colSpan={7} className="bg-subtle/40 px-4 py-3">
                          <DeliveryDetails delivery={delivery} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={deliveries} />
    </div>
  );
}

function DeliveryDetails({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section aria-label="Request" className="space-y-2">
        <h3 className="text-xs font-semibold">Request</h3>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
          {Object.entries(delivery.request.headers).map(([name, value]) => (
            <Fragment key={name}>
              <dt className="text-muted">{name}</dt>
              <dd className="break-all">{value}</dd>
            </Fragment>
          ))}
          <dt className="text-muted">{WEBHOOK_SIGNATURE_HEADER}</dt>
          <dd>t=…,v1=… (signed at each attempt)</dd>
        </dl>
        <CodeBlock code={formatted(delivery.request.body)} label={`Body of ${delivery.eventId}`} className="max-h-80 overflow-y-auto" />
      </section>
      <section aria-label="Attempts" className="space-y-2">
        <h3 className="text-xs font-semibold">Attempts</h3>
        {delivery.attempts.length === 0 ? (
          <p className="text-xs text-muted">Not attempted yet.</p>
        ) : (
          <ol className="space-y-2">
            {delivery.attempts.map((attempt, i) => (
              <li key={`${attempt.at}-${i}`} className="rounded-md border border-border bg-surface p-2 text-xs">
                <p className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className={cx('font-medium', attempt.statusCode !== null && attempt.statusCode < 300 ? 'text-success' : 'text-danger')}>
                    {attempt.statusCode ?? 'No answer'}
                  </span>
                  <span className="text-muted">
                    {attempt.durationMs} ms · <time dateTime={attempt.at}>{formatDateTime(attempt.at)}</time>
                  </span>
                </p>
                {attempt.error ? <p className="mt-1 text-danger">{attempt.error}</p> : null}
                {attempt.responseBody ? (
                  <pre
                    tabIndex={0}
                    role="region"
                    aria-label="The receiver’s answer"
                    className="mt-1 max-h-32 overflow-auto rounded bg-subtle p-2 font-mono whitespace-pre-wrap"
                  >
                    {attempt.responseBody}
                  </pre>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {delivery.status === 'pending' && delivery.nextAttemptAt ? (
          <p className="text-xs text-muted">
            Next attempt <time dateTime={delivery.nextAttemptAt}>{formatDateTime(delivery.nextAttemptAt)}</time>; retries stop 24 hours after the event.
          </p>
        ) : null}
      </section>
    </div>
  );
}
