// `/w/:wid/customers`: the people the business talks to. Search (name, email, phone, company), a tag filter,
// create, edit, delete (admins), and each customer's page.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Pencil, Plus, Search, Trash, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Customer } from '../../../../contracts/customers';
import { Button } from '@/components/button';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useWorkspaceRole } from '@/lib/workspace';
import { customerListQueryOptions } from '../api';
import { CustomerFormDialog } from '../components/customer-form-dialog';
import { DeleteCustomerDialog } from '../components/delete-customer-dialog';

const searchClass = 'block h-8 w-full rounded-md border border-border-strong bg-surface pl-7 pr-2.5 text-sm text-fg placeholder:text-muted';

export function CustomersPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const role = useWorkspaceRole(wid);
  const canWrite = hasRole(role, 'agent');
  const canDelete = hasRole(role, 'admin');

  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const [search, setSearch] = useState(q);
  const [tagDraft, setTagDraft] = useState(tag);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const debouncedTag = useDebouncedValue(tagDraft.trim(), 300);

  useEffect(() => {
    if (debouncedSearch === q && debouncedTag === tag) return;
    const next = new URLSearchParams();
    if (debouncedSearch) next.set('q', debouncedSearch);
    if (debouncedTag) next.set('tag', debouncedTag);
    setParams(next, { replace: true });
  }, [debouncedSearch, debouncedTag, q, tag, setParams]);

  const list = useInfiniteQuery(customerListQueryOptions(wid, { q, tag }));
  const customers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Customer | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  const now = Date.now();
  const filtered = Boolean(q || tag);

  return (
    <>
      <title>Customers · Switchboard</title>
      <PageHeader
        title="Customers"
        description="Everyone your team talks to, across channels."
        actions={
          canWrite ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus aria-hidden className="size-4" />
              New customer
            </Button>
          ) : null
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label className="relative block w-72">
          <span className="sr-only">Search customers</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name, email, phone or company"
            maxLength={200}
            className={searchClass}
          />
        </label>
        <label className="relative block w-44">
          <span className="sr-only">Filter by tag</span>
          <span aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-xs text-muted">
            #
          </span>
          <input value={tagDraft} onChange={(e) => setTagDraft(e.target.value)} placeholder="Tag" maxLength={40} className={searchClass} />
        </label>
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch('');
              setTagDraft('');
            }}
          >
            <X aria-hidden className="size-3.5" />
            Clear filters
          </Button>
        ) : null}
      </div>

      <div className="overflow-hidden rounded-lg border border-border bg-surface">
        {list.isPending ? (
          <LoadingBlock label="Loading customers" />
        ) : list.isError && !list.data ? (
          <StateMessage title="Could not load customers" tone="error" action={<Button onClick={() => list.refetch()}>Try again</Button>}>
            {errorMessage(list.error)}
          </StateMessage>
        ) : customers.length === 0 ? (
          <StateMessage
            title={filtered ? 'No matches' : 'No customers yet'}
            action={
              !filtered && canWrite ? (
                <Button variant="primary" onClick={() => setCreating(true)}>
                  <Plus aria-hidden className="size-4" />
                  New customer
                </Button>
              ) : null
            }
          >
            {filtered ? 'No customer matches your search.' : 'Customers appear here when they write in, or when you add them.'}
          </StateMessage>
        ) : (
          <table className="w-full table-fixed text-left text-sm">
            <thead className="border-b border-border bg-subtle text-xs text-muted">
              <tr>
                <th scope="col" className="w-[18%] px-3 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="w-[22%] px-3 py-2 font-medium">
                  Email
                </th>
                <th scope="col" className="w-[12%] px-3 py-2 font-medium">
                  Phone
                </th>
                <th scope="col" className="w-[14%] px-3 py-2 font-medium">
                  Company
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Tags
                </th>
                <th scope="col" className="w-32 px-3 py-2 font-medium">
                  Added
                </th>
                {canWrite ? (
                  <th scope="col" className="w-20 px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {customers.map((customer) => (
                <tr key={customer.id} data-testid="customer-row" className="hover:bg-subtle/60">
                  <td className="truncate px-3 py-2">
                    <Link to={`/w/${wid}/customers/${customer.id}`} className="font-medium text-fg hover:text-accent hover:underline">
                      {customer.name}
                    </Link>
                  </td>
                  <td className="truncate px-3 py-2 text-muted">{customer.email ?? '—'}</td>
                  <td className="truncate px-3 py-2 text-muted">{customer.phone ?? '—'}</td>
                  <td className="truncate px-3 py-2 text-muted">{customer.company ?? '—'}</td>
                  <td className="overflow-hidden px-3 py-1.5">
                    <span className="flex flex-wrap gap-1">
                      {customer.tags.map((t) => (
                        <button
                          key={t}
                          type="button"
                          onClick={() => setTagDraft(t)}
                          title={`Show customers tagged ${t}`}
                          className="max-w-full truncate rounded bg-subtle px-1.5 py-0.5 text-xs text-fg hover:bg-border"
                        >
                          {t}
                        </button>
                      ))}
                    </span>
                  </td>
                  <td className="truncate px-3 py-2 text-xs text-muted">{formatRelative(customer.createdAt, now)}</td>
                  {canWrite ? (
                    <td className="px-2 py-1.5">
                      <span className="flex justify-end gap-0.5">
                        <button
                          type="button"
                          onClick={() => setEditing(customer)}
                          aria-label={`Edit ${customer.name}`}
                          className="rounded p-1.5 text-muted hover:bg-border hover:text-fg"
                        >
                          <Pencil aria-hidden className="size-3.5" />
                        </button>
                        {canDelete ? (
                          <button
                            type="button"
                            onClick={() => setDeleting(customer)}
                            aria-label={`Delete ${customer.name}`}
                            className="rounded p-1.5 text-muted hover:bg-danger-soft hover:text-danger"
                          >
                            <Trash aria-hidden className="size-3.5" />
                          </button>
                        ) : null}
                      </span>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <LoadMore list={list} />

      <CustomerFormDialog wid={wid} open={creating} onOpenChange={setCreating} onSaved={(c) => navigate(`/w/${wid}/customers/${c.id}`)} />
      <CustomerFormDialog wid={wid} open={editing !== null} onOpenChange={(open) => !open && setEditing(null)} {...(editing ? { customer: editing } : {})} />
      <DeleteCustomerDialog wid={wid} customer={deleting} open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)} />
    </>
  );
}
