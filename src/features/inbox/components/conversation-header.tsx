import { ArrowLeft, PanelRightClose, PanelRightOpen } from 'lucide-react';
import { useId } from 'react';
import { Link, useLocation } from 'react-router';
import { toast } from 'sonner';
import { CONVERSATION_STATUSES, type ConversationDetail, type ConversationStatus, type UpdateConversationBody } from '../../../../contracts/conversations';
import { Badge } from '@/components/badge';
import { CHANNEL_LABELS, ChannelIcon } from '@/components/channel-icon';
import { STATUS_LABELS, STATUS_TONES } from '@/components/conversation-status';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { useUpdateConversation } from '../api/conversations';
import type { MemberOption } from '../use-members';
import { SnoozeControl } from './snooze-menu';
import { TagEditor } from './tag-editor';

const selectClass = 'h-7 rounded-md border border-border-strong bg-surface px-1.5 text-xs text-fg disabled:opacity-60';

/** The thread's title and its controls: status, assignee, tags; the details panel toggle. */
export function ConversationHeader({
  wid,
  conversation,
  canWrite,
  members,
  detailsOpen,
  onToggleDetails,
}: {
  wid: string;
  conversation: ConversationDetail;
  canWrite: boolean;
  members: MemberOption[];
  detailsOpen: boolean;
  onToggleDetails: () => void;
}) {
  const update = useUpdateConversation(wid);
  const id = useId();
  const { search } = useLocation();

  function change(body: UpdateConversationBody, done?: string) {
    update.mutate(
      { id: conversation.id, body },
      {
        onSuccess: () => {
          if (done) toast.success(done);
        },
        onError: (error) => toast.error(errorMessage(error)),
      },
    );
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
    </header>
  );
}
