// `/w/:wid/customers`: the people the business talks to, who are also the CRM's clients. Search (name, email,
// phone, company, code), a tag and a status filter and the sort live in the address (a view can be shared and
// survives a reload); the list loads more by cursor. Agents create, edit and import; admins delete; everyone
// exports what the filters show.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Pencil, Plus, Search, Trash, Upload, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useUrlParams } from '@/lib/use-url-params';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES, type Customer } from '../../../../contracts/customers';
import { Button } from '@/components/button';
import { ExportCsvButton } from '@/components/export-csv-button';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { SortHeader } from '@/components/sort-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useWorkspaceRole } from '@/lib/workspace';
import { customerListQueryOptions, exportCustomersCsv } from '../api';
import { CustomerFormDialog } from '../components/customer-form-dialog';
import { CUSTOMER_STATUS_LABELS, CustomerStatusBadge } from '../components/customer-status';
import { DeleteCustomerDialog } from '../components/delete-customer-dialog';
import { ImportCustomersDialog } from '../components/import-customers-dialog';
import type { CustomerFilters, CustomerSort, CustomerStatus } from '../keys';

const DEFAULT_SORT: CustomerSort = '-createdAt';
const isSort = (sort: string): sort is CustomerSort => (CUSTOMER_SORTS as readonly string[]).includes(sort.replace(/^-/, ''));
const isStatus = (status: string): status is CustomerStatus => (CUSTOMER_STATUSES as readonly string[]).includes(status);

/** The list's query from the address; an unknown status or sort is ignored (the default sort is not written). */
function readFilters(params: URLSearchParams): CustomerFilters {
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? '';
  return {
    q: params.get('q') ?? '',
    tag: params.get('tag') ?? '',
    ...(isStatus(status) ? { status } : {}),
    ...(isSort(sort) && sort !== DEFAULT_SORT ? { sort } : {}),
  };
}

