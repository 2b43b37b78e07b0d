// The activity registry: every action the activity log records, what it is about, the metadata each row
// carries (so the log reads well after the people or names it mentions are gone), and the sentence the activity
// page shows. The server writes rows through it (api/_lib/activity/record.ts: an unknown action or wrong metadata
// fails to compile) and the SPA describes rows with it; a new domain adds its actions here.
import { z } from 'zod';
import { action, quoted, type ActionDef } from './activity-action.js';
import { kebab, type ResourceDef } from './resource.js';
import { productActivity } from './products.js';
import { orderActivity } from './orders.js';
import { formActivity } from './forms.js';
import { crmActivity, crmResources } from './crm.js';
import { operationsActivity, operationsResources } from './operations.js';
import { serviceActivity, serviceResource } from './services.js';
import { outboundWebhookActivity } from './outbound-webhooks.js';
import { apiKeyActivity } from './api-keys.js';
import { dashboardActivity } from './dashboards.js';
import { channelActivity } from './channels.js';

const name = z.string();
const role = z.string();
const status = z.string();
/** The first present, non-blank text. */
const first = (...values: unknown[]): string | undefined => values.find((v): v is string => typeof v === 'string' && v.trim() !== '');

/** What conversation entries name, recorded since sentences name the conversation ("#42 Tom Becker"). */
const conversationNamed = { number: z.number().optional(), customerName: z.string().optional() };
const conversationLabel = (m: { number?: number; customerName?: string }) => (m.number ? `#${m.number}${m.customerName ? ` ${m.customerName}` : ''}` : null);

