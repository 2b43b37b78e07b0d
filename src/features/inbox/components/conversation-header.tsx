import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Ellipsis, PanelRightClose, PanelRightOpen, Trash2 } from 'lucide-react';
import { useId, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { CONVERSATION_STATUSES, type ConversationDetail, type ConversationStatus, type UpdateConversationBody } from '../../../../contracts/conversations';
import { Badge } from '@/components/badge';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Menu, MenuContent, MenuItem, MenuTrigger } from '@/components/menu';
import { CHANNEL_LABELS, ChannelIcon } from '@/components/channel-icon';
import { STATUS_LABELS, STATUS_TONES } from '@/components/conversation-status';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { useDeleteConversation, useUpdateConversation } from '../api/conversations';
import { offerConversationUndo, offerRestoreUndo } from '../undo';
import type { MemberOption } from '../use-members';
import { SnoozeControl } from './snooze-menu';
import { TagEditor } from './tag-editor';

const selectClass = 'h-7 rounded-md border border-border-strong bg-surface px-1.5 text-xs text-fg disabled:opacity-60';

/**
 * The thread's title and its controls: status, assignee, tags, each change with an Undo toast; the details
 * panel toggle; for admins, a menu with Delete (confirmed, then undoable too).
 */
export function ConversationHeader({
  wid,
  conversation,
  canWrite,
  canDelete = false,
  members,
  detailsOpen,
  onToggleDetails,
}: {
  wid: string;
  conversation: ConversationDetail;
  canWrite: boolean;
  /** Admins and owners may delete conversations. */
  canDelete?: boolean;
  members: MemberOption[];
  detailsOpen: boolean;
  onToggleDetails: () => void;
}) {
  const queryClient = useQueryClient();
  const update = useUpdateConversation(wid);
  const remove = useDeleteConversation(wid);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const id = useId();
  const { search } = useLocation();
  const navigate = useNavigate();
  const assigneeName = (userId: string) => members.find((m) => m.userId === userId)?.name ?? 'a former member';

  function change(body: UpdateConversationBody, done?: string) {
    // As it is now: the optimistic update is about to change the cached copy.
    const before = conversation;
    // mutateAsync: every change gets its own answer (and toast, or error), however quickly they follow.
    void update.mutateAsync({ id: conversation.id, body }).then(
      () => offerConversationUndo(queryClient, wid, before, body, { assigneeName, ...(done ? { message: done } : {}) }),
      (error: unknown) => toast.error(errorMessage(error)),
    );
  }

  function deleteIt() {
    const deleted = { id: conversation.id, number: conversation.number };
    remove.mutate(deleted.id, {
      onSuccess: () => {
        setConfirmDelete(false);
        navigate({ pathname: `/w/${wid}/inbox`, search });
        offerRestoreUndo(queryClient, wid, deleted);
      },
    });
  }

  const assigneeKnown = conversation.assigneeId === null || members.some((m) => m.userId === conversation.assigneeId);

  return (
    <header className="border-b border-border bg-surface px-4 py-2.5">
      <div className="flex items-start gap-2">
        {/* Phones show the thread alone: back to the list, keeping its filters. */}
        <Link
          to={{ pathname: `/w/${wid}/inbox`, search }}
          className="-ml-2 inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-accent hover:bg-subtle md:hidden"
        >
          <ArrowLeft aria-hidden className="size-4" />
          Back<span className="sr-only"> to conversations</span>
        </Link>
        <div className="min-w-0 flex-1">
          <h2 className="flex items-center gap-1.5 text-sm font-semibold">
            <ChannelIcon channel={conversation.channel} />
            <span className="truncate">{conversation.customer.name}</span>
            <span className="shrink-0 font-normal text-muted">#{conversation.number}</span>
          </h2>
          <p className="truncate text-xs text-muted">
            {conversation.subject ?? 'No subject'} · {CHANNEL_LABELS[conversation.channel]}
          </p>
        </div>
        {canDelete ? (
          <Menu>
            <MenuTrigger
              aria-label="More actions"
              title="More actions"
              className="rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg data-[state=open]:bg-subtle"
            >
              <Ellipsis aria-hidden className="size-4" />
            </MenuTrigger>
            <MenuContent align="end">
              <MenuItem
                className="text-danger"
                onSelect={() => {
                  remove.reset();
                  setConfirmDelete(true);
                }}
              >
                <Trash2 aria-hidden className="size-4" />
                Delete conversation…
              </MenuItem>
            </MenuContent>
          </Menu>
        ) : null}
        <button
          type="button"
          onClick={onToggleDetails}
          aria-expanded={detailsOpen}
          aria-label={detailsOpen ? 'Hide customer details' : 'Show customer details'}
          title={detailsOpen ? 'Hide customer details' : 'Show customer details'}
          className="rounded-md p-1.5 text-muted hover:bg-subtle hover:text-fg"
        >
          {detailsOpen ? <PanelRightClose aria-hidden className="size-4" /> : <PanelRightOpen aria-hidden className="size-4" />}
        </button>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1.5">
        {canWrite ? (
          <>
            <span className="flex items-center gap-1.5 text-xs text-muted">
              <label htmlFor={`${id}-status`}>Status</label>
              <select
                id={`${id}-status`}
                className={selectClass}
                value={conversation.status}
                onChange={(e) => {
                  const status = e.target.value as ConversationStatus;
                  change({ status }, `Conversation #${conversation.number} is now ${STATUS_LABELS[status].toLowerCase()}`);
                }}
              >
                {/* Snoozing needs a wake-up time: the Snooze menu sets it. */}
                {CONVERSATION_STATUSES.filter((status) => status !== 'snoozed' || conversation.status === 'snoozed').map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABELS[status]}
                  </option>
                ))}
              </select>
            </span>
            <span className="flex items-center gap-1.5 text-xs text-muted">
              <label htmlFor={`${id}-assignee`}>Assignee</label>
              <select
                id={`${id}-assignee`}
                className={`${selectClass} max-w-40`}
                value={conversation.assigneeId ?? ''}
                onChange={(e) => change({ assigneeId: e.target.value || null })}
              >
                <option value="">Unassigned</option>
                {!assigneeKnown ? <option value={conversation.assigneeId ?? ''}>Former member</option> : null}
                {members.map((member) => (
                  <option key={member.userId} value={member.userId}>
                    {member.name}
                  </option>
                ))}
              </select>
            </span>
          </>
        ) : (
          <>
            <span className="flex items-center gap-1.5 text-xs text-muted">
              Status <Badge tone={STATUS_TONES[conversation.status]}>{STATUS_LABELS[conversation.status]}</Badge>
            </span>
            <span className="text-xs text-muted">
              Assignee:{' '}
              <span className="text-fg">
                {conversation.assigneeId ? (members.find((m) => m.userId === conversation.assigneeId)?.name ?? 'A former member') : 'Unassigned'}
              </span>
            </span>
          </>
        )}
        {canWrite ? (
          <SnoozeControl conversation={conversation} disabled={update.isPending} onChange={change} />
        ) : conversation.status === 'snoozed' && conversation.snoozedUntil ? (
          <span className="text-xs text-muted">
            Snoozed until <time dateTime={conversation.snoozedUntil}>{formatDateTime(conversation.snoozedUntil)}</time>
          </span>
        ) : null}
        <TagEditor tags={conversation.tags} disabled={update.isPending} {...(canWrite ? { onChange: (tags: string[]) => change({ tags }) } : {})} />
      </div>
      {canDelete ? (
        <ConfirmDialog
          open={confirmDelete}
          onOpenChange={setConfirmDelete}
          title={`Delete conversation #${conversation.number}?`}
          description={`The conversation with ${conversation.customer.name} leaves every list, count and search for the whole team. Its messages are kept, and you can undo right after.`}
          confirmLabel="Delete conversation"
          pendingLabel="Deleting…"
          cancelLabel="Keep it"
          onConfirm={deleteIt}
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
        />
      ) : null}
    </header>
  );
}
