import { useId, useState, type FormEvent, type RefObject } from 'react';
import {
  ALL_EVENTS,
  createWebhookBodySchema,
  updateWebhookBodySchema,
  type CreatedWebhookEndpoint,
  type WebhookEndpoint,
} from '../../../../contracts/outbound-webhooks';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useCreateWebhook, useUpdateWebhook } from '../api';
import { EVENT_GROUPS } from '../events';

type Field = 'url' | 'description' | 'events';
const FIELDS = ['url', 'description', 'events'] as const satisfies readonly Field[];

/** The server's refusal as the form shows it: beside the field it names (`events.3` → events), else at the top. */
export function endpointErrors(error: unknown): FormErrors<Field> {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const fields: Partial<Record<Field, string>> = {};
  for (const detail of error.details) {
    const field = detail.path.split('.')[0] as Field;
    if (FIELDS.includes(field)) fields[field] ??= detail.message;
  }
  return Object.keys(fields).length > 0 ? { fields, form: null } : { fields: {}, form: error.message };
}

interface Draft {
  url: string;
  description: string;
  all: boolean;
  events: string[];
  active: boolean;
}

const draftOf = (endpoint: WebhookEndpoint | null): Draft => ({
  url: endpoint?.url ?? '',
  description: endpoint?.description ?? '',
  all: endpoint ? endpoint.events.includes(ALL_EVENTS) : false,
  events: endpoint && !endpoint.events.includes(ALL_EVENTS) ? endpoint.events : [],
  active: endpoint?.active ?? true,
});

/**
 * "Add endpoint" (no `endpoint`) or "Edit endpoint": the URL, a description, and every event or a choice of them
 * by what they are about. A new endpoint (with its secret) goes to `onCreated`.
 */
export function EndpointDialog({
  wid,
  endpoint,
  open,
  onOpenChange,
  onCreated,
  returnFocusTo,
}: {
  wid: string;
  endpoint: WebhookEndpoint | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated?: (endpoint: CreatedWebhookEndpoint) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const create = useCreateWebhook(wid);
  const update = useUpdateWebhook(wid);
  const pending = create.isPending || update.isPending;
  const [draft, setDraft] = useState<Draft>(() => draftOf(endpoint));
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const id = useId();
  const eventsErrorId = `${id}-events-error`;
  const [opened, setOpened] = useState(open);
  // Each opening starts from the endpoint as it is now.
  if (open !== opened) {
    setOpened(open);
    if (open) {
      setDraft(draftOf(endpoint));
      setErrors(noFormErrors);
    }
  }

  function change(next: boolean) {
    if (!next) {
      create.reset();
      update.reset();
    }
    onOpenChange(next);
  }

  const clear = (field: Field) => errors.fields[field] && setErrors((e) => ({ ...e, fields: { ...e.fields, [field]: undefined } }));

  function toggle(names: string[], on: boolean) {
    setDraft((d) => ({ ...d, events: on ? [...new Set([...d.events, ...names])] : d.events.filter((n) => !names.includes(n)) }));
    clear('events');
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      url: draft.url,
      description: draft.description.trim() === '' ? null : draft.description,
      events: draft.all ? [ALL_EVENTS] : draft.events,
      active: draft.active,
    };
    const parsed = (endpoint ? updateWebhookBodySchema : createWebhookBodySchema).safeParse(body);
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    setErrors(noFormErrors);
    const onError = (error: unknown) => setErrors(endpointErrors(error));
    if (endpoint) update.mutate({ id: endpoint.id, body }, { onSuccess: () => change(false), onError });
    else
      create.mutate(body, {
        onSuccess: (created) => {
          onCreated?.(created);
          change(false);
        },
        onError,
      });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={change}
      title={endpoint ? 'Edit endpoint' : 'Add endpoint'}
      description="Switchboard POSTs each chosen event to this URL as JSON, signed with the endpoint’s secret, and retries for 24 hours while it fails."
      returnFocusTo={returnFocusTo}
      className="max-h-[78vh] w-[min(40rem,calc(100vw-2rem))] overflow-y-auto"
    >
      <form noValidate onSubmit={submit} className="space-y-4">
        <FormError message={errors.form} />
        <TextField
          label="URL"
          type="url"
          inputMode="url"
          value={draft.url}
          onChange={(e) => {
            setDraft({ ...draft, url: e.target.value });
            clear('url');
          }}
          error={errors.fields.url}
          placeholder="https://example.com/webhooks/switchboard"
          hint="An https:// address is best: events carry your workspace’s data."
          autoFocus
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          label="Description (optional)"
          value={draft.description}
          onChange={(e) => {
            setDraft({ ...draft, description: e.target.value });
            clear('description');
          }}
          error={errors.fields.description}
          placeholder="Order sync to the warehouse"
          maxLength={500}
        />
        <fieldset aria-describedby={errors.fields.events ? eventsErrorId : undefined} className="space-y-2">
          <legend className="mb-1 block text-xs font-medium text-fg">Events</legend>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-scope`}
              className="size-4 accent-accent"
              checked={draft.all}
              onChange={() => {
                setDraft({ ...draft, all: true });
                clear('events');
              }}
            />
            All events, including those added later
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-scope`}
              className="size-4 accent-accent"
              checked={!draft.all}
              onChange={() => setDraft({ ...draft, all: false })}
            />
            Only the events I choose{draft.all ? '' : ` (${draft.events.length} chosen)`}
          </label>
          {errors.fields.events ? (
            <p id={eventsErrorId} className="text-xs text-danger">
              {errors.fields.events}
            </p>
          ) : null}
          {draft.all ? null : (
            <div
              role="group"
              aria-label="Events to send"
              tabIndex={0}
              className="grid max-h-60 grid-cols-1 gap-3 overflow-y-auto rounded-md border border-border p-3 sm:grid-cols-2"
            >
              {EVENT_GROUPS.map((group) => {
                const chosen = group.events.filter((n) => draft.events.includes(n)).length;
                return (
                  <fieldset key={group.noun} className="space-y-1">
                    <legend className="flex w-full items-center justify-between gap-2 text-xs font-semibold text-fg">
                      {group.label}
                      <button
                        type="button"
                        className="rounded px-1 text-xs font-normal text-accent hover:underline"
                        onClick={() => toggle(group.events, chosen < group.events.length)}
                        aria-label={`${chosen < group.events.length ? 'Choose every' : 'Clear every'} ${group.label.toLowerCase()} event`}
                      >
                        {chosen < group.events.length ? 'All' : 'None'}
                      </button>
                    </legend>
                    {group.events.map((name) => (
                      <label key={name} className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          className="size-4 shrink-0 accent-accent"
                          checked={draft.events.includes(name)}
                          onChange={(e) => toggle([name], e.target.checked)}
                        />
                        <code className="font-mono text-xs">{name}</code>
                      </label>
                    ))}
                  </fieldset>
                );
              })}
            </div>
          )}
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            role="switch"
            className="size-4 accent-accent"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />
          Active: send events to this endpoint
        </label>
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? 'Saving…' : endpoint ? 'Save endpoint' : 'Add endpoint'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
