import type { ConnectedChannel } from '../../../../contracts/channels';
import { Badge } from '@/components/badge';
import { STATUS_LABELS } from '../kinds';

/** A channel's status as a badge: connected (accent), needs attention or disconnected (warning). */
export function ChannelStatusBadge({ status }: { status: ConnectedChannel['status'] }) {
  return <Badge tone={status === 'connected' ? 'accent' : 'warning'}>{STATUS_LABELS[status]}</Badge>;
}
