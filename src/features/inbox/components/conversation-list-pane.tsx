import { useQuery, type UseInfiniteQueryResult, type InfiniteData } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Search } from 'lucide-react';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { Link, useParams } from 'react-router';
import { CHANNELS, type Channel, type ConversationList, type ConversationListItem as ListConversation } from '../../../../contracts/conversations';
import { Button } from '@/components/button';
import { CHANNEL_LABELS } from '@/components/channel-icon';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage, type ApiError } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { hasRole } from '@/lib/roles';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useWorkspaceRole } from '@/lib/workspace';
import { conversationCountsQueryOptions } from '../api/conversations';
import { ASSIGNEE_VIEWS, toApiFilters, type AssigneeView, type InboxFilters } from '../inbox-filters';
import { ConversationListItem } from './conversation-list-item';
import { LiveIndicator } from './live-indicator';
import { SavedViewsBar } from './saved-views-bar';
import { StatusTabs } from './status-tabs';
import { measureOrKeep, observeRectOrWindow } from './virtual-rows';

/** Where conversations come from: the Channels settings page (admins and owners; others are told whom to ask). */
function ConnectChannelLinks() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  if (role === undefined) return null;
  if (!hasRole(role, 'admin')) return <p className="mt-2">An admin of this workspace connects the channels customers write from.</p>;
  const to = `/w/${wid}/settings/channels`;
  return (
    <p className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1">
      <Link to={to} className="font-medium text-accent underline-offset-2 hover:underline">
        Connect a channel
      </Link>
      <Link to={to} className="font-medium text-accent underline-offset-2 hover:underline">
        Install the chat widget
      </Link>
    </p>
  );
}

const ASSIGNEE_LABELS: Record<AssigneeView, string> = { mine: 'Mine', unassigned: 'Unassigned', all: 'All' };

/** A row's usual height (three lines); each row is measured once drawn. */
const ROW_ESTIMATE = 79;
/** The next page loads once the rows drawn come this close to the end of the loaded ones. */
const LOAD_AHEAD = 10;

