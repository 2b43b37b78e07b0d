import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useLocation } from 'react-router';
import type { ConversationDetail } from '../../../../contracts/conversations';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { useCurrentUser } from '@/lib/session-store';
import { cannedRepliesQueryOptions, fillCannedReply } from '../api/canned-replies';
import { threadMessages, type ThreadMessage } from '../api/message-cache';
import { messagesQueryOptions, nextOptimisticId, useSendMessage } from '../api/messages';
import { Composer } from './composer';
import { MessageItem } from './message-item';
import { useVisitorTyping } from '../use-visitor-typing';

/** How many pages of earlier messages a jump to a search hit loads at most. */
const MAX_JUMP_PAGES = 40;
const HIGHLIGHT = ['rounded-lg', 'ring-2', 'ring-accent', 'ring-offset-2', 'ring-offset-canvas', 'transition-shadow'];

const dayFormat = new Intl.DateTimeFormat('en', { weekday: 'long', month: 'short', day: 'numeric' });
const dayKey = (iso: string) => new Date(iso).toDateString();

function dayLabel(iso: string, now: Date): string {
  const key = dayKey(iso);
  if (key === now.toDateString()) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (key === yesterday.toDateString()) return 'Yesterday';
  return dayFormat.format(new Date(iso));
}

/** The messages of a conversation, oldest → newest, with "load earlier" and the composer under them. */
export function Thread({
  wid,
  conversation,
  canWrite,
  senderName,
}: {
  wid: string;
  conversation: ConversationDetail;
  canWrite: boolean;
  senderName: (message: ThreadMessage) => string;
}) {
  const query = useInfiniteQuery(messagesQueryOptions(wid, conversation.id));
  const send = useSendMessage(wid, conversation.id);
  const onTyping = useVisitorTyping(conversation.id, conversation.channel === 'web' && conversation.channelId !== null);
  const messages = useMemo(() => threadMessages(query.data), [query.data]);
  const me = useCurrentUser();
  const canned = useQuery({ ...cannedRepliesQueryOptions(wid), enabled: canWrite });
  const scrollRef = useRef<HTMLDivElement | null>(null);

  // Scroll: to the bottom on open and when a message arrives while the reader is at the bottom (or sent it);
  // kept in place when earlier messages are prepended.
  const lastId = messages[messages.length - 1]?.id;
  const firstId = messages[0]?.id;
  const snapshot = useRef<{ firstId?: string; lastId?: string; height: number; top: number; atBottom: boolean }>({ height: 0, top: 0, atBottom: true });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const before = snapshot.current;
    const last = messages[messages.length - 1];
    if (before.lastId === undefined || (lastId !== before.lastId && (before.atBottom || last?.pending))) {
      el.scrollTop = el.scrollHeight;
    } else if (firstId !== before.firstId && lastId === before.lastId) {
      el.scrollTop = before.top + (el.scrollHeight - before.height);
    }
    snapshot.current = {
      firstId,
      lastId,
      height: el.scrollHeight,
      top: el.scrollTop,
      atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 48,
    };
  }, [firstId, lastId, messages]);

  // Opened from a search hit (#message-{id}): earlier pages load until the message is there, then it is
  // scrolled into view and highlighted for a moment.
  const { hash } = useLocation();
  const target = hash.startsWith('#message-') ? decodeURIComponent(hash.slice('#message-'.length)) : null;
  const jumped = useRef<string | null>(null);
  const highlightTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(highlightTimer.current), []);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const pageCount = query.data?.pages.length ?? 0;
  useEffect(() => {
    if (!target || jumped.current === target || pageCount === 0) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(target)}"]`);
    if (!el) {
      if (hasNextPage && !isFetchingNextPage && pageCount < MAX_JUMP_PAGES) void fetchNextPage();
      return;
    }
    jumped.current = target;
    el.scrollIntoView?.({ block: 'center' });
    el.classList.add(...HIGHLIGHT);
    el.setAttribute('data-highlighted', 'true');
    highlightTimer.current = setTimeout(() => {
      el.classList.remove(...HIGHLIGHT);
      el.removeAttribute('data-highlighted');
    }, 2500);
  }, [target, messages, pageCount, hasNextPage, isFetchingNextPage, fetchNextPage]);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    snapshot.current = {
      ...snapshot.current,
      height: el.scrollHeight,
      top: el.scrollTop,
      atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 48,
    };
  }

  const now = new Date();
  let previousDay = '';

  return (
    <>
      <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto bg-canvas px-4 py-3">
        {query.isPending ? (
          <LoadingBlock label="Loading messages" />
        ) : query.isError && !query.data ? (
          <StateMessage title="Could not load the messages" tone="error" action={<Button onClick={() => query.refetch()}>Try again</Button>}>
            {errorMessage(query.error)}
          </StateMessage>
        ) : (
          <>
            {query.hasNextPage ? (
              <div className="mb-3 flex justify-center">
                <Button size="sm" variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  {query.isFetchingNextPage ? 'Loading…' : 'Load earlier messages'}
                </Button>
              </div>
            ) : null}
            {query.isFetchNextPageError ? <p className="mb-3 text-center text-xs text-danger">{errorMessage(query.error)}</p> : null}
            {messages.length === 0 ? (
              <StateMessage title="No messages yet">{canWrite ? 'Write the first message below.' : 'Messages will appear here.'}</StateMessage>
            ) : (
              <ol aria-label="Thread" className="space-y-3">
                {messages.map((message) => {
                  const day = dayKey(message.createdAt);
                  const divider = day !== previousDay;
                  previousDay = day;
                  return [
                    divider ? (
                      <li key={`day-${day}`} aria-hidden className="flex items-center gap-3 py-1 text-[11px] font-medium text-muted">
                        <span className="h-px flex-1 bg-border" />
                        {dayLabel(message.createdAt, now)}
                        <span className="h-px flex-1 bg-border" />
                      </li>
                    ) : null,
                    <MessageItem key={message.id} message={message} senderName={senderName(message)} />,
                  ];
                })}
              </ol>
            )}
          </>
        )}
      </div>
      {canWrite ? (
        <Composer
          sending={send.isPending}
          error={send.isError ? errorMessage(send.error) : null}
          onSend={(input) => send.mutateAsync({ ...input, tempId: nextOptimisticId() })}
          onTyping={onTyping}
          draftKey={`switchboard:draft:${me.id}:${wid}:${conversation.id}`}
          cannedReplies={canned.data?.data}
          fillCannedReply={(content) =>
            fillCannedReply(content, { customerName: conversation.customer.name, agentName: me.name, conversationNumber: conversation.number })
          }
        />
      ) : (
        <p className="border-t border-border bg-surface px-4 py-3 text-xs text-muted">You have read-only access to this workspace.</p>
      )}
    </>
  );
}
