import { CornerUpLeft } from 'lucide-react';
import { forwardRef, type ReactNode, type Ref } from 'react';
import { Link } from 'react-router';
import type { ConversationListItem as ListConversation } from '../../../../contracts/conversations';
import { SearchSnippet } from './search-snippet';
import { ChannelIcon } from '@/components/channel-icon';
import { cx } from '@/lib/cx';
import { formatDateTime, formatRelative } from '@/lib/format-time';

function preview(conversation: ListConversation): ReactNode {
  if (conversation.match) return <SearchSnippet snippet={conversation.match.snippet} />;
  const last = conversation.lastMessage;
  if (!last) return conversation.subject ?? 'No messages yet';
  const text = last.content.replace(/\s+/g, ' ');
  if (last.private) {
    return (
      <>
        <span className="mr-1 rounded bg-amber-100 px-1 text-[10px] font-semibold text-amber-900 dark:bg-amber-900/60 dark:text-amber-100">Note</span>
        {text}
      </>
    );
  }
  if (last.senderType === 'agent') {
    return (
      <>
        <CornerUpLeft aria-hidden className="mr-1 inline size-3 align-[-2px]" />
        <span className="sr-only">Team: </span>
        {text}
      </>
    );
  }
  return last.senderType === 'ai' ? `AI: ${text}` : text;
}

/**
 * One row of the conversation list: customer, last message (or, for a search hit in a message, its snippet;
 * the link then opens the thread at that message), time, unread count, channel. `index` and `rowRef` are the
 * virtualised list's (the row's position, and the element it measures).
 */
export const ConversationListItem = forwardRef<
  HTMLAnchorElement,
  {
    conversation: ListConversation;
    href: string;
    selected: boolean;
    now: number;
    assigneeName: string | null;
    index?: number;
    rowRef?: Ref<HTMLLIElement>;
  }
>(function ConversationListItem({ conversation, href, selected, now, assigneeName, index, rowRef }, ref) {
  const at = conversation.lastMessageAt ?? conversation.createdAt;
  const unread = conversation.unreadCount > 0;
  return (
    <li ref={rowRef} data-index={index} data-testid="conversation-item" data-conversation-id={conversation.id} data-unread={unread || undefined}>
      <Link
        ref={ref}
        to={conversation.match ? `${href}#message-${conversation.match.messageId}` : href}
        aria-current={selected ? 'page' : undefined}
        className={cx(
          'block border-l-2 px-3 py-2.5 outline-offset-[-2px]',
          selected ? 'border-accent bg-accent-soft/60' : 'border-transparent hover:bg-subtle',
        )}
      >
        <div className="flex items-center gap-1.5">
          <ChannelIcon channel={conversation.channel} />
          <span className={cx('min-w-0 flex-1 truncate', unread ? 'font-semibold text-fg' : 'font-medium text-fg')}>{conversation.customer.name}</span>
          <time dateTime={at} title={formatDateTime(at)} className="shrink-0 text-xs text-muted">
            {formatRelative(at, now)}
          </time>
        </div>
        <div className="mt-0.5 flex items-center gap-2">
          <p className={cx('min-w-0 flex-1 truncate text-xs', unread ? 'text-fg' : 'text-muted')}>{preview(conversation)}</p>
          {unread ? (
            <span
              data-testid="unread-badge"
              aria-label={`${conversation.unreadCount} unread`}
              className="inline-flex h-4.5 min-w-4.5 shrink-0 items-center justify-center rounded-full bg-accent px-1 text-[11px] font-semibold text-accent-fg"
            >
              {conversation.unreadCount > 99 ? '99+' : conversation.unreadCount}
            </span>
          ) : null}
        </div>
        <div className="mt-1 flex items-center gap-1.5 text-[11px] text-muted">
          <span>#{conversation.number}</span>
          {assigneeName ? <span className="truncate">· {assigneeName}</span> : <span>· Unassigned</span>}
          {conversation.aiActive ? <span>· AI</span> : null}
          {conversation.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="truncate rounded bg-subtle px-1 py-px">
              {tag}
            </span>
          ))}
          {conversation.tags.length > 2 ? (
            <span title={conversation.tags.slice(2).join(', ')} className="shrink-0 rounded bg-subtle px-1 py-px">
              +{conversation.tags.length - 2}
              <span className="sr-only"> more tags: {conversation.tags.slice(2).join(', ')}</span>
            </span>
          ) : null}
        </div>
      </Link>
    </li>
  );
});
