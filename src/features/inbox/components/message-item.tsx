import { Lock } from 'lucide-react';
import type { ReactNode, Ref } from 'react';
import { Link, useParams } from 'react-router';
import type { ThreadMessage } from '../api/message-cache';
import { cx } from '@/lib/cx';
import { formatDateTime } from '@/lib/format-time';
import { LinkifiedText } from '@/lib/linkify';
import { formatMoney } from '@/lib/money';
import { DeliveryStatus } from './delivery-status';
import { MessageAttachments } from './message-attachments';

const timeFormat = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });
const HIGHLIGHT = 'rounded-lg ring-2 ring-accent ring-offset-2 ring-offset-canvas transition-shadow';

interface MessageItemProps {
  message: ThreadMessage;
  senderName: string;
  /** Drawn at the top of the item (the thread's day line). */
  before?: ReactNode;
  /** For a moment after a jump to this message (a search hit). */
  highlighted?: boolean;
  /** The virtualised thread's: the item's position, and the element it measures. */
  index?: number;
  ref?: Ref<HTMLLIElement>;
}

/**
 * One message of the thread: the customer's on the left, the team's (agents, AI) on the right, private notes
 * in amber with a "Private note" label, system lines centred. Web addresses in a message are links.
 */
export function MessageItem({ message, senderName, before, highlighted, index, ref }: MessageItemProps) {
  const rowProps = { ref, 'data-index': index, 'data-testid': 'message', 'data-message-id': message.id, 'data-highlighted': highlighted || undefined };
  if (message.senderType === 'system') {
    return (
      <li {...rowProps} className={cx('py-1 text-center text-xs text-muted', highlighted && HIGHLIGHT)}>
        {before}
        {message.event?.type === 'order.paid' ? <OrderPaidLine message={message} /> : message.content} ·{' '}
        <time dateTime={message.createdAt}>{timeFormat.format(new Date(message.createdAt))}</time>
      </li>
    );
  }
  const outgoing = message.senderType !== 'customer';
  const note = message.private;
  return (
    <li
      {...rowProps}
      data-private={note || undefined}
      data-pending={message.pending || undefined}
      className={cx('flex flex-col gap-0.5', outgoing ? 'items-end' : 'items-start', message.pending && 'opacity-70', highlighted && HIGHLIGHT)}
    >
      {before}
      <div className="flex items-center gap-1.5 px-1 text-[11px] text-muted">
        <span className="font-medium text-fg">{senderName}</span>
        {message.senderType === 'ai' ? (
          <span aria-hidden className="rounded bg-subtle px-1 text-[10px] font-semibold tracking-wide text-fg">
            AI
          </span>
        ) : null}
        <span aria-hidden>·</span>
        {message.pending ? (
          <span>Sending…</span>
        ) : (
          <time dateTime={message.createdAt} title={formatDateTime(message.createdAt)}>
            {timeFormat.format(new Date(message.createdAt))}
          </time>
        )}
        {outgoing && !note && !message.pending && message.delivery ? (
          <>
            <span aria-hidden>·</span>
            <DeliveryStatus messageId={message.id} conversationId={message.conversationId} delivery={message.delivery} />
          </>
        ) : null}
      </div>
      <div
        className={cx(
          'max-w-[min(36rem,85%)] rounded-lg border px-3 py-2 text-sm break-words whitespace-pre-wrap',
          note
            ? 'border-amber-300 bg-warning-soft text-warning-soft-fg dark:border-amber-700'
            : outgoing
              ? 'border-transparent bg-accent-soft text-accent-soft-fg'
              : 'border-border bg-surface text-fg',
        )}
      >
        {note ? (
          <p className="mb-1 flex items-center gap-1 text-[11px] font-semibold tracking-wide uppercase">
            <Lock aria-hidden className="size-3" />
            Private note
          </p>
        ) : null}
        {message.content ? <LinkifiedText text={message.content} /> : null}
        {message.attachments.length > 0 ? <MessageAttachments attachments={message.attachments} /> : null}
      </div>
    </li>
  );
}

/** "Order #1042 paid · $54.00", the order's number a link to it; the stored sentence when the data is not whole. */
function OrderPaidLine({ message }: { message: ThreadMessage }) {
  const { wid } = useParams();
  const { orderId, number, total, currency } = message.event?.data ?? {};
  if (!wid || typeof orderId !== 'string' || typeof number !== 'number' || typeof total !== 'number' || typeof currency !== 'string') return message.content;
  return (
    <>
      <Link to={`/w/${wid}/orders/${orderId}`} className="font-medium text-fg underline-offset-2 hover:underline">
        Order #{number}
      </Link>{' '}
      paid · {formatMoney(total, currency)}
    </>
  );
}
