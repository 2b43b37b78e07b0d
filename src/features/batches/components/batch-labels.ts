// How batch statuses and moves read in the panel.
import type { BatchStatus } from '../../../../contracts/operations';

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  on_hold: 'On hold',
  quality_check: 'Quality check',
  released: 'Released',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

/** The button that moves a batch from `from` to `to`. */
export function actionLabel(from: BatchStatus, to: BatchStatus): string {
  switch (to) {
    case 'in_progress':
      return from === 'on_hold' ? 'Resume' : 'Start';
    case 'on_hold':
      return 'Hold';
    case 'quality_check':
      return 'Send to quality check';
    case 'released':
      return 'Release';
    case 'rejected':
      return 'Reject';
    case 'cancelled':
      return 'Cancel batch';
    default:
      return BATCH_STATUS_LABELS[to];
  }
}

/** Moves that ask for a reason first (optional, kept in the history). */
export const ASKS_REASON: readonly BatchStatus[] = ['on_hold', 'cancelled'];
/** Moves that need an electronic signature. */
export const SIGNED: readonly BatchStatus[] = ['released', 'rejected'];
