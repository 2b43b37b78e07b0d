// A batch's history as a timeline, oldest first (the order the API keeps it in): who did what and when, each
// transition's reason, the signature of a release or rejection, and refused signatures in red.
import type { BatchHistoryEntry } from '../../../../contracts/operations';
import { formatDateTime } from '@/lib/format-time';
import { cx } from '@/lib/cx';
import { BATCH_STATUS_LABELS } from './batch-labels';

function describe(entry: BatchHistoryEntry): string {
  const who = entry.actor.name;
  switch (entry.kind) {
    case 'created':
      return `${who} planned the batch`;
    case 'updated':
      return `${who} changed ${entry.fields?.length ? entry.fields.join(', ') : 'the batch'}`;
    case 'transition':
      return `${who}: ${entry.from ? BATCH_STATUS_LABELS[entry.from] : '?'} → ${entry.to ? BATCH_STATUS_LABELS[entry.to] : '?'}`;
    case 'signature_refused':
      return `Signature refused: ${who} tried to ${entry.to === 'rejected' ? 'reject' : 'release'} the batch`;
  }
}

export function BatchTimeline({ entries }: { entries: BatchHistoryEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-muted">Nothing recorded yet.</p>;
  return (
    <ol className="space-y-3" aria-label="Batch history, oldest first">
      {entries.map((entry) => {
        const refused = entry.kind === 'signature_refused';
        return (
          <li
            key={entry.id}
            data-testid="batch-history-entry"
            className={cx('border-l-2 pl-3', refused ? 'border-danger text-danger' : entry.signature ? 'border-success' : 'border-border')}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <p className={cx('text-sm', refused ? 'font-medium' : 'text-fg')}>{describe(entry)}</p>
              <time dateTime={entry.createdAt} className={cx('text-xs', refused ? 'text-danger' : 'text-muted')}>
                {formatDateTime(entry.createdAt)}
              </time>
            </div>
            {entry.reason ? <p className={cx('mt-0.5 text-sm', refused ? '' : 'text-muted')}>{refused ? entry.reason : `Reason: ${entry.reason}`}</p> : null}
            {entry.signature ? (
              <p className="mt-1 rounded-md border border-success/40 bg-success/10 px-2 py-1 text-sm text-fg" data-testid="batch-signature">
                Signed by <strong>{entry.signature.signerName}</strong> on{' '}
                <time dateTime={entry.signature.signedAt}>{formatDateTime(entry.signature.signedAt)}</time> — {entry.signature.meaning}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