export const activityActions = {
  'workspace.created': action('workspace', z.object({ name }), (m, w) =>
    m.name ? `${w.actor} created the workspace ${quoted(m.name)}` : `${w.actor} created the workspace`,
  ),
  'workspace.renamed': action('workspace', z.object({ from: name, to: name }), (m, w) =>
    m.from && m.to
      ? `${w.actor} renamed the workspace from ${quoted(m.from)} to ${quoted(m.to)}`
      : m.to
        ? `${w.actor} renamed the workspace to ${quoted(m.to)}`
        : `${w.actor} renamed the workspace`,
  ),
  'member.added': action(
    'member',
    z.object({ name, email: z.string(), role }),
    (m, w) => `${w.actor} added ${first(m.name, m.email) ?? 'a member'} as ${m.role ?? 'a member'}`,
  ),
  'member.invited': action(
    'invitation',
    z.object({ email: z.string(), role }),
    (m, w) => `${w.actor} invited ${m.email ?? 'someone'} as ${m.role ?? 'a member'}`,
  ),
  'member.invitation_role_changed': action(
    'invitation',
    z.object({ email: z.string(), from: role, to: role }),
    (m, w) => `${w.actor} changed the invitation for ${m.email ?? 'someone'} to ${m.to ?? 'a new role'}`,
  ),
  'member.invitation_revoked': action(
    'invitation',
    z.object({ email: z.string() }),
    (m, w) => `${w.actor} cancelled the invitation for ${m.email ?? 'someone'}`,
  ),
  'member.invitation_resent': action(
    'invitation',
    z.object({ email: z.string(), role }),
    (m, w) => `${w.actor} sent a new invitation link to ${m.email ?? 'someone'}`,
  ),
  'member.invitation_declined': action(
    'invitation',
    z.object({ email: z.string(), role }),
    (m) => `${m.email ?? 'Someone'} declined the invitation${m.role ? ` to join as ${m.role}` : ''}`,
  ),
  'member.joined': action(
    'member',
    z.object({ name, email: z.string(), role, invitedBy: z.string().nullish() }),
    (m, w) => `${first(m.name) ?? w.actor} joined the workspace${m.role ? ` as ${m.role}` : ''}`,
  ),
  'member.role_changed': action('member', z.object({ name, from: role, to: role }), (m, w) =>
    w.self
      ? `${w.actor} changed their own role to ${m.to ?? 'a new role'}`
      : `${w.actor} changed ${first(m.name) ?? 'a member'}'s role to ${m.to ?? 'a new role'}`,
  ),
  'member.removed': action('member', z.object({ name, email: z.string(), role }), (m, w) =>
    w.self ? `${w.actor} left the workspace` : `${w.actor} removed ${first(m.name, m.email) ?? 'a member'}`,
  ),
  'member.left': action('member', z.object({ name, email: z.string(), role }), (m, w) => `${first(m.name) ?? w.actor} left the workspace`),
  'customer.created': action('customer', z.object({ name }), (m, w) =>
    m.name ? `${w.actor} created the customer ${quoted(m.name)}` : `${w.actor} created a customer`,
  ),
  'customer.updated': action('customer', z.object({ fields: z.array(z.string()), name: name.optional() }), (m, w) =>
    m.name
      ? `${w.actor} changed the ${m.fields?.join(', ') || 'details'} of the customer ${quoted(m.name)}`
      : `${w.actor} changed a customer's ${m.fields?.join(', ') || 'details'}`,
  ),
  'customer.imported': action(
    'customer',
    z.object({ created: z.number(), updated: z.number() }),
    (m, w) => `${w.actor} imported customers: ${m.created ?? 0} new, ${m.updated ?? 0} updated`,
  ),
  'customer.deleted': action('customer', z.object({ name }), (m, w) =>
    m.name ? `${w.actor} deleted the customer ${quoted(m.name)}` : `${w.actor} deleted a customer`,
  ),
  'conversation.created': action(
    'conversation',
    z.object({ number: z.number(), customerId: z.string(), channel: z.string(), customerName: z.string().optional() }),
    (m, w) =>
      m.number ? `${w.actor} started conversation #${m.number}${m.customerName ? ` with ${m.customerName}` : ''}` : `${w.actor} started a conversation`,
  ),
  'conversation.status_changed': action('conversation', z.object({ from: status, to: status, ...conversationNamed }), (m, w) => {
    const it = conversationLabel(m);
    if (!it) return `${w.actor} marked a conversation ${m.to ?? 'changed'}`;
    if (m.to === 'closed') return `${w.actor} closed ${it}`;
    if (m.to === 'open') return m.from === 'closed' ? `${w.actor} reopened ${it}` : `${w.actor} opened ${it}`;
    if (m.to === 'snoozed') return `${w.actor} snoozed ${it}`;
    return `${w.actor} marked ${it} ${m.to ?? 'changed'}`;
  }),
  'conversation.assigned': action(
    'conversation',
    z.object({ from: z.string().nullable(), to: z.string().nullable(), toName: z.string().nullable().optional(), ...conversationNamed }),
    (m, w) => {
      const it = conversationLabel(m) ?? 'a conversation';
      if (!m.to) return `${w.actor} unassigned ${it}`;
      return m.toName ? (m.toName === w.actor ? `${w.actor} took ${it}` : `${w.actor} assigned ${it} to ${m.toName}`) : `${w.actor} assigned ${it}`;
    },
  ),
  'conversation.tags_changed': action(
    'conversation',
    z.object({ from: z.array(z.string()), to: z.array(z.string()), added: z.array(z.string()), removed: z.array(z.string()), ...conversationNamed }),
    (m, w) => {
      const parts = [m.added?.length ? `added ${m.added.join(', ')}` : '', m.removed?.length ? `removed ${m.removed.join(', ')}` : ''].filter(Boolean);
      return `${w.actor} ${parts.join(' and ') || 'changed the tags'} on ${conversationLabel(m) ?? 'a conversation'}`;
    },
  ),
  'conversation.deleted': action(
    'conversation',
    z.object({ ...conversationNamed }),
    (m, w) => `${w.actor} deleted ${conversationLabel(m) ?? 'a conversation'}`,
  ),
  'conversation.restored': action(
    'conversation',
    z.object({ ...conversationNamed }),
    (m, w) => `${w.actor} restored ${conversationLabel(m) ?? 'a conversation'}`,
  ),
  ...productActivity,
  ...orderActivity,
  ...formActivity,
  ...crmActivity,
  ...operationsActivity,
  ...serviceActivity,
  ...outboundWebhookActivity,
  ...apiKeyActivity,
  ...dashboardActivity,
  ...channelActivity,
};

export type ActivityActions = typeof activityActions;
export type ActivityAction = keyof ActivityActions;
export const ACTIVITY_ACTIONS = Object.keys(activityActions) as ActivityAction[];

/** One activity entry as the server records it: the action's own metadata shape (its subject type comes from the registry). */
export type ActivityEntry = {
  [A in ActivityAction]: {
    workspaceId: string;
    actorId: string | null;
    action: A;
    subjectId: string;
    metadata: z.input<ActivityActions[A]['metadata']>;
  };
}[ActivityAction];

/** The sentence for a row; rows whose action or metadata this version does not know get a generic line. */
export function describeActivity(row: {
  action: string;
  actor: { id: string; name: string } | null;
  subjectType: string;
  subjectId: string;
  metadata: Record<string, unknown>;
}): string {
  const actor = row.actor?.name || 'Someone';
  const key = row.metadata.apiKey as { name?: unknown } | undefined;
  const via = typeof key?.name === 'string' ? ` (with the API key ${quoted(key.name)})` : '';
  const known = (activityActions as Record<string, ActionDef<string, z.ZodObject>>)[row.action];
  const parsed = known?.metadata.partial().safeParse(row.metadata);
  if (known && parsed?.success) return known.describe(parsed.data, { actor, self: row.actor !== null && row.actor.id === row.subjectId }) + via;
  const [noun = row.subjectType, verb = 'changed'] = row.action.split('.');
  const label = typeof row.metadata.name === 'string' ? ` ${quoted(row.metadata.name)}` : '';
  return `${actor} ${verb.replace(/_/g, ' ')} ${label ? `the ${noun.replace(/_/g, ' ')}${label}` : `a ${noun.replace(/_/g, ' ')}`}${via}`;
}

