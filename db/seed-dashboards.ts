// Demo dashboards: the workspace's default dashboard (what every workspace starts with), and "Shop & support", a
// dashboard shared by link (its signed link is in its Share dialog, for the demo owner or admin): revenue and
// orders from the shop, the support chatbot's conversations and latency and the hotline's calls (demo metrics,
// db/seed-analytics.ts), and customer messages by day.
import { randomUUID } from 'node:crypto';
import { DEFAULT_DASHBOARD, type Widget } from '../contracts/dashboard-grid.js';
import type { Tx } from './client.js';
import { dashboards } from './schema/analytics.js';

const widget = (id: string, type: Widget['type'], title: string, query: Omit<Widget['query'], 'serviceId'>, layout: Widget['layout']): Widget => ({
  id,
  type,
  title,
  query: { ...query, serviceId: null },
  layout,
});

export const SHARED_DEMO_DASHBOARD: { name: string; widgets: Widget[] } = {
  name: 'Shop & support',
  widgets: [
    widget('revenue', 'kpi', 'Revenue', { name: 'orders.revenue', agg: 'sum', interval: 'day' }, { x: 0, y: 0, w: 3, h: 2 }),
    widget('orders', 'kpi', 'Orders', { name: 'orders.count', agg: 'count', interval: 'day' }, { x: 3, y: 0, w: 3, h: 2 }),
    widget('bot-conversations', 'kpi', 'Chatbot conversations', { name: 'chatbot.conversations', agg: 'sum', interval: 'day' }, { x: 6, y: 0, w: 3, h: 2 }),
    widget('bot-latency', 'kpi', 'Chatbot latency (p95, ms)', { name: 'chatbot.latency_ms', agg: 'p95', interval: 'day' }, { x: 9, y: 0, w: 3, h: 2 }),
    widget('orders-per-day', 'line', 'Orders per day', { name: 'orders.count', agg: 'count', interval: 'day' }, { x: 0, y: 2, w: 6, h: 4 }),
    widget('calls-per-day', 'bar', 'Hotline calls per day', { name: 'voice.calls', agg: 'sum', interval: 'day' }, { x: 6, y: 2, w: 6, h: 4 }),
    widget(
      'latency-by-hour',
      'line',
      'Chatbot latency by hour (p95, ms)',
      { name: 'chatbot.latency_ms', agg: 'p95', interval: 'hour' },
      { x: 0, y: 6, w: 8, h: 4 },
    ),
    widget('messages', 'table', 'Customer messages', { name: 'messages.received', agg: 'count', interval: 'day' }, { x: 8, y: 6, w: 4, h: 4 }),
  ],
};

/** The demo workspace's dashboards: its default one, and one shared by link. */
export async function seedDashboards(tx: Tx, { workspaceId, ownerId }: { workspaceId: string; ownerId: string }): Promise<void> {
  await tx.insert(dashboards).values([
    { workspaceId, name: DEFAULT_DASHBOARD.name, widgets: DEFAULT_DASHBOARD.widgets, isDefault: true, createdBy: ownerId },
    { workspaceId, ...SHARED_DEMO_DASHBOARD, createdBy: ownerId, shareId: randomUUID(), sharedAt: new Date() },
  ]);
}
