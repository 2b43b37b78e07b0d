// `/w/:wid/inbox[/:conversationId]`: the live inbox. Conversation list | thread | customer panel.
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Inbox } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { useWorkspaceRole } from '@/lib/workspace';
import type { ConversationDetail } from '../../../../contracts/conversations';
import { onConversationDeleted } from '../api/conversation-cache';
import { conversationListQueryOptions, useUpdateConversation } from '../api/conversations';
import { inboxKeys } from '../api/keys';
import { ConversationListPane } from '../components/conversation-list-pane';
import { ConversationView } from '../components/conversation-view';
import { readInboxFilters, toApiFilters, writeInboxFilters, type InboxFilters } from '../inbox-filters';
import { canDeleteConversations, canWriteInbox } from '../permissions';
import { nextAfterClosing } from '../next-conversation';
import { offerConversationUndo, UNDO_TOAST_POSITION } from '../undo';
import { useInboxShortcuts } from '../use-inbox-shortcuts';
import { useWorkspaceMembers } from '../use-members';
import { useNow } from '../use-now';

export function InboxPage() {
  const { wid = '', conversationId } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => readInboxFilters(params), [params]);
  const role = useWorkspaceRole(wid);
  const canWrite = canWriteInbox(role);
  const canDelete = canDeleteConversations(role);
  const queryClient = useQueryClient();
  const { members, byId: memberNames } = useWorkspaceMembers(wid);
  const now = useNow();
  const searchRef = useRef<HTMLInputElement | null>(null);
  // The customer panel sits beside the thread from 1280 px; on narrower screens it opens on demand.
  const [detailsOpen, setDetailsOpen] = useState(() => typeof window === 'undefined' || window.innerWidth >= 1280);

  const list = useInfiniteQuery(conversationListQueryOptions(wid, toApiFilters(filters)));
  const conversations = useMemo(() => {
    const seen = new Set<string>();
    return (list.data?.pages.flatMap((p) => p.data) ?? []).filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  }, [list.data]);

  const search = params.toString();
  const hrefFor = useCallback((id: string) => `/w/${wid}/inbox/${id}${search ? `?${search}` : ''}`, [wid, search]);
  const onFiltersChange = useCallback((next: InboxFilters) => setParams(writeInboxFilters(next), { replace: true }), [setParams]);

  const update = useUpdateConversation(wid);
  const index = conversations.findIndex((c) => c.id === conversationId);
  const listHref = `/w/${wid}/inbox${search ? `?${search}` : ''}`;

  // Someone else deleted the conversation open here: say so and go back to the list.
  useEffect(
    () =>
      onConversationDeleted((deleted) => {
        if (deleted.wid !== wid || deleted.id !== conversationId) return;
        toast.info(`${deleted.number ? `Conversation #${deleted.number}` : 'This conversation'} was deleted by a teammate`, { position: UNDO_TOAST_POSITION });
        navigate(listHref, { replace: true });
      }),
    [wid, conversationId, listHref, navigate],
  );

  useInboxShortcuts({
    next: () => {
      const target = conversations[index + 1];
      if (target) navigate(hrefFor(target.id));
      if (index + 2 >= conversations.length && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
    },
    previous: () => {
      const target = index === -1 ? conversations[0] : conversations[index - 1];
      if (target) navigate(hrefFor(target.id));
    },
    // `e`: close the open conversation and move on to the next in the list (below it, else above it, else
    // the empty state), with an Undo toast.
    close: () => {
      if (!conversationId || !canWrite) return;
      const id = conversationId;
      const before = queryClient.getQueryData<ConversationDetail>(inboxKeys.detail(wid, id)) ?? conversations[index];
      const target = nextAfterClosing(conversations, id);
      navigate(target ? hrefFor(target.id) : listHref);
      // mutateAsync, not mutate: each press of a quick `e e e` gets its own answer (and toast, or error).
      void update.mutateAsync({ id, body: { status: 'closed' } }).then(
        (detail) =>
          offerConversationUndo(
            queryClient,
            wid,
            before ?? { ...detail, status: 'open', snoozedUntil: null },
            { status: 'closed' },
            {
              assigneeName: (userId) => memberNames.get(userId) ?? 'a former member',
            },
          ),
        (error: unknown) => toast.error(errorMessage(error)),
      );
    },
    focusSearch: () => searchRef.current?.focus(),
  });

  return (
    <>
      <title>Inbox · Switchboard</title>
      {/* Full-bleed: the layout pads its pages; the inbox's panes run edge to edge. Phones show one screen at a
          time (the list, or the open conversation with a Back link); from `md` the list sits beside the thread. */}
      <div className="-mx-4 -my-4 flex h-[calc(100%+2rem)] min-h-0 md:-mx-8 md:-my-6 md:h-[calc(100%+3rem)]">
        <ConversationListPane
          filters={filters}
          onFiltersChange={onFiltersChange}
          query={list}
          conversations={conversations}
          selectedId={conversationId}
          hrefFor={hrefFor}
          now={now}
          assigneeName={(id) => (id ? (memberNames.get(id) ?? 'Former member') : null)}
          searchRef={searchRef}
        />
        {/* The list (and its heading) is hidden on phones while a conversation is open. */}
        {conversationId ? <h1 className="sr-only md:hidden">Inbox</h1> : null}
        {conversationId ? (
          <ConversationView
            key={conversationId}
            wid={wid}
            conversationId={conversationId}
            canWrite={canWrite}
            canDelete={canDelete}
            members={members}
            memberNames={memberNames}
            listUnread={conversations[index]?.unreadCount ?? 0}
            detailsOpen={detailsOpen}
            onDetailsOpenChange={setDetailsOpen}
          />
        ) : (
          <div className="flex min-w-0 flex-1 items-center justify-center bg-canvas max-md:hidden">
            <StateMessage title="No conversation selected">
              <Inbox aria-hidden className="mx-auto mb-2 size-6" />
              Pick one from the list, or press <kbd className="rounded border border-border px-1">j</kbd> and{' '}
              <kbd className="rounded border border-border px-1">k</kbd> to move through them.
            </StateMessage>
          </div>
        )}
      </div>
    </>
  );
}
