// `/w/:wid/settings/canned-replies`: the workspace's canned replies. Agents read them (and insert them with `/`
// in the composer); admins and owners add, edit and delete them. The content may use {{customer.name}},
// {{agent.name}} and {{conversation.number}}.
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { CANNED_REPLY_MAX_LENGTH, type CannedReply } from '../../../../contracts/canned-replies';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { TextField } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { formErrorsFrom, noFormErrors, type FormErrors } from '@/lib/form-errors';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { cannedRepliesQueryOptions, useDeleteCannedReply, useSaveCannedReply } from '../api/canned-replies';

type Field = 'shortcut' | 'title' | 'content';
const FIELDS: readonly Field[] = ['shortcut', 'title', 'content'];

function CannedReplyForm({ wid, reply, onDone }: { wid: string; reply: CannedReply | null; onDone: () => void }) {
  const save = useSaveCannedReply(wid);
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? '');
  const [title, setTitle] = useState(reply?.title ?? '');
  const [content, setContent] = useState(reply?.content ?? '');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const id = useId();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { ...(reply ? { id: reply.id } : {}), body: { shortcut, title, content } },
      { onSuccess: onDone, onError: (error) => setErrors(formErrorsFrom(error, FIELDS, { conflict: 'shortcut' })) },
    );
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label={reply ? `Edit /${reply.shortcut}` : 'New canned reply'}
      className="space-y-3 rounded-lg border border-border bg-surface p-4"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Shortcut"
          value={shortcut}
          onChange={(e) => setShortcut(e.target.value)}
          maxLength={40}
          error={errors.fields.shortcut}
          hint="Typed after / in the reply box"
        />
        <TextField label="Title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} error={errors.fields.title} />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${id}-content`} className="block text-xs font-medium text-fg">
          Reply
        </label>
        <textarea
          id={`${id}-content`}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          maxLength={CANNED_REPLY_MAX_LENGTH}
          rows={4}
          aria-invalid={errors.fields.content ? true : undefined}
          aria-describedby={`${id}-hint${errors.fields.content ? ` ${id}-error` : ''}`}
          className="block w-full rounded-md border border-border-strong bg-surface px-2.5 py-2 text-sm text-fg"
        />
        <p id={`${id}-hint`} className="text-xs text-muted">
          {'{{customer.name}}, {{agent.name}} and {{conversation.number}} are filled in when the reply is inserted.'}
        </p>
        {errors.fields.content ? (
          <p id={`${id}-error`} className="text-xs text-danger">
            {errors.fields.content}
          </p>
        ) : null}
      </div>
      {errors.form ? (
        <p role="alert" className="text-sm text-danger">
          {errors.form}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : reply ? 'Save changes' : 'Add reply'}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

export function CannedRepliesPage() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const canRead = hasRole(role, 'agent');
  const canWrite = hasRole(role, 'admin');
  const replies = useQuery({ ...cannedRepliesQueryOptions(wid), enabled: canRead });
  const remove = useDeleteCannedReply(wid);
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);

  const addAction = canWrite ? (
    <Button variant="primary" onClick={() => setEditing('new')}>
      <Plus aria-hidden className="size-4" />
      New reply
    </Button>
  ) : null;

  return (
    <div className="max-w-4xl">
      <title>Canned replies · Switchboard</title>
      <PageHeader title="Canned replies" description="Saved answers the team inserts by typing / and a shortcut in the reply box." actions={addAction} />
      {role === undefined ? (
        <LoadingBlock label="Loading canned replies" />
      ) : !canRead ? (
        <StateMessage title="Agents and above use canned replies">Ask an admin of this workspace for agent access.</StateMessage>
      ) : (
        <div className="space-y-4">
          {editing === 'new' ? <CannedReplyForm wid={wid} reply={null} onDone={() => setEditing(null)} /> : null}
          {replies.isPending ? (
            <LoadingBlock label="Loading canned replies" />
          ) : replies.isError ? (
            <StateMessage title="Could not load the canned replies" tone="error" action={<Button onClick={() => replies.refetch()}>Try again</Button>}>
              {errorMessage(replies.error)}
            </StateMessage>
          ) : replies.data.data.length === 0 ? (
            <StateMessage title="No canned replies yet">
              {canWrite ? 'Add the answers your team writes again and again.' : 'An admin of this workspace adds them.'}
            </StateMessage>
          ) : (
            <ul className="divide-y divide-border rounded-lg border border-border bg-surface" aria-label="Canned replies">
              {replies.data.data.map((reply) =>
                editing !== 'new' && editing?.id === reply.id ? (
                  <li key={reply.id} className="p-2">
                    <CannedReplyForm wid={wid} reply={reply} onDone={() => setEditing(null)} />
                  </li>
                ) : (
                  <li key={reply.id} className="flex items-start gap-3 px-4 py-3">
                    <div className="min-w-0 flex-1">
                      <p className="text-sm">
                        <span className="font-mono font-medium">/{reply.shortcut}</span> <span className="text-muted">· {reply.title}</span>
                      </p>
                      <p className="mt-1 line-clamp-2 text-sm whitespace-pre-wrap text-muted">{reply.content}</p>
                    </div>
                    {canWrite ? (
                      <div className="flex shrink-0 gap-1">
                        <Button size="sm" variant="ghost" onClick={() => setEditing(reply)} aria-label={`Edit /${reply.shortcut}`}>
                          Edit
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => setDeleting(reply)} aria-label={`Delete /${reply.shortcut}`}>
                          Delete
                        </Button>
                      </div>
                    ) : null}
                  </li>
                ),
              )}
            </ul>
          )}
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={deleting ? `Delete /${deleting.shortcut}?` : 'Delete reply?'}
        description="The team can no longer insert it. This cannot be undone."
        confirmLabel="Delete reply"
        pendingLabel="Deleting…"
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
        }}
      />
    </div>
  );
}
