// `/w/:wid/orders`: every order, newest first by default. Status, payment status and search (number or
// customer) filter it and the sort follows the column headers, all in the address; the list loads more by
// cursor, exports what the filters show as CSV and stays live (order.created, order.updated).
import { useInfiniteQuery } from '@tanstack/react-query';
import { Search, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useUrlParams } from '@/lib/use-url-params';
import { ORDER_PAYMENT_STATUSES, ORDER_STATUSES, type Order } from '../../../../contracts/orders';
import { Button } from '@/components/button';
import { ExportCsvButton } from '@/components/export-csv-button';
import { LoadMore } from '@/components/load-more';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { inputClass } from '@/components/text-field';
import { errorMessage } from '@/lib/api-error';
import { cx } from '@/lib/cx';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { exportOrdersCsv, orderListQueryOptions } from '../api';
import { SortHeader } from '@/components/sort-header';
import { StatusBadge } from '../components/status-badge';
import type { OrderFilters, OrderSort } from '../keys';
import { ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from '../labels';
import { formatMoney } from '@/lib/money';

const DEFAULT_SORT: OrderSort = '-createdAt';
const SORTS = ['number', 'total', 'createdAt'];
const isSort = (sort: string): sort is OrderSort => SORTS.includes(sort.replace(/^-/, ''));
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

function readFilters(params: URLSearchParams): OrderFilters {
  const sort = params.get('sort') ?? '';
  const status = oneOf(ORDER_STATUSES, params.get('status'));
  const paymentStatus = oneOf(ORDER_PAYMENT_STATUSES, params.get('paymentStatus'));
  const customerId = params.get('customerId');
  const conversationId = params.get('conversationId');
  return {
    q: params.get('q') ?? '',
    ...(status ? { status } : {}),
    ...(paymentStatus ? { paymentStatus } : {}),
    ...(customerId ? { customerId } : {}),
    ...(conversationId ? { conversationId } : {}),
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

const itemCount = (order: Order) => order.items.reduce((sum, item) => sum + item.quantity, 0);

export function OrdersPage() {
  const { wid = '' } = useParams();
  const navigate = useNavigate();
  const [params, update] = useUrlParams();
  const filters = readFilters(params);
  const sort = filters.sort ?? DEFAULT_SORT;
  const [search, setSearch] = useState(filters.q ?? '');
  const debouncedSearch = useDebouncedValue(search.trim(), 300);

  const onSort = (next: string) => update({ sort: next === DEFAULT_SORT ? null : next });

  useEffect(() => {
    if (debouncedSearch !== (filters.q ?? '')) update({ q: debouncedSearch || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the typed text once it settles
  }, [debouncedSearch]);

  const list = useInfiniteQuery(orderListQueryOptions(wid, { ...filters, sort: sort === DEFAULT_SORT ? undefined : sort }));
  const orders = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Boolean(filters.q || filters.status || filters.paymentStatus || filters.customerId || filters.conversationId);
  const now = Date.now();

  return (
    <>
      <title>Orders · Switchboard</title>
      <PageHeader
        title="Orders"
        description="What customers bought, and where each order and its payment stand."
        actions={<ExportCsvButton load={() => exportOrdersCsv(wid, filters)} name={'orders'} />}
      />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <label className="relative block w-72">
          <span className="sr-only">Search orders</span>
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2 size-3.5 -translate-y-1/2 text-muted" />
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Order number or customer"
            maxLength={200}
            className={cx(inputClass, 'pl-7')}
          />
        </label>
        <label className="block w-40">
          <span className="sr-only">Status</span>
          <select value={filters.status ?? ''} onChange={(e) => update({ status: e.target.value || null })} className={inputClass}>
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ORDER_STATUS_LABELS[s].label}
              </option>
            ))}
          </select>
        </label>
        <label className="block w-48">
          <span className="sr-only">Payment status</span>
          <select value={filters.paymentStatus ?? ''} onChange={(e) => update({ paymentStatus: e.target.value || null })} className={inputClass}>
            <option value="">Any payment status</option>
            {ORDER_PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PAYMENT_STATUS_LABELS[s].label}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch('');
              update({ q: null, status: null, paymentStatus: null, customerId: null, conversationId: null });
            }}
          >
            <X aria-hidden className="size-3.5" />
            {filters.customerId || filters.conversationId ? 'Show all orders' : 'Clear filters'}
          </Button>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-lg border border-border bg-surface">
        {list.isPending ? (
          <LoadingBlock label="Loading orders" />
        ) : list.isError && !list.data ? (
          <StateMessage title="Could not load orders" tone="error" action={<Button onClick={() => list.refetch()}>Try again</Button>}>
            {errorMessage(list.error)}
          </StateMessage>
        ) : orders.length === 0 ? (
          <StateMessage title={filtered ? 'No matches' : 'No orders yet'}>
            {filtered
              ? 'No order matches these filters.'
              : 'Orders appear here when your team takes one in a conversation or a customer fills in an order form.'}
          </StateMessage>
        ) : (
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Orders</caption>
            <thead className="border-b border-border bg-subtle text-xs text-muted">
              <tr>
                <SortHeader label="Order" field="number" sort={sort} onSort={onSort} firstDescending className="w-24" />
                <th scope="col" className="px-3 py-2 font-medium">
                  Customer
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Items
                </th>
                <SortHeader label="Total" field="total" sort={sort} onSort={onSort} firstDescending align="right" className="text-right" />
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Payment
                </th>
                <SortHeader label="Created" field="createdAt" sort={sort} onSort={onSort} firstDescending />
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {orders.map((order) => {
                const to = `/w/${wid}/orders/${order.id}`;
                const count = itemCount(order);
                return (
                  <tr
                    key={order.id}
                    data-testid="order-row"
                    onClick={(event) => {
                      // The number is the row's link (keyboard, middle click); a click anywhere else in the row opens it too.
                      if (!(event.target as HTMLElement).closest('a')) navigate(to);
                    }}
                    className="cursor-pointer hover:bg-subtle/60"
                  >
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Link to={to} className="font-medium text-fg hover:text-accent hover:underline">
                        #{order.number}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      <div className="max-w-44 truncate xl:max-w-72">{order.customer?.name ?? <span className="text-muted">No customer</span>}</div>
                    </td>
                    <td className="px-3 py-2 text-right text-muted tabular-nums">
                      {count} {count === 1 ? 'item' : 'items'}
                    </td>
                    <td className="px-3 py-2 text-right font-medium whitespace-nowrap tabular-nums">{formatMoney(order.total, order.currency)}</td>
                    <td className="px-3 py-2">
                      <StatusBadge tone={ORDER_STATUS_LABELS[order.status].tone}>{ORDER_STATUS_LABELS[order.status].label}</StatusBadge>
                    </td>
                    <td className="px-3 py-2">
                      <StatusBadge tone={PAYMENT_STATUS_LABELS[order.paymentStatus].tone}>{PAYMENT_STATUS_LABELS[order.paymentStatus].label}</StatusBadge>
                    </td>
                    <td className="px-3 py-2 text-xs whitespace-nowrap text-muted" title={dateFormat.format(new Date(order.createdAt))}>
                      {relativeOrDate(order.createdAt, now)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <LoadMore list={list} />
    </>
  );
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const shortDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

/** "3 hours ago" within a day, else the date. */
function relativeOrDate(iso: string, now: number): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Math.abs(seconds) < 60) return 'just now';
  if (Math.abs(seconds) < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return shortDate.format(new Date(iso));
}
