import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { StateMessage } from '@/components/state-message';

/** `/payment-complete?order=1001[&cancelled=1]`: the customer's page after Stripe Checkout. */
export function PaymentCompletePage() {
  const [params] = useSearchParams();
  const order = /^\d{1,10}$/.test(params.get('order') ?? '') ? params.get('order') : null;
  const cancelled = params.get('cancelled') === '1';
  const title = cancelled ? 'Payment cancelled' : 'Thank you for your payment';
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <div className="w-full max-w-md rounded-lg border border-border bg-surface p-8 shadow-sm" role="status">
        <StateMessage title={title} level={1}>
          {cancelled
            ? `Nothing was charged${order ? ` for order #${order}` : ''}. You can pay later with the same link.`
            : `Your payment${order ? ` for order #${order}` : ''} was received. You can close this page; the shop has been told.`}
        </StateMessage>
      </div>
    </main>
  );
}
