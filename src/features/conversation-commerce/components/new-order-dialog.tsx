// "New order" from a conversation: pick active products (searched by name or SKU) with quantities bounded by
// their stock, in one currency, add notes, and create the order for the conversation's customer. The dialog
// makes one Idempotency-Key per opening, so a double click (or a retry after a lost answer) makes one order.
// Once created it offers to send the payment link into the conversation.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { ORDER_MAX_ITEMS, type Order } from '../../../../contracts/orders';
import type { Product } from '../../../../contracts/products';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { FormError } from '@/components/form-error';
import { Spinner } from '@/components/spinner';
import { inputClass } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { productSearchQueryOptions, useCreateOrder, useSendPaymentLink } from '../api';
import { formatMoney } from '@/lib/money';
import { newIdempotencyKey } from '../idempotency-key';
import { QuantityStepper } from './quantity-stepper';

/** The most a line may ask for when stock is not tracked (the API's limit per item). */
const UNTRACKED_MAX = 10_000;

interface Line {
  product: Product;
  quantity: number;
}

const maxFor = (product: Product) => product.stock ?? UNTRACKED_MAX;

function stockLabel(product: Product): string {
  if (product.stock === null) return 'Not tracked';
  if (product.stock === 0) return 'Out of stock';
  return `${product.stock} in stock`;
}

export interface NewOrderDialogProps {
  wid: string;
  customerId: string;
  conversationId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** After the payment link was posted into the conversation. */
  onLinkSent: () => void;
}

export function NewOrderDialog({ open, onOpenChange, ...props }: NewOrderDialogProps) {
  const [created, setCreated] = useState<Order | null>(null);
  const close = () => {
    setCreated(null);
    onOpenChange(false);
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title={created ? `Order #${created.number} created` : 'New order'}
      description={created ? undefined : 'Pick products for this customer; prices come from the catalogue.'}
      className="max-h-[78vh] w-[min(38rem,calc(100vw-2rem))] overflow-y-auto"
    >
      {created ? (
        <CreatedStep order={created} {...props} onClose={close} />
      ) : (
        // Mounted per opening: a fresh cart and a fresh Idempotency-Key each time.
        <OrderForm {...props} onCreated={setCreated} />
      )}
    </Dialog>
  );
}

