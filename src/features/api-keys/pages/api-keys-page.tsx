// `/w/:wid/settings/api-keys`: the workspace's active API keys (admins and owners). "Create key" asks a name and
// scopes, then shows the new key's secret once, with a curl command to try it; Revoke asks first, and the key's
// next request is refused. The empty state says what keys are for and links to the guide at /docs/guide.
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import type { ApiKey, CreatedApiKey } from '../../../../contracts/api-keys';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { apiKeysQueryOptions, useRevokeApiKey } from '../api';
import { CreateApiKeyDialog } from '../components/create-api-key-dialog';
import { NewKeyPanel } from '../components/new-key-panel';
import { SCOPE_INFO } from '../scopes';

/** Where the guide explains keys (public, outside the app: a plain link). */
export const GUIDE_URL = '/docs/guide#authentication';

export function ApiKeysPage() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  // The workspace gate has loaded the role already; until it is known, nothing is asked.
  const allowed = hasRole(role, 'admin');
  const keys = useQuery({ ...apiKeysQueryOptions(wid), enabled: allowed });
  const revoke = useRevokeApiKey(wid);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const secretField = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  // Where focus goes once a revoke succeeded: the row (the dialog's opener) is gone, so the list takes it.
  const focusAfterRevoke = useRef<HTMLElement | null>(null);

  const openCreate = () => {
    setCreated(null);
    setCreating(true);
  };
  const createAction = (
    <Button variant="primary" onClick={openCreate}>
      <Plus aria-hidden className="size-4" />
      Create key
    </Button>
  );

  return (
    <div className="max-w-4xl">
      <title>API keys · Switchboard</title>
      <PageHeader
        title="API keys"
        description="Keys let your own scripts and services call the Switchboard API for this workspace."
        actions={allowed && keys.isSuccess && keys.data.data.length > 0 ? createAction : null}
      />
      {role === undefined ? (
        <LoadingBlock label="Loading API keys" />
      ) : !allowed ? (
        <StateMessage title="Only admins and owners manage API keys">Ask an admin of this workspace for a key.</StateMessage>
      ) : (
        <div className="space-y-5">
          {created ? (
            <NewKeyPanel
              apiKey={created}
              wid={wid}
              secretRef={secretField}
              onDone={() => {
                setCreated(null);
                listRef.current?.focus();
              }}
            />
          ) : null}
          <div ref={listRef} tabIndex={-1} className="outline-none">
            {keys.isPending ? (
              <LoadingBlock label="Loading API keys" />
            ) : keys.isError ? (
              <StateMessage title="Could not load the API keys" tone="error" action={<Button onClick={() => keys.refetch()}>Try again</Button>}>
                {errorMessage(keys.error)}
              </StateMessage>
            ) : keys.data.data.length === 0 ? (
              <div className="rounded-lg border border-border bg-surface">
                <StateMessage title="No API keys yet" action={createAction}>
                  <p>
                    A key lets a script, a chatbot or another service read and change this workspace&rsquo;s data, or send it metrics, without signing in. Each
                    key acts for the admin who creates it, within the scopes chosen for it.
                  </p>
                  <p className="mt-2">
                    <a href={GUIDE_URL} className="font-medium text-accent underline underline-offset-2">
                      Read the guide to using the API
                    </a>
                  </p>
                </StateMessage>
              </div>
            ) : (
              <KeysTable
                keys={keys.data.data}
                onRevoke={(key) => {
                  focusAfterRevoke.current = null;
                  setRevoking(key);
                }}
              />
            )}
          </div>
          {keys.isSuccess && keys.data.data.length > 0 ? (
            <p className="text-xs text-muted">
              Scripts send a key in the header <code className="font-mono">Authorization: Bearer sbk_…</code>; each key has its own rate limit (600 requests a
              minute unless this deployment sets another).{' '}
              <a href={GUIDE_URL} className="text-accent underline underline-offset-2">
                How to use the API
              </a>
            </p>
          ) : null}
        </div>
      )}
      <CreateApiKeyDialog wid={wid} open={creating} onOpenChange={setCreating} onCreated={setCreated} returnFocusTo={secretField} />
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(null);
            revoke.reset();
          }
        }}
        title={revoking ? `Revoke “${revoking.name}”?` : 'Revoke key?'}
        description="Scripts using it stop working on their next request. This cannot be undone."
        confirmLabel="Revoke key"
        cancelLabel="Keep key"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : null}
        returnFocusTo={focusAfterRevoke}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              focusAfterRevoke.current = listRef.current;
              setRevoking(null);
            },
          });
        }}
      />
    </div>
  );
}

function KeysTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  const now = Date.now();
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Active API keys</caption>
        <thead className="bg-subtle text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Key
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Scopes
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Created by
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Created
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Last used
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {keys.map((key) => (
            <tr key={key.id}>
              <th scope="row" className="px-3 py-2 font-medium">
                {key.name}
              </th>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap text-muted">{key.prefix}…</td>
              <td className="px-3 py-2">
                <ul className="flex flex-wrap gap-1" aria-label="Scopes">
                  {key.scopes.map((scope) => (
                    <li key={scope}>
                      <Badge tone={scope === 'read' ? 'neutral' : 'accent'}>
                        <span title={SCOPE_INFO[scope].description}>{scope}</span>
                      </Badge>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="px-3 py-2">{key.createdBy?.name ?? <span className="text-muted">A former member</span>}</td>
              <td className="px-3 py-2 whitespace-nowrap text-muted">
                <time dateTime={key.createdAt} title={formatDateTime(key.createdAt)}>
                  {formatRelative(key.createdAt, now)}
                </time>
              </td>
              <td className="px-3 py-2 whitespace-nowrap text-muted">
                {key.lastUsedAt ? (
                  <time dateTime={key.lastUsedAt} title={formatDateTime(key.lastUsedAt)}>
                    {formatRelative(key.lastUsedAt, now)}
                  </time>
                ) : (
                  'Never'
                )}
              </td>
              <td className="px-3 py-2 text-right">
                <Button size="sm" variant="ghost" onClick={() => onRevoke(key)} aria-label={`Revoke ${key.name}`}>
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
