import { useRealtimeStatus } from '@/lib/realtime';
import { cx } from '@/lib/cx';

/** "Live" while the realtime connection is up; "Reconnecting…" when it dropped (views refetch on return). */
export function LiveIndicator() {
  const status = useRealtimeStatus();
  if (status === 'idle' || status === 'initialized') return null;
  const live = status === 'connected';
  const text = live ? 'Live' : status === 'off' || status === 'failed' ? 'Not live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…';
  return (
    <span
      role="status"
      className="inline-flex items-center gap-1.5 text-xs text-muted"
      title={live ? 'Updates appear as they happen' : 'Updates will appear when the connection is back'}
    >
      <span aria-hidden className={cx('size-1.5 rounded-full', live ? 'bg-success' : 'bg-border-strong')} />
      {text}
    </span>
  );
}
