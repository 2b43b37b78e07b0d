// `/w/:wid/settings/channels`: where the workspace's conversations come from (admins and owners). Each channel with
// its kind, status and last activity, opening to its page; "Connect a channel" offers every kind. A new web widget
// shows its embed code at once. The OAuth connect flows come back here with `?connected={id}` or `?error=…`,
// shown as a notice until dismissed.
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ConnectedChannel } from '../../../../contracts/channels';
import { Button } from '@/components/button';
import { ChannelIcon } from '@/components/channel-icon';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { channelsQueryOptions } from '../api';
import { ConnectDialog } from '../components/connect-dialog';
import { EmbedSnippet } from '../components/embed-snippet';
import { ChannelStatusBadge } from '../components/status-badge';
import { CHANNEL_KINDS } from '../kinds';

const kindLabel = (type: string) => CHANNEL_KINDS.find((k) => k.type === type)?.label ?? type;

export function ChannelsPage() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const allowed = hasRole(role, 'admin');
  const channels = useQuery({ ...channelsQueryOptions(wid), enabled: allowed });
  const [connecting, setConnecting] = useState(false);
  const [created, setCreated] = useState<ConnectedChannel | null>(null);
  const [params, setParams] = useSearchParams();
  const createdRef = useRef<HTMLDivElement>(null);
  const rows = channels.data?.data ?? [];

  const connectAction = (
    <Button
      variant="primary"
      onClick={() => {
        setCreated(null);
        setConnecting(true);
      }}
    >
      <Plus aria-hidden className="size-4" />
      Connect a channel
    </Button>
  );

  const connectedId = params.get('connected');
  const oauthError = params.get('error');
  const dismiss = () =>
    setParams(
      (p) => {
        p.delete('connected');
        p.delete('error');
        return p;
      },
      { replace: true },
    );
  const connected = connectedId ? rows.find((c) => c.id === connectedId) : undefined;

  return (
    <div className="max-w-4xl">
      <title>Channels · Switchboard</title>
      <PageHeader
        title="Channels"
        description="Where your customers write to you: your website’s chat, messaging apps and social accounts. Every message lands in the inbox."
        actions={allowed && channels.isSuccess && rows.length > 0 ? connectAction : null}
      />
      {role === undefined ? (
        <LoadingBlock label="Loading channels" />
      ) : !allowed ? (
        <StateMessage title="Only admins and owners manage channels">Ask an admin of this workspace to connect one.</StateMessage>
      ) : (
        <div className="space-y-5">
          {connectedId ? (
            <Notice tone="success">
              {connected ? `${connected.name} (${kindLabel(connected.type)}) is connected.` : 'The channel is connected.'} New messages on it will appear in the
              inbox.{' '}
              <button type="button" className="font-medium text-accent underline-offset-2 hover:underline" onClick={dismiss}>
                Dismiss
              </button>
            </Notice>
          ) : null}
          {oauthError ? (
            <Notice tone="warning">
              <span role="alert">Nothing was connected: {oauthError}</span> Try again from Connect a channel; if it keeps failing, check that you are an admin
              of the account you chose and that you allowed every permission asked.{' '}
              <button type="button" className="font-medium text-accent underline-offset-2 hover:underline" onClick={dismiss}>
                Dismiss
              </button>
            </Notice>
          ) : null}
          {created ? (
            <div ref={createdRef} tabIndex={-1} className="space-y-3 rounded-lg border border-success/40 bg-surface p-4 outline-none">
              <h2 className="text-sm font-semibold">
                {created.type === 'web' ? `Your web widget “${created.name}” is ready` : `${created.name} (${kindLabel(created.type)}) is connected`}
              </h2>
              {created.type === 'web' && created.publicKey ? (
                <EmbedSnippet publicKey={created.publicKey} />
              ) : (
                <p className="text-sm text-muted">Messages sent to it now arrive in the inbox, and your replies go back there.</p>
              )}
              <Button size="sm" onClick={() => setCreated(null)}>
                Done
              </Button>
            </div>
          ) : null}
          {channels.isPending ? (
            <LoadingBlock label="Loading channels" />
          ) : channels.isError ? (
            <StateMessage title="Could not load the channels" tone="error" action={<Button onClick={() => channels.refetch()}>Try again</Button>}>
              {errorMessage(channels.error)}
            </StateMessage>
          ) : rows.length === 0 ? (
            <div className="rounded-lg border border-border bg-surface">
              <StateMessage title="No channels yet" action={connectAction}>
                <p>
                  Add a chat widget to your website, or connect Telegram, Viber, Facebook, Instagram, WhatsApp or TikTok, and answer everyone from the inbox.
                </p>
              </StateMessage>
            </div>
          ) : (
            <ChannelsTable wid={wid} channels={rows} />
          )}
        </div>
      )}
      <ConnectDialog
        wid={wid}
        open={connecting}
        onOpenChange={setConnecting}
        onCreated={(channel) => {
          setCreated(channel);
          requestAnimationFrame(() => createdRef.current?.focus());
        }}
        returnFocusTo={createdRef}
      />
    </div>
  );
}

function ChannelsTable({ wid, channels }: { wid: string; channels: ConnectedChannel[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Channels</caption>
        <thead className="bg-subtle text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Channel
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Last activity
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {channels.map((channel) => (
            <tr key={channel.id}>
              <th scope="row" className="px-3 py-2 font-normal">
                <span className="flex items-center gap-2">
                  <ChannelIcon channel={channel.type} />
                  <Link to={`/w/${wid}/settings/channels/${channel.id}`} className="font-medium text-accent hover:underline">
                    {channel.name}
                  </Link>
                  <span className="text-xs text-muted">{kindLabel(channel.type)}</span>
                </span>
              </th>
              <td className="px-3 py-2">
                <ChannelStatusBadge status={channel.status} />
                {channel.lastError ? <span className="mt-1 block text-xs text-danger">{channel.lastError}</span> : null}
              </td>
              <td className="px-3 py-2 text-xs text-muted">
                {channel.lastActivityAt ? (
                  <time dateTime={channel.lastActivityAt} title={formatDateTime(channel.lastActivityAt)}>
                    {formatRelative(channel.lastActivityAt)}
                  </time>
                ) : (
                  'No messages yet'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
