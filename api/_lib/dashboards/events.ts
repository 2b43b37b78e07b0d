// What the dashboards domain publishes (through the outbox, api/_lib/events/outbox.ts), on the workspace's private
// channel: dashboard.created, dashboard.updated (also when shared or unshared) and dashboard.deleted. Small on
// purpose (a dashboard's widgets may come near Pusher's 10 KB): open pages refetch what changed.
import { workspaceEvent, type DomainEvent } from '../events/outbox.js';
import type { DashboardRow } from './queries.js';

const changed = (r: Pick<DashboardRow, 'id' | 'name' | 'updatedAt'>) => ({ id: r.id, name: r.name, updatedAt: r.updatedAt.toISOString() });

export const dashboardCreated = (workspaceId: string, r: DashboardRow): DomainEvent => workspaceEvent(workspaceId, 'dashboard.created', changed(r));
export const dashboardUpdated = (workspaceId: string, r: DashboardRow): DomainEvent => workspaceEvent(workspaceId, 'dashboard.updated', changed(r));
export const dashboardDeleted = (workspaceId: string, id: string): DomainEvent => workspaceEvent(workspaceId, 'dashboard.deleted', { id });
