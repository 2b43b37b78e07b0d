import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { CHANNELS, createConversationBodySchema, type Channel } from '../../../../contracts/conversations';
import { Button } from '@/components/button';
import { CHANNEL_LABELS } from '@/components/channel-icon';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { formErrorsFrom, issuesToFields, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { useStartConversation } from '../api';

const FIELDS = ['channel', 'subject'] as const;

/** "New conversation" with a customer: a channel and a subject, then straight into it in the inbox. */
export function NewConversationDialog({
  wid,
  customerId,
  open,
  onOpenChange,
}: {
  wid: string;
  customerId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const create = useStartConversation(wid);
  const navigate = useNavigate();
  const [channel, setChannel] = useState<Channel>('email');
  const [subject, setSubject] = useState('');
  const [errors, setErrors] = useState<FormErrors<(typeof FIELDS)[number]>>(noFormErrors);

  useEffect(() => {
    if (!open) return;
    setChannel('email');
    setSubject('');
    setErrors(noFormErrors);
  }, [open]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = { customerId, channel, ...(subject.trim() ? { subject: subject.trim() } : {}) };
    const parsed = createConversationBodySchema.safeParse(body);
    if (!parsed.success) {
      setErrors({ fields: issuesToFields(parsed.error.issues, FIELDS), form: null });
      return;
    }
    create.mutate(body, {
      onSuccess: (conversation) => {
        onOpenChange(false);
        navigate(`/w/${wid}/inbox/${conversation.id}${conversation.status === 'open' ? '' : `?status=${conversation.status}`}`);
      },
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New conversation" description="Start a conversation with this customer.">
      <form noValidate onSubmit={submit} className="space-y-3">
        <FormError message={errors.form} />
        <div className="space-y-1">
          <label htmlFor="new-conversation-channel" className="block text-xs font-medium text-fg">
            Channel
          </label>
          <select
            id="new-conversation-channel"
            value={channel}
            onChange={(e) => setChannel(e.target.value as Channel)}
            className="block h-8 w-full rounded-md border border-border-strong bg-surface px-2 text-sm text-fg"
          >
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
          {errors.fields.channel ? <p className="text-xs text-danger">{errors.fields.channel}</p> : null}
        </div>
        <TextField
          label="Subject"
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          error={errors.fields.subject}
          maxLength={200}
          hint="Optional"
          autoFocus
        />
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create conversation'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