export interface ConversationListPaneProps {
  filters: InboxFilters;
  onFiltersChange: (next: InboxFilters) => void;
  query: UseInfiniteQueryResult<InfiniteData<ConversationList>, ApiError>;
  conversations: ListConversation[];
  selectedId: string | undefined;
  hrefFor: (id: string) => string;
  now: number;
  assigneeName: (id: string | null) => string | null;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** The left pane: status tabs, filters, search and the conversations, newest activity first. */
export function ConversationListPane({
  filters,
  onFiltersChange,
  query,
  conversations,
  selectedId,
  hrefFor,
  now,
  assigneeName,
  searchRef,
}: ConversationListPaneProps) {
  const panelId = useId();
  const { wid = '' } = useParams();
  const counts = useQuery({ ...conversationCountsQueryOptions(wid, toApiFilters(filters)), enabled: Boolean(wid) && !filters.q.trim() });
  const [search, setSearch] = useState(filters.q);
  const debounced = useDebouncedValue(search, 300);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  useEffect(() => {
    if (debounced.trim() !== filtersRef.current.q.trim()) onFiltersChange({ ...filtersRef.current, q: debounced });
  }, [debounced, onFiltersChange]);

  // The URL changed from elsewhere (back button): the box follows.
  useEffect(() => {
    setSearch((current) => (current.trim() === filters.q.trim() ? current : filters.q));
  }, [filters.q]);

  // Only the rows in view (and a few either side) are in the page, so thousands scroll as smoothly as ten.
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the SPA does not use the React Compiler (eslint.config.js)
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => conversations[index]!.id,
    observeElementRect: observeRectOrWindow,
    measureElement: measureOrKeep(ROW_ESTIMATE),
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;

  // The open conversation is scrolled into view when it changes (j and k) and once it is first in the list.
  const selectedIndex = selectedId ? conversations.findIndex((c) => c.id === selectedId) : -1;
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!selectedId || selectedIndex === -1 || scrolledTo.current === selectedId) return;
    scrolledTo.current = selectedId;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex, virtualizer]);

  // Scrolling near the end loads the next page (the button below does the same for keyboards).
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const lastDrawn = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastDrawn >= conversations.length - LOAD_AHEAD) void fetchNextPage();
  }, [lastDrawn, conversations.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section
      aria-label="Conversations"
      className={cx('flex w-full shrink-0 flex-col border-border bg-surface md:w-76 md:border-r xl:w-80', selectedId && 'max-md:hidden')}
    >
      <div className="flex items-center justify-between gap-2 px-3 pt-3 pb-2">
        <h1 className="text-base font-semibold tracking-tight">Inbox</h1>
        <LiveIndicator />
      </div>
      <div className="px-3 pb-2">
        <label className="relative block">
          <span className="sr-only">Search conversations</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            ref={searchRef}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') e.currentTarget.blur();
            }}
            placeholder="Search…"
            aria-keyshortcuts="/"
            maxLength={200}
            className="block h-8 w-full rounded-md border border-border-strong bg-surface pr-8 pl-7 text-sm text-fg placeholder:text-muted"
          />
          <kbd aria-hidden className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-border px-1 text-[10px] text-muted">
            /
          </kbd>
        </label>
      </div>
      <div className="flex items-center gap-2 px-3 pb-2">
        <div role="group" aria-label="Show conversations" className="inline-flex rounded-md border border-border-strong p-0.5">
          {ASSIGNEE_VIEWS.map((view) => (
            <button
              key={view}
              type="button"
              aria-pressed={filters.assignee === view}
              onClick={() => onFiltersChange({ ...filters, assignee: view })}
              className={cx('rounded px-1.5 py-0.5 text-xs font-medium', filters.assignee === view ? 'bg-subtle text-fg' : 'text-muted hover:text-fg')}
            >
              {ASSIGNEE_LABELS[view]}
            </button>
          ))}
        </div>
        <button
          type="button"
          aria-pressed={filters.unread}
          onClick={() => onFiltersChange({ ...filters, unread: !filters.unread })}
          className={cx(
            'rounded-md border border-border-strong px-1.5 py-0.5 text-xs font-medium',
            filters.unread ? 'bg-subtle text-fg' : 'text-muted hover:text-fg',
          )}
        >
          Unread
        </button>
        <select
          aria-label="Channel"
          value={filters.channel ?? ''}
          onChange={(e) => onFiltersChange({ ...filters, channel: (e.target.value || null) as Channel | null })}
          className="h-7 min-w-0 flex-1 rounded-md border border-border-strong bg-surface px-1.5 text-xs text-fg"
        >
          <option value="">All channels</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABELS[channel]}
            </option>
          ))}
        </select>
      </div>
      <SavedViewsBar wid={wid} filters={filters} onFiltersChange={onFiltersChange} />
      {/* A search looks through every status, so the tabs step aside while there is text in the box. */}
      {filters.q ? (
        <p className="border-b border-border px-3 pb-2 text-xs text-muted">Results from every status</p>
      ) : (
        <StatusTabs value={filters.status} onChange={(status) => onFiltersChange({ ...filters, status })} panelId={panelId} counts={counts.data} />
      )}
      <div
        id={panelId}
        role={filters.q ? 'region' : 'tabpanel'}
        aria-label={filters.q ? 'Search results' : undefined}
        aria-labelledby={filters.q ? undefined : `${panelId}-tab-${filters.status}`}
        aria-busy={query.isFetching}
        ref={scrollRef}
        className="min-h-0 flex-1 overflow-y-auto"
      >
        {query.isPending ? (
          <LoadingBlock label="Loading conversations" />
        ) : query.isError && !query.data ? (
          <StateMessage title="Could not load conversations" tone="error" action={<Button onClick={() => query.refetch()}>Try again</Button>}>
            {errorMessage(query.error)}
          </StateMessage>
        ) : conversations.length === 0 ? (
          <StateMessage title={filters.q ? 'No matches' : 'No conversations here'}>
            {filters.q ? 'No conversation matches your search and filters.' : 'Conversations with this status and filters will appear here.'}
            {filters.q || filters.channel ? null : <ConnectChannelLinks />}
          </StateMessage>
        ) : (
          <>
            {/* Every row has its own bottom border (not a divider between siblings), so all measure alike. */}
            <ul className="[&>li]:border-b [&>li]:border-border" style={{ paddingTop: padTop, paddingBottom: padBottom }}>
              {items.map((item) => {
                const conversation = conversations[item.index]!;
                return (
                  <ConversationListItem
                    key={conversation.id}
                    index={item.index}
                    rowRef={virtualizer.measureElement}
                    conversation={conversation}
                    href={hrefFor(conversation.id)}
                    selected={conversation.id === selectedId}
                    now={now}
                    assigneeName={assigneeName(conversation.assigneeId)}
                  />
                );
              })}
            </ul>
            {query.hasNextPage ? (
              <div className="flex justify-center p-3">
                <Button size="sm" variant="ghost" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              </div>
            ) : null}
            {query.isFetchNextPageError ? (
              <p role="alert" className="px-3 pb-3 text-xs text-danger">
                {errorMessage(query.error)}
              </p>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}