export function CustomersPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const [params, update] = useUrlParams();
  const role = useWorkspaceRole(wid);
  const canWrite = hasRole(role, 'agent');
  const canDelete = hasRole(role, 'admin');

  const filters = readFilters(params);
  const sort = filters.sort ?? DEFAULT_SORT;
  const [search, setSearch] = useState(filters.q ?? '');
  const [tagDraft, setTagDraft] = useState(filters.tag ?? '');
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const debouncedTag = useDebouncedValue(tagDraft.trim(), 300);

  const onSort = (next: string) => update({ sort: next === DEFAULT_SORT ? null : next });

  useEffect(() => {
    if (debouncedSearch === (filters.q ?? '') && debouncedTag === (filters.tag ?? '')) return;
    update({ q: debouncedSearch || null, tag: debouncedTag || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the typed values once they settle
  }, [debouncedSearch, debouncedTag]);

  const list = useInfiniteQuery(customerListQueryOptions(wid, filters));
  const customers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Customer | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  const [importing, setImporting] = useState(false);
  const now = Date.now();
  const filtered = Boolean(filters.q || filters.tag || filters.status);

  const newButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden className="size-4" />
      New customer
    </Button>
  );

  return (
    <>
      <title>Customers · Switchboard</title>
      <PageHeader
        title="Customers"
        description="Your clients: everyone your team talks to, across channels, and the projects you run for them."
        actions={
          <div className="flex flex-wrap justify-end gap-2">
            <ExportCsvButton load={() => exportCustomersCsv(wid, filters)} name={'customers'} />
            {canWrite ? (
              <>
                <Button onClick={() => setImporting(true)}>
                  <Upload aria-hidden className="size-4" />
                  Import CSV
                </Button>
                {newButton}
              </>
            ) : null}
          </div>
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label className="relative block w-80">
          <span className="sr-only">Search customers</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Name, email, phone, company, code"
            maxLength={200}
            className={cx(inputClass, 'pl-7')}
          />
        </label>
        <label className="relative block w-44">
          <span className="sr-only">Filter by tag</span>
          <span aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-xs text-muted">
            #
          </span>
          <input value={tagDraft} onChange={(e) => setTagDraft(e.target.value)} placeholder="Tag" maxLength={40} className={cx(inputClass, 'pl-6')} />
        </label>
        <div role="group" aria-label="Status" className="inline-flex h-8 items-center rounded-md border border-border-strong bg-surface p-0.5 text-sm">
          {([undefined, ...CUSTOMER_STATUSES] as const).map((status) => {
            const selected = filters.status === status;
            return (
              <button
                key={status ?? 'all'}
                type="button"
                aria-pressed={selected}
                onClick={() => update({ status: status ?? null })}
                className={cx('h-full rounded px-2.5 text-xs font-medium', selected ? 'bg-subtle text-fg' : 'text-muted hover:text-fg')}
              >
                {status ? CUSTOMER_STATUS_LABELS[status] : 'All'}
              </button>
            );
          })}
        </div>
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch('');
              setTagDraft('');
              update({ q: null, tag: null, status: null });
            }}
          >
            <X aria-hidden className="size-3.5" />
            Clear filters
          </Button>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        {list.isPending ? (
          <LoadingBlock label="Loading customers" />
        ) : list.isError && !list.data ? (
          <StateMessage title="Could not load customers" tone="error" action={<Button onClick={() => list.refetch()}>Try again</Button>}>
            {errorMessage(list.error)}
          </StateMessage>
        ) : customers.length === 0 ? (
          <StateMessage title={filtered ? 'No matches' : 'No customers yet'} action={!filtered && canWrite ? newButton : null}>
            {filtered ? 'No customer matches these filters.' : 'Customers appear here when they write in, or when you add or import them.'}
          </StateMessage>
        ) : (
          <table className="w-full min-w-[44rem] table-fixed text-left text-sm">
            <caption className="sr-only">Customers</caption>
            {/* Fixed widths for the short columns; name, email and company share the rest (tags and added from xl, phone from 2xl). */}
            <thead className="border-b border-border bg-subtle text-xs text-muted">
              <tr>
                <SortHeader label="Code" field="code" sort={sort} onSort={onSort} className="w-24" />
                <SortHeader label="Name" field="name" sort={sort} onSort={onSort} />
                <SortHeader label="Email" field="email" sort={sort} onSort={onSort} />
                <th scope="col" className="hidden w-36 px-3 py-2 font-medium 2xl:table-cell">
                  Phone
                </th>
                <SortHeader label="Company" field="company" sort={sort} onSort={onSort} />
                <th scope="col" className="hidden w-40 px-3 py-2 font-medium xl:table-cell">
                  Tags
                </th>
                <th scope="col" className="w-24 px-3 py-2 font-medium">
                  Status
                </th>
                <SortHeader label="Added" field="createdAt" sort={sort} onSort={onSort} firstDescending className="hidden w-28 xl:table-cell" />
                {canWrite ? (
                  <th scope="col" className="w-20 px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {customers.map((customer) => (
                <tr key={customer.id} data-testid="customer-row" data-status={customer.status} className="hover:bg-subtle/60">
                  <td className="truncate px-3 py-2 font-mono text-xs text-muted">{customer.code}</td>
                  <td className="truncate px-3 py-2">
                    <Link
                      to={`/w/${wid}/customers/${customer.id}`}
                      className={cx('font-medium hover:text-accent hover:underline', customer.status === 'inactive' ? 'text-muted' : 'text-fg')}
                    >
                      {customer.name}
                    </Link>
                  </td>
                  <td className="truncate px-3 py-2 text-muted">{customer.email ?? '—'}</td>
                  <td className="hidden truncate px-3 py-2 text-muted 2xl:table-cell">{customer.phone ?? '—'}</td>
                  <td className="truncate px-3 py-2 text-muted">{customer.company ?? '—'}</td>
                  <td className="hidden overflow-hidden px-3 py-1.5 xl:table-cell">
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
                  <td className="px-3 py-2">
                    <CustomerStatusBadge status={customer.status} />
                  </td>
                  <td className="hidden truncate px-3 py-2 text-xs text-muted xl:table-cell">{formatRelative(customer.createdAt, now)}</td>
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

      {canWrite ? (
        <>
          <CustomerFormDialog wid={wid} open={creating} onOpenChange={setCreating} onSaved={(c) => navigate(`/w/${wid}/customers/${c.id}`)} />
          <CustomerFormDialog
            wid={wid}
            open={editing !== null}
            onOpenChange={(open) => !open && setEditing(null)}
            {...(editing ? { customer: editing } : {})}
          />
          <ImportCustomersDialog wid={wid} open={importing} onOpenChange={setImporting} />
        </>
      ) : null}
      {canDelete ? <DeleteCustomerDialog wid={wid} customer={deleting} open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)} /> : null}
    </>
  );
}
