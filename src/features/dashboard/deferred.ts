// The dashboards after the first paint (src/lib/feature.ts): live refresh and the palette action. An ingestion
// (`metrics.ingested`) refreshes the widgets of the metrics it touched; the app's own events refresh the widgets
// of the built-in metrics they change; dashboard events refresh the list (and so the page) in other tabs.
import type { WorkspaceEventName } from '../../../contracts/events';
import type { BuiltinMetricName } from '../../../contracts/metrics';
import { defineDeferredFeature, type FeatureEventHandlers, type WorkspaceContext } from '@/lib/feature';
import { dashboardKeys } from './keys';

/** Which built-in series each event of the app may change (contracts/metrics.ts BUILTIN_METRICS). */
export const BUILTIN_EVENTS = {
  'conversation.created': ['conversations.created'],
  'conversation.updated': ['conversations.resolution_seconds'],
  // A deleted conversation counts in no series.
  'conversation.deleted': ['conversations.created', 'conversations.first_response_seconds', 'conversations.resolution_seconds'],
  'message.created': ['messages.received', 'conversations.first_response_seconds'],
  'order.created': ['orders.count', 'orders.revenue'],
  'order.updated': ['orders.revenue'],
  'payment.updated': ['orders.revenue'],
  'batch.created': ['batches.released', 'batches.rejection_rate'],
  'batch.updated': ['batches.released', 'batches.rejection_rate'],
  'batch.deleted': ['batches.released', 'batches.rejection_rate'],
  'batch.imported': ['batches.released', 'batches.rejection_rate'],
} as const satisfies Partial<Record<WorkspaceEventName, readonly BuiltinMetricName[]>>;

const refreshSeries = (names: readonly string[], { queryClient, wid }: WorkspaceContext) => {
  for (const name of new Set(names)) void queryClient.invalidateQueries({ queryKey: dashboardKeys.seriesOf(wid, name) });
};
const refreshList = (_payload: unknown, { queryClient, wid }: WorkspaceContext) => void queryClient.invalidateQueries({ queryKey: dashboardKeys.list(wid) });

const builtinHandlers = Object.fromEntries(
  Object.entries(BUILTIN_EVENTS).map(([event, names]) => [event, (_payload: unknown, context: WorkspaceContext) => refreshSeries(names, context)]),
) as FeatureEventHandlers;

export default defineDeferredFeature({
  realtime: {
    events: {
      ...builtinHandlers,
      'metrics.ingested': (payload, context) => {
        refreshSeries(payload.names, context);
        // A name seen for the first time joins the widget editor's list.
        void context.queryClient.invalidateQueries({ queryKey: dashboardKeys.metrics(context.wid) });
      },
      'dashboard.created': refreshList,
      'dashboard.updated': refreshList,
      'dashboard.deleted': refreshList,
    },
    resync: dashboardKeys.all,
  },
  commands: [{ id: 'dashboard.open', label: 'Go to dashboard', keywords: ['overview', 'home', 'metrics'], scope: 'workspace', href: ({ wid }) => `/w/${wid}` }],
});
