// `/w/:wid/settings/webhooks`: the workspace's outbound webhook endpoints (admins and owners). "Add endpoint" asks a
// URL and the events, then shows the endpoint's signing secret once; each row turns its endpoint on or off, sends a
// test event (the outcome is announced), opens its deliveries, or deletes it after asking.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from '../../../../contracts/outbound-webhooks';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { LoadMore } from '@/components/load-more';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { useDeleteWebhook, useSendTestEvent, useUpdateWebhook, webhooksQueryOptions } from '../api';
import { EndpointDialog } from '../components/endpoint-dialog';
import { NewSecretPanel } from '../components/new-secret-panel';
import { attemptSummary } from '../components/deliveries-log';
import { eventsSummary } from '../events';

export function WebhooksPage() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const allowed = hasRole(role, 'admin');
  const endpoints = useInfiniteQuery({ ...webhooksQueryOptions(wid), enabled: allowed });
  const remove = useDeleteWebhook(wid);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const secretField = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  // Once a delete succeeded the row (the dialog's opener) is gone: the list takes focus.
  const focusAfterDelete = useRef<HTMLElement | null>(null);
  const rows = endpoints.data?.pages.flatMap((p) => p.data) ?? [];

  const addAction = (
    <Button
      variant="primary"
      onClick={() => {
        setCreated(null);
        setAdding(true);
      }}
    >
      <Plus aria-hidden className="size-4" />
      Add endpoint
    </Button>
  );

  return (
    <div className="max-w-4xl">
      <title>Webhooks · Switchboard</title>
      <PageHeader
        title="Webhooks"
        description="Send this workspace’s events to your own services as they happen."
        actions={allowed && endpoints.isSuccess && rows.length > 0 ? addAction : null}
      />
      {role === undefined ? (
        <LoadingBlock label="Loading webhooks" />
      ) : !allowed ? (
        <StateMessage title="Only admins and owners manage webhooks">Ask an admin of this workspace.</StateMessage>
      ) : (
        <div className="space-y-5">
          {created ? (
            <NewSecretPanel
              endpoint={created}
              secretRef={secretField}
              onDone={() => {
                setCreated(null);
                listRef.current?.focus();
              }}
            />
          ) : null}
          <div ref={listRef} tabIndex={-1} className="outline-none">
            {endpoints.isPending ? (
              <LoadingBlock label="Loading webhooks" />
            ) : endpoints.isError ? (
              <StateMessage title="Could not load the webhooks" tone="error" action={<Button onClick={() => endpoints.refetch()}>Try again</Button>}>
                {errorMessage(endpoints.error)}
              </StateMessage>
            ) : rows.length === 0 ? (
              <div className="rounded-lg border border-border bg-surface">
                <StateMessage title="No webhook endpoints yet" action={addAction}>
                  <p>
                    An endpoint is a URL of yours that Switchboard calls with each event you choose (a new order, a changed customer, a message…), signed so you
                    can tell it came from here.
                  </p>
                </StateMessage>
              </div>
            ) : (
              <>
                <EndpointsTable
                  wid={wid}
                  endpoints={rows}
                  onDelete={(endpoint) => {
                    focusAfterDelete.current = null;
                    setDeleting(endpoint);
                  }}
                />
                <LoadMore list={endpoints} />
              </>
            )}
          </div>
        </div>
      )}
      <EndpointDialog wid={wid} endpoint={null} open={adding} onOpenChange={setAdding} onCreated={setCreated} returnFocusTo={secretField} />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title="Delete this endpoint?"
        description={deleting ? `${deleting.url} gets no more events, and its deliveries log is deleted with it.` : undefined}
        confirmLabel="Delete endpoint"
        cancelLabel="Keep endpoint"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        returnFocusTo={focusAfterDelete}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.id, {
            onSuccess: () => {
              focusAfterDelete.current = listRef.current;
              setDeleting(null);
            },
          });
        }}
      />
    </div>
  );
}

function EndpointsTable({ wid, endpoints, onDelete }: { wid: string; endpoints: WebhookEndpoint[]; onDelete: (endpoint: WebhookEndpoint) => void }) {
  const update = useUpdateWebhook(wid);
  const test = useSendTestEvent(wid);
  const [tested, setTested] = useState<{ endpoint: WebhookEndpoint; delivery: WebhookDelivery | null; error: string | null } | null>(null);
  return (
    <div className="space-y-3">
      {tested ? <TestOutcome wid={wid} {...tested} /> : null}
      {update.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(update.error)}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Webhook endpoints</caption>
          <thead className="bg-subtle text-xs text-muted">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Endpoint
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Events
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Active
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <th scope="row" className="max-w-xs px-3 py-2 font-normal">
                  <Link to={`/w/${wid}/settings/webhooks/${endpoint.id}`} className="block truncate font-mono text-xs font-medium text-accent hover:underline">
                    {endpoint.url}
                  </Link>
                  {endpoint.description ? <span className="block truncate text-xs text-muted">{endpoint.description}</span> : null}
                </th>
                <td className="px-3 py-2 text-xs text-muted">{eventsSummary(endpoint.events)}</td>
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    role="switch"
                    className="size-4 accent-accent"
                    aria-label={`Active: ${endpoint.url}`}
                    checked={endpoint.active}
                    disabled={update.isPending && update.variables?.id === endpoint.id}
                    onChange={(e) => update.mutate({ id: endpoint.id, body: { active: e.target.checked } })}
                  />
                </td>
                <td className="px-3 py-2">
                  <div className="flex justify-end gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={test.isPending && test.variables === endpoint.id}
                      aria-label={`Send a test event to ${endpoint.url}`}
                      onClick={() =>
                        test.mutate(endpoint.id, {
                          onSuccess: (delivery) => setTested({ endpoint, delivery, error: null }),
                          onError: (error) => setTested({ endpoint, delivery: null, error: errorMessage(error) }),
                        })
                      }
                    >
                      {test.isPending && test.variables === endpoint.id ? 'Sending…' : 'Send test'}
                    </Button>
                    <Button size="sm" variant="ghost" className="text-danger" aria-label={`Delete ${endpoint.url}`} onClick={() => onDelete(endpoint)}>
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** What a test event did, announced: delivered (code, time) or not (why), with the way to its deliveries. */
function TestOutcome({ wid, endpoint, delivery, error }: { wid: string; endpoint: WebhookEndpoint; delivery: WebhookDelivery | null; error: string | null }) {
  const attempt = delivery?.attempts.at(-1);
  const ok = delivery?.status === 'succeeded';
  return (
    <Notice tone={ok ? 'success' : 'warning'}>
      {delivery && attempt ? (
        <>
          {ok ? 'Test event delivered to ' : 'The test event did not arrive at '}
          <span className="font-mono text-xs">{endpoint.url}</span>: {attemptSummary(attempt)}.{' '}
        </>
      ) : (
        <>The test event could not be sent: {error}. </>
      )}
      <Link to={`/w/${wid}/settings/webhooks/${endpoint.id}`} className="font-medium text-accent underline-offset-2 hover:underline">
        See its deliveries
      </Link>
    </Notice>
  );
}
