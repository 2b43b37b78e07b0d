import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { ExternalLink, X } from 'lucide-react';
import { Link, useLocation } from 'react-router';
import type { Customer } from '../../../../contracts/customers';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Spinner } from '@/components/spinner';
import { ChannelIcon } from '@/components/channel-icon';
import { STATUS_LABELS, STATUS_TONES } from '@/components/conversation-status';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { Slot } from '@/lib/slots';
import { conversationListQueryOptions } from '../api/conversations';
import { panelCustomerQueryOptions } from '../api/customer';
import { inboxKeys } from '../api/keys';

function Detail({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="grid grid-cols-[5rem_1fr] gap-2 py-0.5">
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 truncate text-fg" title={value ?? undefined}>
        {value ?? <span className="text-muted">—</span>}
      </dd>
    </div>
  );
}

function CustomerDetails({ customer, wid }: { customer: Customer; wid: string }) {
  return (
    <>
      <div className="flex items-start justify-between gap-2">
        <h3 className="min-w-0 truncate text-sm font-semibold">{customer.name}</h3>
        <Link to={`/w/${wid}/customers/${customer.id}`} className="inline-flex shrink-0 items-center gap-1 text-xs font-medium text-accent hover:underline">
          Profile
          <ExternalLink aria-hidden className="size-3" />
        </Link>
      </div>
      <dl className="mt-2 text-xs">
        <Detail label="Email" value={customer.email} />
        <Detail label="Phone" value={customer.phone} />
        <Detail label="Company" value={customer.company} />
        <Detail label="Since" value={formatDateTime(customer.createdAt)} />
      </dl>
      {customer.tags.length ? (
        <ul aria-label="Customer tags" className="mt-2 flex flex-wrap gap-1">
          {customer.tags.map((tag) => (
            <li key={tag} className="rounded bg-subtle px-1.5 py-0.5 text-xs">
              {tag}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The right panel: who the customer is, what other features show about the conversation, and their other conversations. */
export function CustomerPanel({ wid, customerId, conversationId, onClose }: { wid: string; customerId: string; conversationId: string; onClose: () => void }) {
  const customer = useQuery(panelCustomerQueryOptions(wid, customerId));
  const others = useInfiniteQuery(conversationListQueryOptions(wid, { customerId }, 10));
  const location = useLocation();
  const queryClient = useQueryClient();
  const list = (others.data?.pages.flatMap((p) => p.data) ?? []).filter((c) => c.id !== conversationId);
  const now = Date.now();

  return (
    // Beside the thread from 1280 px; over it (not squeezing it) on narrower screens, covering it on phones.
    <aside
      aria-label="Customer details"
      className="absolute inset-y-0 right-0 z-10 flex w-72 shrink-0 max-md:w-full flex-col overflow-y-auto border-l border-border bg-surface shadow-xl xl:static xl:shadow-none"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="flex justify-end px-2 pt-2 xl:hidden">
        <button type="button" onClick={onClose} aria-label="Hide customer details" className="rounded-md p-1 text-muted hover:bg-subtle hover:text-fg">
          <X aria-hidden className="size-4" />
        </button>
      </div>
      <section className="border-b border-border p-4">
        <h2 className="sr-only">Customer</h2>
        {customer.isPending ? (
          <Spinner label="Loading customer" />
        ) : customer.isError ? (
          <div role="alert" className="text-xs text-danger">
            {customer.error.status === 404 ? 'This customer no longer exists.' : errorMessage(customer.error)}
            {customer.error.status !== 404 ? (
              <Button size="sm" className="mt-2" onClick={() => customer.refetch()}>
                Try again
              </Button>
            ) : null}
          </div>
        ) : (
          <CustomerDetails customer={customer.data} wid={wid} />
        )}
      </section>
      <Slot
        name="conversation.details"
        props={{
          wid,
          conversationId,
          customerId,
          refreshConversation: () => {
            void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(wid, conversationId) });
            void queryClient.invalidateQueries({ queryKey: inboxKeys.detail(wid, conversationId) });
          },
        }}
      />
      <section className="p-4">
        <h2 className="mb-2 text-xs font-semibold tracking-wide text-muted uppercase">Other conversations</h2>
        {others.isPending ? (
          <Spinner label="Loading conversations" />
        ) : others.isError && !others.data ? (
          <div role="alert" className="text-xs text-danger">
            {errorMessage(others.error)}{' '}
            <Button size="sm" className="mt-2" onClick={() => others.refetch()}>
              Try again
            </Button>
          </div>
        ) : list.length === 0 ? (
          <p className="text-xs text-muted">No other conversations.</p>
        ) : (
          <ul className="space-y-1">
            {list.map((c) => (
              <li key={c.id}>
                <Link to={{ pathname: `/w/${wid}/inbox/${c.id}`, search: location.search }} className="block rounded-md px-2 py-1.5 hover:bg-subtle">
                  <span className="flex items-center gap-1.5 text-xs">
                    <ChannelIcon channel={c.channel} />
                    <span className="font-medium">#{c.number}</span>
                    <span className="min-w-0 flex-1 truncate text-muted">{c.subject ?? c.lastMessage?.content ?? 'No messages yet'}</span>
                    <Badge tone={STATUS_TONES[c.status]}>{STATUS_LABELS[c.status]}</Badge>
                  </span>
                  <span className="mt-0.5 block text-[11px] text-muted">{formatRelative(c.lastMessageAt ?? c.createdAt, now)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {others.hasNextPage ? (
          <Button size="sm" variant="ghost" className="mt-2" onClick={() => others.fetchNextPage()} disabled={others.isFetchingNextPage}>
            {others.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </Button>
        ) : null}
      </section>
    </aside>
  );
}
