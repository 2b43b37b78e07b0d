// `/w/:wid/settings/webhooks/:endpointId`: one endpoint (admins and owners): its URL, events and state, with Edit,
// Send test event, turn on or off and Delete; below, its deliveries log (deliveries-log.tsx).
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ALL_EVENTS } from '../../../../contracts/outbound-webhooks';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Notice } from '@/components/notice';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { useDeleteWebhook, useSendTestEvent, useUpdateWebhook, webhookQueryOptions } from '../api';
import { attemptSummary, DeliveriesLog } from '../components/deliveries-log';
import { EndpointDialog } from '../components/endpoint-dialog';

export function WebhookPage() {
  const { wid = '', endpointId = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const allowed = hasRole(role, 'admin');
  const endpoint = useQuery({ ...webhookQueryOptions(wid, endpointId), enabled: allowed });
  const update = useUpdateWebhook(wid);
  const test = useSendTestEvent(wid);
  const remove = useDeleteWebhook(wid);
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const back = `/w/${wid}/settings/webhooks`;

  const backLink = (
    <Link to={back} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
      <ArrowLeft aria-hidden className="size-4" />
      Webhooks
    </Link>
  );

  if (role === undefined || (allowed && endpoint.isPending)) return <LoadingBlock label="Loading the endpoint" />;
  if (!allowed) return <StateMessage title="Only admins and owners manage webhooks">Ask an admin of this workspace.</StateMessage>;
  if (endpoint.isError) {
    const missing = endpoint.error instanceof ApiError && endpoint.error.status === 404;
    return (
      <div className="max-w-4xl">
        {backLink}
        <StateMessage
          title={missing ? 'This endpoint does not exist' : 'Could not load the endpoint'}
          tone={missing ? 'neutral' : 'error'}
          action={missing ? undefined : <Button onClick={() => endpoint.refetch()}>Try again</Button>}
        >
          {missing ? 'It may have been deleted.' : errorMessage(endpoint.error)}
        </StateMessage>
      </div>
    );
  }

  const data = endpoint.data!;
  const tested = test.data;
  const testAttempt = tested?.attempts.at(-1);
  return (
    <div className="max-w-5xl">
      <title>{`Webhook ${data.url} · Switchboard`}</title>
      {backLink}
      <div className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="font-mono text-base font-semibold break-all">{data.url}</h1>
          {data.description ? <p className="mt-0.5 text-sm text-muted">{data.description}</p> : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => test.mutate(data.id)} disabled={test.isPending}>
            {test.isPending ? 'Sending…' : 'Send test event'}
          </Button>
          <Button onClick={() => setEditing(true)}>Edit</Button>
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        </div>
      </div>
      <div className="space-y-5">
        {test.isSuccess && testAttempt ? (
          <Notice tone={tested!.status === 'succeeded' ? 'success' : 'warning'}>
            {tested!.status === 'succeeded' ? 'Test event delivered' : 'The test event did not arrive'}: {attemptSummary(testAttempt)}.
          </Notice>
        ) : test.isError ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(test.error)}
          </p>
        ) : null}
        <Card title="Endpoint">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="text-muted">Events</dt>
            <dd>
              {data.events.includes(ALL_EVENTS) ? (
                'All events'
              ) : (
                <ul className="flex flex-wrap gap-1" aria-label="Events">
                  {data.events.map((name) => (
                    <li key={name}>
                      <code className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">{name}</code>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt className="text-muted">State</dt>
            <dd>
              <label className="inline-flex items-center gap-2">
                <input
                  type="checkbox"
                  role="switch"
                  className="size-4 accent-accent"
                  checked={data.active}
                  disabled={update.isPending}
                  onChange={(e) => update.mutate({ id: data.id, body: { active: e.target.checked } })}
                />
                {data.active ? 'Active: events are sent' : 'Turned off: no new deliveries'}
              </label>
              {update.isError ? (
                <p role="alert" className="mt-1 text-xs text-danger">
                  {errorMessage(update.error)}
                </p>
              ) : null}
            </dd>
            <dt className="text-muted">Added</dt>
            <dd>
              <time dateTime={data.createdAt}>{formatDateTime(data.createdAt)}</time>
            </dd>
          </dl>
        </Card>
        <Card title="Deliveries" description="Each event sent to this endpoint, newest first. Failed attempts are retried with growing waits for 24 hours.">
          <DeliveriesLog wid={wid} endpointId={data.id} />
        </Card>
      </div>
      <EndpointDialog wid={wid} endpoint={data} open={editing} onOpenChange={setEditing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          setDeleting(open);
          if (!open) remove.reset();
        }}
        title="Delete this endpoint?"
        description={`${data.url} gets no more events, and its deliveries log is deleted with it.`}
        confirmLabel="Delete endpoint"
        cancelLabel="Keep endpoint"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate(data.id, { onSuccess: () => navigate(back) })}
      />
    </div>
  );
}
