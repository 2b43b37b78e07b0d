// Every feature of the SPA, in one list: the router, the sidebar, the workspace's realtime subscription and
// the command palette are composed from these manifests (src/lib/feature.ts). Adding a feature is its
// manifest plus one line here.
import { accountFeature } from '@/features/account/manifest';
import { notificationsFeature } from '@/features/notifications/manifest';
import { activityFeature } from '@/features/activity/manifest';
import { authFeature } from '@/features/auth/manifest';
import { customersFeature } from '@/features/customers/manifest';
import { dashboardFeature } from '@/features/dashboard/manifest';
import { docsFeature } from '@/features/docs/manifest';
import { inboxFeature } from '@/features/inbox/manifest';
import { workspacesFeature } from '@/features/workspaces/manifest';
import type { FeatureManifest } from '@/lib/feature';
import { batchesFeature } from '@/features/batches/manifest';
import { materialsFeature } from '@/features/materials/manifest';
import { plantsFeature } from '@/features/plants/manifest';
import { checkoutReturnFeature } from '@/features/checkout-return/manifest';
import { productsFeature } from '@/features/products/manifest';
import { ordersFeature } from '@/features/orders/manifest';
import { formsFeature } from '@/features/forms/manifest';
import { conversationCommerceFeature } from '@/features/conversation-commerce/manifest';
import { billingFeature } from '@/features/billing/manifest';
import { crmFeature } from '@/features/crm/manifest';
import { kanbanFeature } from '@/features/kanban/manifest';
import { operationsFeature } from '@/features/operations/manifest';
import { apiKeysFeature } from '@/features/api-keys/manifest';
import { servicesFeature } from '@/features/services/manifest';
import { webhooksFeature } from '@/features/webhooks/manifest';
import { channelsFeature } from '@/features/channels/manifest';
import { assistantFeature } from '@/features/assistant/manifest';

export const features: readonly FeatureManifest[] = [
  checkoutReturnFeature,
  authFeature,
  workspacesFeature,
  dashboardFeature,
  inboxFeature,
  customersFeature,
  activityFeature,
  accountFeature,
  notificationsFeature,
  docsFeature,
  productsFeature,
  ordersFeature,
  formsFeature,
  conversationCommerceFeature,
  billingFeature,
  batchesFeature,
  materialsFeature,
  plantsFeature,
  crmFeature,
  kanbanFeature,
  operationsFeature,
  servicesFeature,
  apiKeysFeature,
  webhooksFeature,
  channelsFeature,
  assistantFeature,
];
