// `/w/:wid/orders/:orderId`: one order. Its items at the prices of the day it was made, its customer and
// conversation, its status with the moves it allows, and its payment: amounts, a payment link, refunds and the
// payment timeline. Live: order.updated and payment.updated refresh it (src/features/orders/order-cache.ts).
import { useQuery } from '@tanstack/react-query';
import { ArrowLeft, MessageSquare, UserRound } from 'lucide-react';
import { Link, useParams } from 'react-router';
import type { Order } from '../../../../contracts/orders';
import { Button } from '@/components/button';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { orderQueryOptions } from '../api';
import { OrderStatusActions } from '../components/order-status-actions';
import { PaymentPanel } from '../components/payment-panel';
import { StatusBadge } from '../components/status-badge';
import { ORDER_STATUS_LABELS } from '../labels';
import { formatMoney } from '@/lib/money';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function OrderPage() {
  const { wid = '', orderId = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const order = useQuery(orderQueryOptions(wid, orderId));
  const back = (
    <Link to={`/w/${wid}/orders`} className="inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
      <ArrowLeft aria-hidden className="size-3.5" />
      Orders
    </Link>
  );

  if (order.isPending) return <LoadingBlock label="Loading the order" />;
  if (order.isError) {
    return order.error.status === 404 || order.error.code === 'validation_failed' ? (
      <StateMessage title="Order not found" level={1} action={back}>
        It may have been made in another workspace, or the address is wrong.
      </StateMessage>
    ) : (
      <StateMessage title="Could not load the order" tone="error" level={1} action={<Button onClick={() => order.refetch()}>Try again</Button>}>
        {errorMessage(order.error)}
      </StateMessage>
    );
  }

  const data = order.data;
  const status = ORDER_STATUS_LABELS[data.status];
  return (
    <div className="max-w-6xl">
      <title>{`Order #${data.number} · Switchboard`}</title>
      <div className="mb-2">{back}</div>
      <div className="mb-5 flex flex-wrap items-end justify-between gap-4">
        <div>
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold tracking-tight">Order #{data.number}</h1>
            <StatusBadge tone={status.tone}>
              <span className="sr-only">Status: </span>
              {status.label}
            </StatusBadge>
          </div>
          <p className="mt-0.5 text-sm text-muted">
            Created {dateFormat.format(new Date(data.createdAt))} · {formatMoney(data.total, data.currency)}
          </p>
        </div>
        {hasRole(role, 'agent') ? <OrderStatusActions wid={wid} order={data} /> : null}
      </div>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-5">
          <Items order={data} />
          <PaymentPanel wid={wid} order={data} canTakePayment={hasRole(role, 'agent')} canRefund={hasRole(role, 'admin')} />
        </div>
        <div className="space-y-5">
          <section aria-labelledby="customer-heading" className="rounded-lg border border-border bg-surface p-4">
            <h2 id="customer-heading" className="mb-2 text-sm font-semibold">
              Customer
            </h2>
            {data.customer ? (
              <Link to={`/w/${wid}/customers/${data.customer.id}`} className="inline-flex items-center gap-2 text-sm font-medium text-accent hover:underline">
                <UserRound aria-hidden className="size-4" />
                {data.customer.name}
              </Link>
            ) : (
              <p className="text-sm text-muted">No customer on this order.</p>
            )}
            {data.conversationId ? (
              <p className="mt-3">
                <Link to={`/w/${wid}/inbox/${data.conversationId}`} className="inline-flex items-center gap-2 text-sm text-accent hover:underline">
                  <MessageSquare aria-hidden className="size-4" />
                  Open the conversation
                </Link>
              </p>
            ) : null}
          </section>
          {data.notes ? (
            <section aria-labelledby="notes-heading" className="rounded-lg border border-border bg-surface p-4">
              <h2 id="notes-heading" className="mb-2 text-sm font-semibold">
                Notes
              </h2>
              <p className="text-sm whitespace-pre-wrap">{data.notes}</p>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function Items({ order }: { order: Order }) {
  const money = (amount: number) => formatMoney(amount, order.currency);
  return (
    <section aria-labelledby="items-heading" className="overflow-hidden rounded-lg border border-border bg-surface">
      <h2 id="items-heading" className="border-b border-border px-4 py-3 text-sm font-semibold">
        Items
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[32rem] text-left text-sm">
          <thead className="border-b border-border bg-subtle text-xs text-muted">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Product
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Unit price
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Quantity
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {order.items.map((item) => (
              <tr key={`${item.productId}:${item.sku}`} data-testid="order-item">
                <td className="px-4 py-2">
                  <span className="block font-medium">{item.name}</span>
                  <span className="font-mono text-xs text-muted">{item.sku}</span>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{money(item.unitPrice)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{item.quantity}</td>
                <td className="px-4 py-2 text-right tabular-nums">{money(item.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t border-border">
            <tr>
              <th scope="row" colSpan={3} className="px-3 pt-3 pb-1 text-right font-normal text-muted">
                Subtotal
              </th>
              <td className="px-4 pt-3 pb-1 text-right tabular-nums">{money(order.subtotal)}</td>
            </tr>
            <tr>
              <th scope="row" colSpan={3} className="px-3 pt-1 pb-3 text-right font-semibold">
                Total
              </th>
              <td className="px-4 pt-1 pb-3 text-right font-semibold tabular-nums">{money(order.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
