// "Connect a channel": a card per kind, then its form. The web widget takes a name and the sites that embed it;
// Telegram and Viber a name and their token (checked with the provider as the channel is made); Facebook,
// Instagram, WhatsApp and TikTok send the browser to the provider's consent page, which comes back to the
// Channels page with ?connected= or ?error=.
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import type { ConnectedChannel, CreateChannelBody } from '../../../../contracts/channels';
import { Button } from '@/components/button';
import { ChannelIcon } from '@/components/channel-icon';
import { Dialog, DialogActions } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useCreateChannel, useStartOAuth } from '../api';
import { CHANNEL_KINDS, TOKEN_FIELDS, type ChannelKind } from '../kinds';
import { channelFormErrors, OriginsField, originsOf } from './origins-field';

type Errors = ReturnType<typeof channelFormErrors> & { form?: string };

/** Where the browser goes to give consent (a function so tests can watch it). */
export const navigate = { to: (url: string) => window.location.assign(url) };

export function ConnectDialog({
  wid,
  open,
  onOpenChange,
  onCreated,
  returnFocusTo,
}: {
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (channel: ConnectedChannel) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const create = useCreateChannel(wid);
  const oauth = useStartOAuth(wid);
  const [kind, setKind] = useState<ChannelKind | null>(null);
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const idempotencyKey = useRef('');
  const [opened, setOpened] = useState(open);
  // Each opening starts at the cards, with empty fields.
  if (open !== opened) {
    setOpened(open);
    if (open) {
      setKind(null);
      setErrors({});
    }
  }

  function choose(next: ChannelKind | null) {
    setKind(next);
    setName(next ? (next.type === 'web' ? 'Website chat' : next.label) : '');
    setOrigins('');
    setToken('');
    setErrors({});
    oauth.reset();
    idempotencyKey.current = crypto.randomUUID();
  }

  function change(next: boolean) {
    if (!next) {
      create.reset();
      oauth.reset();
      setToken('');
    }
    onOpenChange(next);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!kind) return;
    let body: CreateChannelBody;
    if (kind.type === 'web') {
      const list = originsOf(origins);
      if (list.length === 0) {
        setErrors({ origins: 'Add the site that will show the widget (e.g. https://shop.example.com)' });
        return;
      }
      body = { type: 'web', name, settings: { allowedOrigins: list } };
    } else if (kind.type === 'telegram' || kind.type === 'viber') {
      const { field } = TOKEN_FIELDS[kind.type];
      if (token.trim() === '') {
        setErrors({ token: `Paste the ${TOKEN_FIELDS[kind.type].label.toLowerCase()}` });
        return;
      }
      body = { type: kind.type, name, credentials: { [field]: token.trim() } };
    } else return;
    setErrors({});
    create.mutate(
      { body, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (channel) => {
          onCreated(channel);
          change(false);
        },
        onError: (error) => {
          // A refused body may be sent again once corrected: with a new key (a network failure keeps it, so a retry replays).
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) idempotencyKey.current = crypto.randomUUID();
          const fields = error instanceof ApiError ? channelFormErrors(error.details) : {};
          setErrors(Object.keys(fields).length > 0 ? fields : { form: errorMessage(error) });
        },
      },
    );
  }

  const title = kind ? `Connect ${kind.label}` : 'Connect a channel';
  return (
    <Dialog
      open={open}
      onOpenChange={change}
      title={title}
      description={kind ? kind.blurb : 'Where your customers write to you. Their messages arrive in the inbox, and your replies go back the same way.'}
      returnFocusTo={returnFocusTo}
      className="max-h-[80vh] w-[min(38rem,calc(100vw-2rem))] overflow-y-auto"
    >
      {kind === null ? (
        <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {CHANNEL_KINDS.map((k) => (
            <li key={k.type}>
              <button
                type="button"
                onClick={() => choose(k)}
                className="flex h-full w-full items-start gap-3 rounded-md border border-border bg-surface p-3 text-left hover:bg-subtle focus-visible:outline-2 focus-visible:outline-accent"
              >
                {/* The card's text names the kind: the icon's own label would say it twice. */}
                <span aria-hidden className="mt-0.5">
                  <ChannelIcon channel={k.type} />
                </span>
                <span>
                  <span className="block text-sm font-medium text-fg">{k.label}</span>
                  <span className="block text-xs text-muted">{k.blurb}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : kind.how === 'oauth' ? (
        <div className="space-y-4">
          <p className="text-sm text-muted">
            You will sign in to {kind.label} and choose the account to connect; then you come back here. Only an admin of that account can connect it.
          </p>
          <FormError message={oauth.error ? `${errorMessage(oauth.error)} Try again, or check that ${kind.label} is set up for this Switchboard.` : null} />
          <DialogActions>
            <Button onClick={() => choose(null)}>Back</Button>
            <Button
              variant="primary"
              disabled={oauth.isPending || oauth.isSuccess}
              onClick={() => oauth.mutate(kind.type, { onSuccess: ({ url }) => navigate.to(url) })}
            >
              {oauth.isPending || oauth.isSuccess ? 'Opening…' : `Connect with ${kind.label}`}
            </Button>
          </DialogActions>
        </div>
      ) : (
        <form noValidate onSubmit={submit} className="space-y-4">
          <FormError message={errors.form} />
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            hint="How your team sees this channel in the inbox."
            maxLength={100}
            autoFocus
          />
          {kind.type === 'web' ? (
            <OriginsField value={origins} onChange={setOrigins} error={errors.origins} />
          ) : kind.type === 'telegram' || kind.type === 'viber' ? (
            <TextField
              label={TOKEN_FIELDS[kind.type].label}
              type="password"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              error={errors.token}
              hint={TOKEN_FIELDS[kind.type].help}
              placeholder={TOKEN_FIELDS[kind.type].placeholder}
              autoComplete="off"
              spellCheck={false}
            />
          ) : null}
          <DialogActions>
            <Button onClick={() => choose(null)}>Back</Button>
            <Button type="submit" variant="primary" disabled={create.isPending}>
              {create.isPending ? 'Connecting…' : 'Connect'}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
