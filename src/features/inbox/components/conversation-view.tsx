import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { useCurrentUser } from '@/lib/session-store';
import { setViewedConversation } from '../api/conversation-cache';
import { conversationQueryOptions, useMarkRead } from '../api/conversations';
import type { ThreadMessage } from '../api/message-cache';
import type { MemberOption } from '../use-members';
import { ConversationHeader } from './conversation-header';
import { CustomerPanel } from './customer-panel';
import { Thread } from './thread';

/** The open conversation: header controls, the thread and composer, and the customer panel. */
export function ConversationView({
  wid,
  conversationId,
  canWrite,
  canDelete = false,
  members,
  memberNames,
  listUnread,
  detailsOpen,
  onDetailsOpenChange,
}: {
  wid: string;
  conversationId: string;
  canWrite: boolean;
  /** Admins and owners: the header's menu offers Delete. */
  canDelete?: boolean;
  members: MemberOption[];
  memberNames: Map<string, string>;
  /** The unread count the list shows for it (may be newer than the cached detail). */
  listUnread: number;
  /** The customer panel, kept open or closed across conversations by the page. */
  detailsOpen: boolean;
  onDetailsOpenChange: (open: boolean) => void;
}) {
  const me = useCurrentUser();
  const detail = useQuery(conversationQueryOptions(wid, conversationId));
  const { mutate: markRead } = useMarkRead(wid);
  useEffect(() => {
    setViewedConversation({ wid, id: conversationId });
    return () => setViewedConversation(null);
  }, [wid, conversationId]);

  // Opening a conversation with unread messages marks them read; so does a new one arriving while it is open.
  // One attempt per (conversation, last message), so a refused request is not retried in a loop. Viewers
  // may not mark read (agent+), so their unread counts stay for the team.
  const attempted = useRef<string | null>(null);
  const conversation = detail.data;
  const unread = Math.max(conversation?.unreadCount ?? 0, listUnread);
  const attemptKey = conversation ? `${conversation.id}:${conversation.lastMessageAt ?? ''}:${listUnread}` : null;
  useEffect(() => {
    if (!canWrite || !conversation || unread === 0 || attempted.current === attemptKey) return;
    attempted.current = attemptKey;
    markRead(conversation.id);
  }, [canWrite, conversation, unread, attemptKey, markRead]);

  if (detail.isPending) return <LoadingBlock label="Loading conversation" />;
  if (detail.isError) {
    if (detail.error.status === 404 || detail.error.code === 'validation_failed') {
      return (
        <StateMessage
          title="Conversation not found"
          action={
            <Link to={`/w/${wid}/inbox`} className="font-medium text-accent hover:underline">
              Back to the inbox
            </Link>
          }
        >
          It may have been deleted.
        </StateMessage>
      );
    }
    return (
      <StateMessage title="Could not load this conversation" tone="error" action={<Button onClick={() => detail.refetch()}>Try again</Button>}>
        {errorMessage(detail.error)}
      </StateMessage>
    );
  }

  const data = detail.data;
  const senderName = (message: ThreadMessage): string => {
    if (message.senderType === 'customer') return data.customer.name;
    if (message.senderType === 'ai') return 'AI assistant';
    if (message.senderType === 'system') return 'System';
    if (message.senderId === me.id) return 'You';
    return (message.senderId && memberNames.get(message.senderId)) ?? 'Agent';
  };

  return (
    <div className="relative flex min-w-0 flex-1">
      <section aria-label={`Conversation with ${data.customer.name}`} className="flex min-w-0 flex-1 flex-col">
        <ConversationHeader
          wid={wid}
          conversation={data}
          canWrite={canWrite}
          canDelete={canDelete}
          members={members}
          detailsOpen={detailsOpen}
          onToggleDetails={() => onDetailsOpenChange(!detailsOpen)}
        />
        <Thread wid={wid} conversation={data} canWrite={canWrite} senderName={senderName} />
      </section>
      {detailsOpen ? <CustomerPanel wid={wid} customerId={data.customer.id} conversationId={data.id} onClose={() => onDetailsOpenChange(false)} /> : null}
    </div>
  );
}
