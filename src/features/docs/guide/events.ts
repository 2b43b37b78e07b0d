// The events a webhook endpoint may take, grouped as the guide lists them: every workspace event
// (contracts/events.ts, WEBHOOK_EVENTS in contracts/outbound-webhooks.ts). Typed against the event names, so a
// renamed or removed event fails the type check; guide-page.test.tsx checks that none is missing.
import type { WorkspaceEventName } from '../../../../contracts/events';

const crud = <const T extends string>(type: T) => [`${type}.created`, `${type}.updated`, `${type}.deleted`, `${type}.imported`] as const;

export const WEBHOOK_EVENT_GROUPS: ReadonlyArray<{ area: string; events: readonly WorkspaceEventName[] }> = [
  {
    area: 'Inbox',
    events: [
      'conversation.created',
      'conversation.updated',
      'conversation.deleted',
      'message.created',
      'message.updated',
      'channel.created',
      'channel.updated',
      'channel.deleted',
    ],
  },
  { area: 'Customers', events: crud('customer') },
  {
    area: 'Commerce',
    events: [
      'order.created',
      'order.updated',
      'payment.updated',
      'product.created',
      'product.updated',
      'product.deleted',
      'product.stock_changed',
      'form.created',
      'form.updated',
      'form.deleted',
      'form.submitted',
    ],
  },
  { area: 'CRM', events: [...crud('employee'), ...crud('supplier'), ...crud('professional'), ...crud('project'), ...crud('task'), 'task.reordered'] },
  {
    area: 'Operations',
    events: [
      ...crud('plant'),
      ...crud('material'),
      'material.stock_changed',
      'material.low_stock',
      ...crud('batch'),
      'batch.signature_refused',
      ...crud('equipment'),
    ],
  },
  { area: 'Analytics', events: [...crud('service'), 'metrics.ingested', 'dashboard.created', 'dashboard.updated', 'dashboard.deleted'] },
  { area: 'Workspace', events: ['member.updated', 'member.removed', 'workspace.billing_updated'] },
];
