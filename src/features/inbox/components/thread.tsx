import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { measureOrKeep, observeRectOrWindow } from './virtual-rows';

/** How many pages of earlier messages a jump to a search hit loads at most. */
const MAX_JUMP_PAGES = 40;
/** A message's usual height (its sender line and two lines of text); each is measured once drawn. */
const ROW_ESTIMATE = 72;
/** The space between messages (the list's space-y-3). */
const GAP = 12;
/** The strip above the messages with the "Load earlier messages" button (h-12). */
const HEADER_HEIGHT = 48;
/** Scrolling to within this many px of the top loads the earlier page. */
const LOAD_EARLIER_WITHIN = 400;

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

  // Only the messages in view (and a few either side) are in the page. The list is anchored at its end: it
  // opens at the newest message, follows new ones while the reader is at the bottom, and keeps the reader's
  // place when earlier pages are added above.
  // eslint-disable-next-line react-hooks/incompatible-library -- the SPA does not use the React Compiler (eslint.config.js)
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    // Off until the first page is there, then starting at the (estimated) end, so the very first frame drawn
    // with messages already shows the newest ones.
    enabled: messages.length > 0,
    initialOffset: () => Math.max(0, HEADER_HEIGHT + messages.length * (ROW_ESTIMATE + GAP) + GAP - (scrollRef.current?.clientHeight ?? 0)),
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => messages[index]!.id,
    gap: GAP,
    paddingStart: HEADER_HEIGHT,
    paddingEnd: GAP,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 48,
    observeElementRect: observeRectOrWindow,
    measureElement: measureOrKeep(ROW_ESTIMATE),
    overscan: 6,
  });
  // A message's day line sits at its top: when an earlier page shows the first message's day already began,
  // its line goes, and a message whose top is above the view changed size above the view (the default keeps
  // the view still only for messages wholly above it).
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => item.start <= (instance.scrollOffset ?? 0);
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0]!.start - HEADER_HEIGHT : 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;

  // Opens at the newest message; a message the reader sends brings them down to it wherever they were.
  const lastMessage = messages[messages.length - 1];
  const opened = useRef(false);
  const lastSeen = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    if (!lastMessage) return;
    if (!opened.current || (lastMessage.pending && lastMessage.id !== lastSeen.current)) virtualizer.scrollToEnd();
    opened.current = true;
    lastSeen.current = lastMessage.id;
  }, [lastMessage, virtualizer]);

  // Opened from a search hit (#message-{id}): earlier pages load until the message is there, then it is
  // scrolled into view and highlighted for a moment.
  const { hash } = useLocation();
  const target = hash.startsWith('#message-') ? decodeURIComponent(hash.slice('#message-'.length)) : null;
  const jumped = useRef<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const highlightTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(highlightTimer.current), []);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const pageCount = query.data?.pages.length ?? 0;
  useEffect(() => {
    if (!target || jumped.current === target || pageCount === 0) return;
    const index = messages.findIndex((m) => m.id === target);
    if (index === -1) {
      if (hasNextPage && !isFetchingNextPage && pageCount < MAX_JUMP_PAGES) void fetchNextPage();
      return;
    }
    jumped.current = target;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setHighlighted(target);
    clearTimeout(highlightTimer.current);
    highlightTimer.current = setTimeout(() => setHighlighted(null), 2500);
  }, [target, messages, pageCount, hasNextPage, isFetchingNextPage, fetchNextPage, virtualizer]);

  // Scrolling up to the top loads the earlier page (the button at the top does the same for keyboards).
  function onScroll() {
    const el = scrollRef.current;
    if (el && el.scrollTop < LOAD_EARLIER_WITHIN && hasNextPage && !isFetchingNextPage && !query.isFetchNextPageError) void fetchNextPage();
  }

  const now = new Date();

  return (
    <>
      <div ref={scrollRef} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto bg-canvas px-4">
        {query.isPending ? (
          <LoadingBlock label="Loading messages" />
        ) : query.isError && !query.data ? (
          <StateMessage title="Could not load the messages" tone="error" action={<Button onClick={() => query.refetch()}>Try again</Button>}>
            {errorMessage(query.error)}
          </StateMessage>
        ) : (
          <>
            {/* Always this tall, so the messages under it never move when the button comes or goes. */}
            <div className="flex h-12 items-center justify-center gap-3">
              {query.hasNextPage ? (
                <Button size="sm" variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  {query.isFetchingNextPage ? 'Loading…' : 'Load earlier messages'}
                </Button>
              ) : null}
              {query.isFetchNextPageError ? <p className="text-xs text-danger">{errorMessage(query.error)}</p> : null}
            </div>
            {messages.length === 0 ? (
              <StateMessage title="No messages yet">{canWrite ? 'Write the first message below.' : 'Messages will appear here.'}</StateMessage>
            ) : (
              <ol aria-label="Thread" className="space-y-3" style={{ paddingTop: padTop, paddingBottom: padBottom }}>
                {items.map((item) => {
                  const message = messages[item.index]!;
                  const previous = messages[item.index - 1];
                  const day = dayKey(message.createdAt);
                  return (
                    <MessageItem
                      key={message.id}
                      ref={virtualizer.measureElement}
                      index={item.index}
                      message={message}
                      senderName={senderName(message)}
                      highlighted={message.id === highlighted}
                      before={
                        previous && dayKey(previous.createdAt) === day ? null : (
                          <div aria-hidden className="flex items-center gap-3 self-stretch py-1 text-[11px] font-medium text-muted">
                            <span className="h-px flex-1 bg-border" />
                            {dayLabel(message.createdAt, now)}
                            <span className="h-px flex-1 bg-border" />
                          </div>
                        )
                      }
                    />
                  );
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
