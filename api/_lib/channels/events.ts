// What the channels domain publishes (through the outbox, api/_lib/events/outbox.ts) on the workspace's private
// channel: channel.created, channel.updated (renamed, settings, status or last error changed) and channel.deleted.
// Small on purpose: open pages refetch the channel.
import { workspaceEvent, type DomainEvent } from '../events/outbox.js';

interface Changed {
  id: string;
  type: string;
  name: string;
  status: string;
  updatedAt: Date | string;
}

const changed = (r: Changed) => ({ id: r.id, type: r.type, name: r.name, status: r.status, updatedAt: new Date(r.updatedAt).toISOString() });

export const channelCreated = (workspaceId: string, r: Changed): DomainEvent => workspaceEvent(workspaceId, 'channel.created', changed(r));
export const channelUpdated = (workspaceId: string, r: Changed): DomainEvent => workspaceEvent(workspaceId, 'channel.updated', changed(r));
export const channelDeleted = (workspaceId: string, id: string): DomainEvent => workspaceEvent(workspaceId, 'channel.deleted', { id });
