// "Orders" in the inbox's conversation panel (slot conversation.details): the customer's orders, newest first,
// kept live by order and payment events (an order turns Paid when Stripe's webhook lands), with "New order"
// and "Send payment link" for agents and up.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import type { Order } from '../../../../contracts/orders';
import { Button } from '@/components/button';
import { Spinner } from '@/components/spinner';
import { errorMessage } from '@/lib/api-error';
import type { SlotProps } from '@/lib/feature';
import { formatRelative } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { canAskForPayment, customerOrdersQueryOptions, useSendPaymentLink } from '../api';
import { formatMoney } from '@/lib/money';
import { NewOrderDialog } from './new-order-dialog';
import { OrderStatusBadge, PaymentStatusBadge } from './order-badges';

export function ConversationOrders({ wid, conversationId, customerId, refreshConversation }: SlotProps['conversation.details']) {
  const canWrite = hasRole(useWorkspaceRole(wid), 'agent');
  const orders = useInfiniteQuery(customerOrdersQueryOptions(wid, customerId));
  const [creating, setCreating] = useState(false);
  const headingId = useId();
  const list = orders.data?.pages.flatMap((page) => page.data) ?? [];
  const now = Date.now();

  return (
    <section aria-labelledby={headingId} className="border-b border-border p-4">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-xs font-semibold tracking-wide text-muted uppercase">
          Orders
        </h2>
        {canWrite ? (
          <Button size="sm" variant="ghost" className="-my-1 -mr-2" onClick={() => setCreating(true)}>
            <Plus aria-hidden className="size-3.5" />
            New order
          </Button>
        ) : null}
      </div>
      {orders.isPending ? (
        <Spinner label="Loading orders" />
      ) : orders.isError && !orders.data ? (
        <div role="alert" className="text-xs text-danger">
          {errorMessage(orders.error)}{' '}
          <Button size="sm" className="mt-2" onClick={() => orders.refetch()}>
            Try again
          </Button>
        </div>
      ) : list.length === 0 ? (
        <p className="text-xs text-muted">No orders yet.</p>
      ) : (
        <ul className="-mx-2 space-y-1">
          {list.map((order) => (
            <OrderRow key={order.id} wid={wid} order={order} now={now} conversationId={conversationId} canWrite={canWrite} onLinkSent={refreshConversation} />
          ))}
        </ul>
      )}
      {orders.hasNextPage ? (
        <Button size="sm" variant="ghost" className="mt-2" onClick={() => orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          {orders.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </Button>
      ) : null}
      {canWrite ? (
        <NewOrderDialog
          wid={wid}
          customerId={customerId}
          conversationId={conversationId}
          open={creating}
          onOpenChange={setCreating}
          onLinkSent={refreshConversation}
        />
      ) : null}
    </section>
  );
}

function OrderRow({
  wid,
  order,
  now,
  conversationId,
  canWrite,
  onLinkSent,
}: {
  wid: string;
  order: Order;
  now: number;
  conversationId: string;
  canWrite: boolean;
  onLinkSent: () => void;
}) {
  const send = useSendPaymentLink(wid);
  const items = order.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <li data-testid="conversation-order" className="rounded-md px-2 py-1.5 hover:bg-subtle">
      <div className="flex items-baseline justify-between gap-2 text-xs">
        <Link to={`/w/${wid}/orders/${order.id}`} className="font-medium text-accent hover:underline">
          Order #{order.number}
        </Link>
        <span className="font-medium tabular-nums">{formatMoney(order.total, order.currency)}</span>
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-1">
        <OrderStatusBadge status={order.status} />
        <PaymentStatusBadge status={order.paymentStatus} />
      </div>
      <p className="mt-1 text-[11px] text-muted">
        {items === 1 ? '1 item' : `${items} items`} · {formatRelative(order.createdAt, now)}
      </p>
      {canWrite && canAskForPayment(order) ? (
        <div className="mt-1">
          <Button
            size="sm"
            variant="secondary"
            disabled={send.isPending}
            onClick={() =>
              send.mutate(
                { orderId: order.id, conversationId },
                {
                  onSuccess: () => {
                    toast.success(`Payment link for order #${order.number} sent to the conversation`);
                    onLinkSent();
                  },
                },
              )
            }
          >
            {send.isPending ? 'Sending…' : 'Send payment link'} <span className="sr-only">for order #{order.number}</span>
          </Button>
          {send.isSuccess ? (
            <p role="status" className="mt-1 text-xs text-muted">
              Link sent to the conversation.
            </p>
          ) : null}
          {send.isError ? (
            <p role="alert" className="mt-1 text-xs text-danger">
              {errorMessage(send.error)}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
