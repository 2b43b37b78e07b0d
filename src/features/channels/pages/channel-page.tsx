// `/w/:wid/settings/channels/:channelId`: one channel (admins and owners): its kind, status (with what went wrong
// and what to do), its name, a web widget's allowed origins and embed code, and Disconnect after asking.
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ConnectedChannel, UpdateChannelBody } from '../../../../contracts/channels';
import { Button } from '@/components/button';
import { ChannelIcon } from '@/components/channel-icon';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { channelQueryOptions, useDeleteChannel, useUpdateChannel } from '../api';
import { EmbedSnippet } from '../components/embed-snippet';
import { channelFormErrors, OriginsField, originsOf } from '../components/origins-field';
import { ChannelStatusBadge } from '../components/status-badge';
import { CHANNEL_KINDS } from '../kinds';

const originsText = (channel: ConnectedChannel) =>
  Array.isArray(channel.settings.allowedOrigins) ? (channel.settings.allowedOrigins as string[]).join('\n') : '';

/** What to do about a channel that is not connected. */
function statusHelp(channel: ConnectedChannel): string {
  if (channel.status === 'error')
    return 'Messages may not be arriving or going out. Disconnect the channel and connect it again with a fresh token or sign-in.';
  if (channel.status === 'disconnected') return 'This channel no longer receives messages. Connect it again from the Channels page.';
  return '';
}

export function ChannelPage() {
  const { wid = '', channelId = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const allowed = hasRole(role, 'admin');
  const channel = useQuery({ ...channelQueryOptions(wid, channelId), enabled: allowed });
  const remove = useDeleteChannel(wid);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const back = `/w/${wid}/settings/channels`;

  const backLink = (
    <Link to={back} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
      <ArrowLeft aria-hidden className="size-4" />
      Channels
    </Link>
  );

  if (role === undefined || (allowed && channel.isPending)) return <LoadingBlock label="Loading the channel" />;
  if (!allowed) return <StateMessage title="Only admins and owners manage channels">Ask an admin of this workspace.</StateMessage>;
  if (channel.isError) {
    const missing = channel.error instanceof ApiError && channel.error.status === 404;
    return (
      <div className="max-w-3xl">
        {backLink}
        <StateMessage
          title={missing ? 'This channel does not exist' : 'Could not load the channel'}
          tone={missing ? 'neutral' : 'error'}
          action={missing ? undefined : <Button onClick={() => channel.refetch()}>Try again</Button>}
        >
          {missing ? 'It may have been disconnected.' : errorMessage(channel.error)}
        </StateMessage>
      </div>
    );
  }

  const data = channel.data!;
  const label = CHANNEL_KINDS.find((k) => k.type === data.type)?.label ?? data.type;
  return (
    <div className="max-w-3xl space-y-6">
      <title>{`${data.name} · Channels · Switchboard`}</title>
      <div>
        {backLink}
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="flex items-center gap-2 text-base font-semibold">
              <ChannelIcon channel={data.type} />
              {data.name}
            </h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
              {label} <ChannelStatusBadge status={data.status} />
              <span>
                {data.lastActivityAt ? `Last message ${formatDateTime(data.lastActivityAt)}` : 'No messages yet'} · connected {formatDateTime(data.createdAt)}
              </span>
            </p>
          </div>
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Disconnect
          </Button>
        </div>
      </div>
      {data.status !== 'connected' || data.lastError ? (
        <Notice tone="warning" live={false}>
          {data.lastError ? <strong className="font-medium">{data.lastError} </strong> : null}
          {statusHelp(data)}
        </Notice>
      ) : null}
      <ChannelForm key={data.id} wid={wid} channel={data} />
      {data.type === 'web' && data.publicKey ? (
        <section aria-labelledby="embed-heading" className="space-y-2">
          <h2 id="embed-heading" className="text-sm font-semibold">
            Embed code
          </h2>
          <EmbedSnippet publicKey={data.publicKey} />
        </section>
      ) : null}
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          setDeleting(open);
          if (!open) remove.reset();
        }}
        title={`Disconnect ${data.name}?`}
        description={
          data.type === 'web'
            ? 'The widget stops working on your sites at once. Its conversations stay in the inbox.'
            : `Switchboard stops receiving ${label} messages and forgets its token. Its conversations stay in the inbox.`
        }
        confirmLabel="Disconnect channel"
        cancelLabel="Stay connected"
        pendingLabel="Disconnecting…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate(data.id, { onSuccess: () => navigate(back, { replace: true }) })}
      />
    </div>
  );
}

function ChannelForm({ wid, channel }: { wid: string; channel: ConnectedChannel }) {
  const update = useUpdateChannel(wid);
  const [name, setName] = useState(channel.name);
  const [origins, setOrigins] = useState(originsText(channel));
  const [errors, setErrors] = useState<ReturnType<typeof channelFormErrors> & { form?: string }>({});
  const [saved, setSaved] = useState(false);
  const web = channel.type === 'web';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body: UpdateChannelBody = { name };
    if (web) {
      const list = originsOf(origins);
      if (list.length === 0) {
        setErrors({ origins: 'Add the site that will show the widget (e.g. https://shop.example.com)' });
        return;
      }
      body.settings = { allowedOrigins: list };
    }
    setErrors({});
    setSaved(false);
    update.mutate(
      { id: channel.id, body },
      {
        onSuccess: () => setSaved(true),
        onError: (error) => {
          const fields = error instanceof ApiError ? channelFormErrors(error.details) : {};
          setErrors(Object.keys(fields).length > 0 ? fields : { form: errorMessage(error) });
        },
      },
    );
  }

  return (
    <form noValidate onSubmit={submit} className="space-y-4 rounded-lg border border-border bg-surface p-4">
      <FormError message={errors.form} />
      <TextField
        label="Name"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setSaved(false);
        }}
        error={errors.name}
        maxLength={100}
      />
      {web ? (
        <OriginsField
          value={origins}
          onChange={(value) => {
            setOrigins(value);
            setSaved(false);
          }}
          error={errors.origins}
        />
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save changes'}
        </Button>
        {saved ? (
          <span role="status" className="text-sm text-muted">
            Saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