function OrderForm({
  wid,
  customerId,
  conversationId,
  onCreated,
}: Omit<NewOrderDialogProps, 'open' | 'onOpenChange' | 'onLinkSent'> & { onCreated: (order: Order) => void }) {
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim(), 250);
  const products = useQuery({ ...productSearchQueryOptions(wid, search), placeholderData: keepPreviousData });
  const [lines, setLines] = useState<Line[]>([]);
  const [notes, setNotes] = useState('');
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const create = useCreateOrder(wid);
  const searchId = useId();
  const notesId = useId();

  const currency = lines[0]?.product.currency ?? null;
  const total = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
  const quantityOf = (id: string) => lines.find((line) => line.product.id === id)?.quantity ?? 0;

  const setQuantity = (product: Product, quantity: number) => {
    setLineErrors(({ [product.id]: _dropped, ...rest }) => rest);
    setLines((current) => {
      const bounded = Math.max(0, Math.min(maxFor(product), quantity));
      const existing = current.some((line) => line.product.id === product.id);
      if (bounded === 0) return current.filter((line) => line.product.id !== product.id);
      if (existing) return current.map((line) => (line.product.id === product.id ? { product: line.product, quantity: bounded } : line));
      return [...current, { product, quantity: bounded }];
    });
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    if (lines.length === 0 || create.isPending) return;
    const items = lines.map((line) => ({ productId: line.product.id, quantity: line.quantity }));
    create.mutate(
      { body: { customerId, conversationId, items, ...(notes.trim() ? { notes: notes.trim() } : {}) }, idempotencyKey },
      {
        onSuccess: onCreated,
        onError: (error) => {
          // 409 out_of_stock and 422 name the items by position (`items.2.productId`): show each on its line.
          const byLine: Record<string, string> = {};
          if (error instanceof ApiError) {
            for (const detail of error.details) {
              const index = /^items\.(\d+)/.exec(detail.path)?.[1];
              const line = index === undefined ? undefined : lines[Number(index)];
              if (line) byLine[line.product.id] ??= detail.message;
            }
          }
          setLineErrors(byLine);
        },
      },
    );
  }

  const results = products.data?.data ?? [];
  const formError = create.error ? errorMessage(create.error) : null;

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <div className="space-y-1">
        <label htmlFor={searchId} className="block text-xs font-medium text-fg">
          Products
        </label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted" />
          <input
            id={searchId}
            type="search"
            value={q}
            placeholder="Search by name or SKU"
            onChange={(event) => setQ(event.target.value)}
            // Enter searches (it already does as you type); it must not create the order.
            onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
            className={`${inputClass} pl-8`}
          />
        </div>
      </div>
      <div className="max-h-60 overflow-y-auto rounded-md border border-border" aria-busy={products.isFetching}>
        {products.isPending ? (
          <div className="flex justify-center py-6">
            <Spinner label="Loading products" />
          </div>
        ) : products.isError ? (
          <div role="alert" className="space-y-2 p-3 text-sm text-danger">
            <p>{errorMessage(products.error)}</p>
            <Button size="sm" onClick={() => products.refetch()}>
              Try again
            </Button>
          </div>
        ) : results.length === 0 ? (
          <p className="p-3 text-sm text-muted">{search ? 'No active product matches.' : 'No active products yet.'}</p>
        ) : (
          <ul aria-label="Products" className="divide-y divide-border">
            {results.map((product) => {
              const quantity = quantityOf(product.id);
              const otherCurrency = currency !== null && product.currency !== currency;
              const outOfStock = product.stock === 0;
              const full = quantity === 0 && lines.length >= ORDER_MAX_ITEMS;
              return (
                <li key={product.id} className="flex items-center gap-3 px-3 py-2" aria-disabled={otherCurrency || outOfStock || undefined}>
                  <div className={`min-w-0 flex-1 ${otherCurrency || outOfStock ? 'opacity-60' : ''}`}>
                    <p className="truncate text-sm font-medium">{product.name}</p>
                    <p className="truncate text-xs text-muted">
                      <span>{product.sku}</span> · <span className="tabular-nums">{formatMoney(product.price, product.currency)}</span> ·{' '}
                      <span className={outOfStock ? 'font-medium text-danger' : undefined}>{stockLabel(product)}</span>
                      {otherCurrency ? <span> · In {product.currency.toUpperCase()}: one currency per order</span> : null}
                    </p>
                  </div>
                  {quantity > 0 ? (
                    <QuantityStepper name={product.name} value={quantity} max={maxFor(product)} onChange={(next) => setQuantity(product, next)} />
                  ) : (
                    <Button size="sm" onClick={() => setQuantity(product, 1)} disabled={outOfStock || otherCurrency || full} aria-label={`Add ${product.name}`}>
                      Add
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>

      <section aria-label="This order" className="rounded-md border border-border bg-subtle/50">
        {lines.length === 0 ? (
          <p className="px-3 py-2.5 text-sm text-muted">No items yet: add products above.</p>
        ) : (
          <ul className="divide-y divide-border">
            {lines.map(({ product, quantity }) => (
              <li key={product.id} className="px-3 py-2">
                <div className="flex items-center gap-3">
                  <span className="min-w-0 flex-1 truncate text-sm">{product.name}</span>
                  <QuantityStepper name={product.name} value={quantity} max={maxFor(product)} onChange={(next) => setQuantity(product, next)} />
                  <span className="w-20 text-right text-sm tabular-nums">{formatMoney(product.price * quantity, product.currency)}</span>
                </div>
                {lineErrors[product.id] ? <p className="mt-1 text-xs text-danger">{lineErrors[product.id]}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <div className="flex items-center justify-between border-t border-border px-3 py-2 text-sm font-semibold">
          <span>Total</span>
          <span className="tabular-nums" aria-live="polite">
            {currency ? formatMoney(total, currency) : '—'}
          </span>
        </div>
      </section>

      <div className="space-y-1">
        <label htmlFor={notesId} className="block text-xs font-medium text-fg">
          Notes <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea
          id={notesId}
          value={notes}
          maxLength={5000}
          rows={2}
          onChange={(event) => setNotes(event.target.value)}
          className="block w-full rounded-md border border-border-strong bg-surface px-2.5 py-1.5 text-sm text-fg"
        />
      </div>

      <FormError message={formError} />
      <DialogActions>
        <DialogClose asChild>
          <Button>Cancel</Button>
        </DialogClose>
        <Button type="submit" variant="primary" disabled={lines.length === 0 || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create order'}
        </Button>
      </DialogActions>
    </form>
  );
}

function CreatedStep({
  wid,
  conversationId,
  order,
  onClose,
  onLinkSent,
}: Pick<NewOrderDialogProps, 'wid' | 'conversationId' | 'onLinkSent'> & { order: Order; onClose: () => void }) {
  const send = useSendPaymentLink(wid);
  const itemCount = order.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <div className="space-y-4">
      <p role="status" className="text-sm">
        {itemCount === 1 ? '1 item' : `${itemCount} items`}, total{' '}
        <span className="font-semibold tabular-nums">{formatMoney(order.total, order.currency)}</span>. Send the customer a link to pay it in this conversation?
      </p>
      <FormError message={send.error ? errorMessage(send.error) : null} />
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
        <Button
          variant="primary"
          disabled={send.isPending}
          onClick={() =>
            send.mutate(
              { orderId: order.id, conversationId },
              {
                onSuccess: () => {
                  toast.success(`Payment link for order #${order.number} sent to the conversation`);
                  onLinkSent();
                  onClose();
                },
              },
            )
          }
        >
          {send.isPending ? 'Sending…' : 'Send payment link'}
        </Button>
      </DialogActions>
    </div>
  );
}
