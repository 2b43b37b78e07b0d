// Every domain's endpoints, by domain name. The OpenAPI document, the generated route table
// (contracts/generated/routes.ts), the tenancy and role matrices and the contract tests all read this one list:
// a domain added here is served, documented and tested.
import { authEndpoints } from './auth.js';
import { conversationEndpoints } from './conversations.js';
import { customerEndpoints } from './customers.js';
import type { EndpointDef } from './endpoint.js';
import { invitationEndpoints } from './invitations.js';
import { realtimeEndpoints } from './realtime.js';
import { systemEndpoints } from './system.js';
import { workspaceEndpoints } from './workspaces.js';
import { productEndpoints } from './products.js';
import { orderEndpoints } from './orders.js';
import { paymentEndpoints } from './payments.js';
import { billingEndpoints } from './billing.js';
import { webhookEndpoints } from './webhooks.js';
import { formEndpoints, publicFormEndpoints } from './forms.js';
import { uploadEndpoints } from './uploads.js';
import { crmEndpoints } from './crm.js';
import { operationsEndpoints } from './operations.js';
import { serviceEndpoints } from './services.js';
import { metricEndpoints } from './metrics.js';
import { dashboardEndpoints, publicDashboardEndpoints } from './dashboards.js';
import { apiKeyEndpoints } from './api-keys.js';
import { outboundWebhookEndpoints } from './outbound-webhooks.js';
import { channelEndpoints } from './channels.js';
import { channelWebhookEndpoints } from './channel-webhooks.js';
import { channelOAuthEndpoints } from './channel-oauth.js';
import { widgetEndpoints } from './widget.js';
import { oauthEndpoints } from './oauth.js';
import { assistantEndpoints } from './assistant.js';
import { cannedReplyEndpoints } from './canned-replies.js';
import { savedViewEndpoints } from './saved-views.js';
import { notificationEndpoints } from './notifications.js';

export const domains = {
  system: systemEndpoints,
  auth: authEndpoints,
  workspaces: workspaceEndpoints,
  invitations: invitationEndpoints,
  realtime: realtimeEndpoints,
  customers: customerEndpoints,
  inbox: conversationEndpoints,
  products: productEndpoints,
  orders: orderEndpoints,
  forms: formEndpoints,
  payments: paymentEndpoints,
  billing: billingEndpoints,
  webhooks: webhookEndpoints,
  'public-forms': publicFormEndpoints,
  uploads: uploadEndpoints,
  crm: crmEndpoints,
  operations: operationsEndpoints,
  services: serviceEndpoints,
  metrics: metricEndpoints,
  dashboards: dashboardEndpoints,
  'public-dashboards': publicDashboardEndpoints,
  'api-keys': apiKeyEndpoints,
  'outbound-webhooks': outboundWebhookEndpoints,
  channels: channelEndpoints,
  'channel-webhooks': channelWebhookEndpoints,
  'channel-oauth': channelOAuthEndpoints,
  widget: widgetEndpoints,
  oauth: oauthEndpoints,
  assistant: assistantEndpoints,
  'canned-replies': cannedReplyEndpoints,
  views: savedViewEndpoints,
  notifications: notificationEndpoints,
};

export type Domains = typeof domains;
export type DomainName = keyof Domains;

/** `domain.operation`, e.g. `inbox.listConversations`. */
export type EndpointId = { [D in DomainName]: `${D}.${keyof Domains[D] & string}` }[DomainName];

/** The endpoint object behind an id. */
export type EndpointById<Id extends EndpointId> = Id extends `${infer D extends DomainName}.${infer Op}`
  ? Op extends keyof Domains[D]
    ? Domains[D][Op]
    : never
  : never;

export interface RegisteredEndpoint {
  id: EndpointId;
  domain: DomainName;
  operation: string;
  endpoint: EndpointDef;
}

/** Every endpoint, in declaration order. */
export function allEndpoints(): RegisteredEndpoint[] {
  return Object.entries(domains).flatMap(([domain, group]) =>
    Object.entries(group as Record<string, EndpointDef>).map(([operation, endpoint]) => ({
      id: `${domain}.${operation}` as EndpointId,
      domain: domain as DomainName,
      operation,
      endpoint,
    })),
  );
}
