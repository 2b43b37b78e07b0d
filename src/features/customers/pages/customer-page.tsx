// `/w/:wid/customers/:customerId`: one customer (a client of the CRM): their contact and client details, the
// projects they are the client of, and every conversation with them.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ArrowLeft, MessageSquarePlus, Pencil, Trash } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { ChannelIcon } from '@/components/channel-icon';
import { STATUS_LABELS, STATUS_TONES } from '@/components/conversation-status';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime, formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { customerConversationsQueryOptions, customerQueryOptions } from '../api';
import { CustomerFormDialog } from '../components/customer-form-dialog';
import { CustomerProjects } from '../components/customer-projects';
import { CustomerStatusBadge } from '../components/customer-status';
import { DeleteCustomerDialog } from '../components/delete-customer-dialog';
import { NewConversationDialog } from '../components/new-conversation-dialog';

function Field({ label, children, wrap = false }: { label: string; children: ReactNode; wrap?: boolean }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      {/* Multi-line values (address, notes) keep their line breaks and wrap long words. */}
      <dd className={wrap ? 'mt-0.5 break-words whitespace-pre-line' : 'mt-0.5 truncate'}>{children}</dd>
    </div>
  );
}

export function CustomerPage() {
  const { wid = '', customerId = '' } = useParams();
  const navigate = useNavigate();
  const role = useWorkspaceRole(wid);
  const canWrite = hasRole(role, 'agent');
  const canDelete = hasRole(role, 'admin');

  const customer = useQuery(customerQueryOptions(wid, customerId));
  const conversations = useInfiniteQuery(customerConversationsQueryOptions(wid, customerId));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // `?new=conversation` (the command palette's "New conversation with …") opens the new conversation dialog,
  // also when the palette was used on this very page; closing it drops the parameter.
  const [searchParams, setSearchParams] = useSearchParams();
  const [startingHere, setStartingHere] = useState(false);
  const starting = startingHere || searchParams.get('new') === 'conversation';
  const setStarting = (open: boolean) => {
    setStartingHere(open);
    if (!open && searchParams.has('new'))
      setSearchParams(
        (params) => {
          params.delete('new');
          return params;
        },
        { replace: true },
      );
  };
  const back = (
    <Link to={`/w/${wid}/customers`} className="mb-3 inline-flex items-center gap-1 text-xs font-medium text-muted hover:text-fg">
      <ArrowLeft aria-hidden className="size-3.5" />
      Customers
    </Link>
  );

  if (customer.isPending) return <LoadingBlock label="Loading customer" />;
  if (customer.isError && !customer.data) {
    if (customer.error.status === 404 || customer.error.code === 'validation_failed') {
      return (
        <>
          {back}
          <StateMessage title="Customer not found">They may have been deleted.</StateMessage>
        </>
      );
    }
    return (
      <StateMessage title="Could not load this customer" tone="error" action={<Button onClick={() => customer.refetch()}>Try again</Button>}>
        {errorMessage(customer.error)}
      </StateMessage>
    );
  }

  const c = customer.data;
  const list = conversations.data?.pages.flatMap((p) => p.data) ?? [];
  const now = Date.now();

  return (
    <>
      <title>{`${c.name} · Customers · Switchboard`}</title>
      {back}
      <div className="mb-5 flex items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex items-center gap-2 text-lg font-semibold tracking-tight">
            <span className="truncate">{c.name}</span>
            <CustomerStatusBadge status={c.status} />
          </h1>
          <p className="mt-0.5 text-sm text-muted">
            <span className="font-mono text-xs">{c.code}</span>
            {(c.company ?? c.email) ? ` · ${c.company ?? c.email}` : null}
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          {canWrite ? (
            <>
              <Button onClick={() => setEditing(true)}>
                <Pencil aria-hidden className="size-3.5" />
                Edit
              </Button>
              {canDelete ? (
                <Button variant="secondary" onClick={() => setDeleting(true)} className="text-danger">
                  <Trash aria-hidden className="size-3.5" />
                  Delete
                </Button>
              ) : null}
              <Button variant="primary" onClick={() => setStarting(true)}>
                <MessageSquarePlus aria-hidden className="size-4" />
                New conversation
              </Button>
            </>
          ) : null}
        </div>
      </div>

      <div className="grid grid-cols-[minmax(0,18rem)_minmax(0,1fr)] items-start gap-4">
        <Card title="Details">
          <dl className="space-y-3 text-sm">
            <Field label="Code">
              <span className="font-mono">{c.code}</span>
            </Field>
            <Field label="Status">
              <CustomerStatusBadge status={c.status} />
            </Field>
            <Field label="Email">
              {c.email ? (
                <a href={`mailto:${c.email}`} className="text-accent hover:underline">
                  {c.email}
                </a>
              ) : (
                '—'
              )}
            </Field>
            <Field label="Phone">{c.phone ?? '—'}</Field>
            <Field label="Company">{c.company ?? '—'}</Field>
            <Field label="Address" wrap>
              {c.address ?? '—'}
            </Field>
            <Field label="Tax ID">{c.taxId ?? '—'}</Field>
            <Field label="Tags">
              {c.tags.length ? (
                <span className="flex flex-wrap gap-1">
                  {c.tags.map((t) => (
                    <Link key={t} to={`/w/${wid}/customers?tag=${encodeURIComponent(t)}`} className="rounded bg-subtle px-1.5 py-0.5 text-xs hover:bg-border">
                      {t}
                    </Link>
                  ))}
                </span>
              ) : (
                '—'
              )}
            </Field>
            <Field label="Notes" wrap>
              {c.notes ?? '—'}
            </Field>
            <Field label="Added">{formatDateTime(c.createdAt)}</Field>
            <Field label="Updated">{formatDateTime(c.updatedAt)}</Field>
          </dl>
        </Card>

        <div className="space-y-4">
          <CustomerProjects wid={wid} customerId={c.id} />
          <Card title="Conversations">
            {conversations.isPending ? (
              <LoadingBlock label="Loading conversations" />
            ) : conversations.isError && !conversations.data ? (
              <StateMessage title="Could not load conversations" tone="error" action={<Button onClick={() => conversations.refetch()}>Try again</Button>}>
                {errorMessage(conversations.error)}
              </StateMessage>
            ) : list.length === 0 ? (
              <StateMessage title="No conversations yet">{canWrite ? 'Start one with “New conversation”.' : null}</StateMessage>
            ) : (
              <ul className="-m-4 divide-y divide-border">
                {list.map((conversation) => (
                  <li key={conversation.id} data-testid="customer-conversation">
                    <Link
                      to={`/w/${wid}/inbox/${conversation.id}${conversation.status === 'open' ? '' : `?status=${conversation.status}`}`}
                      className="flex items-center gap-3 px-4 py-2.5 hover:bg-subtle"
                    >
                      <ChannelIcon channel={conversation.channel} />
                      <span className="w-12 shrink-0 text-xs text-muted">#{conversation.number}</span>
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium">{conversation.subject ?? 'No subject'}</span>
                        <span className="block truncate text-xs text-muted">{conversation.lastMessage?.content ?? 'No messages yet'}</span>
                      </span>
                      {conversation.unreadCount > 0 ? <Badge tone="accent">{conversation.unreadCount} unread</Badge> : null}
                      <Badge tone={STATUS_TONES[conversation.status]}>{STATUS_LABELS[conversation.status]}</Badge>
                      <span className="w-24 shrink-0 text-right text-xs text-muted">
                        {formatRelative(conversation.lastMessageAt ?? conversation.createdAt, now)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            {conversations.hasNextPage ? (
              <div className="mt-6 flex justify-center">
                <Button size="sm" onClick={() => conversations.fetchNextPage()} disabled={conversations.isFetchingNextPage}>
                  {conversations.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              </div>
            ) : null}
          </Card>
        </div>
      </div>

      <CustomerFormDialog wid={wid} open={editing} onOpenChange={setEditing} customer={c} />
      {canDelete ? (
        <DeleteCustomerDialog
          wid={wid}
          customer={c}
          open={deleting}
          onOpenChange={setDeleting}
          onDeleted={() => navigate(`/w/${wid}/customers`, { replace: true })}
        />
      ) : null}
      <NewConversationDialog wid={wid} customerId={c.id} open={starting && canWrite} onOpenChange={setStarting} />
    </>
  );
}
