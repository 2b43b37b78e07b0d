// Labels and badge tones of conversation statuses, shared by every page that lists conversations.
import type { ConversationStatus } from '../../contracts/conversations';

export const STATUS_LABELS: Record<ConversationStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  closed: 'Closed',
};

export const STATUS_TONES: Record<ConversationStatus, 'accent' | 'warning' | 'neutral'> = {
  open: 'accent',
  pending: 'warning',
  snoozed: 'neutral',
  closed: 'neutral',
};
