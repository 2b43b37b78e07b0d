// The realtime event registry: every domain's events on private-workspace-{wid}, by name, with the schema of its
// payload. The server records events of these names (api/_lib/events), the SPA's features register handlers for
// them, and tests parse what arrives with them. A new domain adds its events map here.
import type { z } from 'zod';
import { customerEvents } from './customers.js';
import { inboxEvents } from './conversations.js';
import { memberEvents } from './workspaces.js';
import { productEvents } from './products.js';
import { orderEvents } from './orders.js';
import { billingEvents } from './billing.js';
import { formEvents } from './forms.js';
import { crmEvents } from './crm.js';
import { operationsEvents } from './operations.js';
import { serviceEvents } from './services.js';
import { metricEvents } from './metrics.js';
import { dashboardEvents } from './dashboards.js';
import { channelEvents } from './channels.js';

export const workspaceEventSchemas = {
  ...inboxEvents,
  ...customerEvents,
  ...memberEvents,
  ...productEvents,
  ...orderEvents,
  ...formEvents,
  ...billingEvents,
  ...crmEvents,
  ...operationsEvents,
  ...serviceEvents,
  ...metricEvents,
  ...dashboardEvents,
  ...channelEvents,
};

export type WorkspaceEventName = keyof typeof workspaceEventSchemas;
export const WORKSPACE_EVENTS = Object.keys(workspaceEventSchemas) as WorkspaceEventName[];
export type WorkspaceEventPayloads = { [E in WorkspaceEventName]: z.infer<(typeof workspaceEventSchemas)[E]> };
