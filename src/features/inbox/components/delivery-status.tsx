// A team reply's way to the customer through its channel (Telegram, Viber, TikTok, Meta): Sending…, Sent,
// Delivered, Read, or Failed with the provider's reason and a Retry button. Kept live by message.updated.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { Delivery } from '../../../../contracts/conversations';
import { call } from '@/lib/api-client';
import { inboxKeys } from '../api/keys';
import { upsertMessage, type ThreadPages } from '../api/message-cache';

const LABELS: Record<Delivery['status'], string> = { pending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed' };
const TICKS: Partial<Record<Delivery['status'], string>> = { sent: '✓', delivered: '✓✓', read: '✓✓' };

export function DeliveryStatus({ messageId, conversationId, delivery }: { messageId: string; conversationId: string; delivery: Delivery }) {
  const { wid = '' } = useParams();
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => call('inbox.retryMessage', { params: { wid, id: conversationId, messageId } }),
    onSuccess: (message) => queryClient.setQueryData<ThreadPages>(inboxKeys.messages(wid, conversationId), (data) => upsertMessage(data, message)),
  });
  if (delivery.status === 'failed') {
    return (
      <span data-testid="delivery-status" data-status="failed" className="flex items-center gap-1.5 text-danger">
        <span>Failed{delivery.error ? `: ${delivery.error}` : ''}</span>
        <button
          type="button"
          className="rounded border border-border px-1.5 py-0.5 text-[11px] font-medium text-fg hover:bg-subtle disabled:opacity-60"
          disabled={retry.isPending}
          onClick={() => retry.mutate()}
        >
          {retry.isPending ? 'Retrying…' : 'Retry'}
        </button>
        {retry.isError ? <span role="alert">Retry failed</span> : null}
      </span>
    );
  }
  return (
    <span
      data-testid="delivery-status"
      data-status={delivery.status}
      className={delivery.status === 'read' ? 'text-accent' : undefined}
      title={delivery.error ?? undefined}
    >
      {TICKS[delivery.status] ? <span aria-hidden>{TICKS[delivery.status]} </span> : null}
      {LABELS[delivery.status]}
    </span>
  );
}