// ---------------------------------------------------------------------------------------------------------
// Where an entry leads: the SPA page of its subject, under /w/{wid}/.

const resourcePages = Object.fromEntries(
  ([...crmResources, ...operationsResources, serviceResource] as readonly ResourceDef[]).map((def) => [def.name, (id: string) => `${kebab(def.plural)}/${id}`]),
);

/** The page of each subject type that has one (members, invitations, products and API keys have none of their own). */
export const ACTIVITY_SUBJECT_PAGES: Record<string, (id: string) => string> = {
  conversation: (id) => `inbox/${id}`,
  customer: (id) => `customers/${id}`,
  order: (id) => `orders/${id}`,
  form: (id) => `forms/${id}`,
  dashboard: (id) => `dashboards/${id}`,
  webhook: (id) => `settings/webhooks/${id}`,
  channel: (id) => `settings/channels/${id}`,
  workspace: () => 'settings',
  ...resourcePages,
};

/** The list pages of subject types without a page per record. */
const LIST_PAGES: Record<string, string> = { product: 'products' };

/** The subject types entries are about, for the log's filter. */
export const ACTIVITY_SUBJECT_TYPES = [...new Set(Object.values(activityActions).map((a) => a.subject as string))].sort();

/** Actions that bring a deleted subject back: entries about it lead to it again. */
export const ACTIVITY_RESTORING_ACTIONS = ACTIVITY_ACTIONS.filter((a) => a.endsWith('.restored'));

/** Actions after which their subject is gone (until a restoring action): entries about it lead nowhere. */
export const ACTIVITY_ENDING_ACTIONS = ACTIVITY_ACTIONS.filter(
  (a) => a.endsWith('.deleted') || ['member.removed', 'member.left', 'channel.disconnected', 'api_key.revoked', 'member.invitation_revoked'].includes(a),
);

/**
 * The SPA path an entry leads to (`/w/{wid}/inbox/{id}`), or null when its subject has no page or is gone
 * (`subjectGone`: the subject's latest ending or restoring entry ends it; an entry that itself ends its subject
 * leads nowhere either).
 */
export function activityLink(row: { action: string; subjectType: string; subjectId: string }, workspaceId: string, subjectGone = false): string | null {
  // An import is about many records: it leads to their list.
  if (row.action.endsWith('.imported')) {
    const page = ACTIVITY_SUBJECT_PAGES[row.subjectType]?.(':id');
    const list = LIST_PAGES[row.subjectType] ?? (page?.endsWith('/:id') ? page.slice(0, -'/:id'.length) : undefined);
    return list ? `/w/${workspaceId}/${list}` : null;
  }
  const page = ACTIVITY_SUBJECT_PAGES[row.subjectType];
  if (!page || subjectGone || (ACTIVITY_ENDING_ACTIONS as string[]).includes(row.action) || !row.subjectId) return null;
  return `/w/${workspaceId}/${page(encodeURIComponent(row.subjectId))}`;
}

/**
 * How the sentence names its subject (`#42 Tom Becker`, `order #1042`, `“Ada”`), for the page to make that part
 * the link: the first of the candidates the sentence contains after the actor's name; null when none is there.
 */
export function activitySubjectText(
  sentence: string,
  row: { actor: { name: string } | null; action?: string; subjectType: string; metadata: Record<string, unknown> },
): { start: number; text: string } | null {
  const m = row.metadata;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const number = typeof m.number === 'number' ? m.number : undefined;
  const candidates = [
    // "imported customers: 3 new, 1 updated" names the records by their plural.
    row.action?.endsWith('.imported') ? /imported ([a-z ]+?)(?::| \()/.exec(sentence)?.[1] : undefined,
    row.subjectType === 'conversation' && number !== undefined ? conversationLabel({ number, customerName: str(m.customerName) }) : undefined,
    number !== undefined ? `${row.subjectType === 'conversation' ? 'conversation' : row.subjectType} #${number}` : undefined,
    number !== undefined ? `#${number}` : undefined,
    str(m.name) && quoted(str(m.name)!),
    str(m.to) && row.subjectType === 'workspace' ? quoted(str(m.to)!) : undefined,
    str(m.url) && quoted(str(m.url)!),
    str(m.code),
    str(m.name),
  ].filter((c): c is string => Boolean(c));
  const actor = row.actor?.name || 'Someone';
  const from = sentence.startsWith(actor) ? actor.length : 0;
  for (const text of candidates) {
    const start = sentence.indexOf(text, from);
    if (start >= 0) return { start, text };
  }
  return null;
}
