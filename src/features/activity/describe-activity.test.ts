import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../contracts/workspaces';
import { ACTIVITY_ACTIONS, activityActions, activityLink, activitySubjectText, describeActivity } from '../../../contracts/activity';

const ADAM = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Adam Admin' };
const AVA_ID = '00000000-0000-4000-8000-0000000000a2';

type Row = Omit<Activity, 'summary' | 'link'>;
const row = (action: string, metadata: Record<string, unknown>, over: Partial<Row> = {}): Row => ({
  id: '00000000-0000-4000-8000-0000000000ff',
  actor: ADAM,
  action,
  subjectType: 'member',
  subjectId: AVA_ID,
  metadata,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('describeActivity', () => {
  it.each<[string, Row]>([
    ["Adam Admin changed Ava Agent's role to admin", row('member.role_changed', { name: 'Ava Agent', from: 'agent', to: 'admin' })],
    ['Adam Admin added Ava Agent as agent', row('member.added', { name: 'Ava Agent', email: 'ava@x.dev', role: 'agent' })],
    ['Adam Admin invited new@x.dev as viewer', row('member.invited', { email: 'new@x.dev', role: 'viewer' }, { subjectType: 'invitation' })],
    ['Adam Admin changed the invitation for new@x.dev to agent', row('member.invitation_role_changed', { email: 'new@x.dev', from: 'viewer', to: 'agent' })],
    ['Adam Admin cancelled the invitation for new@x.dev', row('member.invitation_revoked', { email: 'new@x.dev' })],
    ['Adam Admin removed Ava Agent', row('member.removed', { name: 'Ava Agent', email: 'ava@x.dev', role: 'agent' })],
    ['Ava Agent left the workspace', row('member.left', { name: 'Ava Agent' }, { actor: { id: AVA_ID, name: 'Ava Agent' } })],
    ['Nia New joined the workspace as agent', row('member.joined', { name: 'Nia New', role: 'agent' })],
    ['Adam Admin renamed the workspace from “Acme” to “Acme Coffee”', row('workspace.renamed', { from: 'Acme', to: 'Acme Coffee' })],
    ['Adam Admin created the workspace “Acme”', row('workspace.created', { name: 'Acme' })],
    ["Someone changed Chris's role to viewer", row('member.role_changed', { name: 'Chris', to: 'viewer' }, { actor: null })],
    ['Adam Admin created a customer', row('customer.created', {}, { subjectType: 'customer' })],
    ['Adam Admin created the customer “Ada”', row('customer.created', { name: 'Ada' }, { subjectType: 'customer' })],
    ['Adam Admin assigned a conversation', row('conversation.assigned', { from: null, to: AVA_ID }, { subjectType: 'conversation' })],
    [
      'Adam Admin assigned #42 Tom Becker to Ava Agent',
      row('conversation.assigned', { from: null, to: AVA_ID, toName: 'Ava Agent', number: 42, customerName: 'Tom Becker' }, { subjectType: 'conversation' }),
    ],
    [
      'Adam Admin took #42 Tom Becker',
      row('conversation.assigned', { from: null, to: ADAM.id, toName: 'Adam Admin', number: 42, customerName: 'Tom Becker' }, { subjectType: 'conversation' }),
    ],
    [
      'Adam Admin unassigned #42 Tom Becker',
      row('conversation.assigned', { from: AVA_ID, to: null, toName: null, number: 42, customerName: 'Tom Becker' }, { subjectType: 'conversation' }),
    ],
    [
      'Adam Admin closed #7 Maya Chen',
      row('conversation.status_changed', { from: 'open', to: 'closed', number: 7, customerName: 'Maya Chen' }, { subjectType: 'conversation' }),
    ],
    [
      'Adam Admin reopened #7 Maya Chen',
      row('conversation.status_changed', { from: 'closed', to: 'open', number: 7, customerName: 'Maya Chen' }, { subjectType: 'conversation' }),
    ],
    [
      'Adam Admin marked #7 Maya Chen pending',
      row('conversation.status_changed', { from: 'open', to: 'pending', number: 7, customerName: 'Maya Chen' }, { subjectType: 'conversation' }),
    ],
    ['Adam Admin marked a conversation closed', row('conversation.status_changed', { from: 'open', to: 'closed' }, { subjectType: 'conversation' })],
    [
      'Adam Admin started conversation #8 with Tom Becker',
      row('conversation.created', { number: 8, customerId: AVA_ID, channel: 'email', customerName: 'Tom Becker' }, { subjectType: 'conversation' }),
    ],
    [
      'Adam Admin added vip on a conversation',
      row('conversation.tags_changed', { from: [], to: ['vip'], added: ['vip'], removed: [] }, { subjectType: 'conversation' }),
    ],
    // An action this version does not know yet reads as a generic line.
    ['Adam Admin shipped the order “1001”', row('order.shipped', { name: '1001' }, { subjectType: 'order' })],
    ['Adam Admin created a plant', row('plant.created', {}, { subjectType: 'plant' })],
    ['Adam Admin created the plant “Riverside” (PLT-01)', row('plant.created', { name: 'Riverside', code: 'PLT-01' }, { subjectType: 'plant' })],
    [
      'Adam Admin changed the status of the employee “Ada” (EMP-0001)',
      row('employee.updated', { name: 'Ada', code: 'EMP-0001', fields: ['status'] }, { subjectType: 'employee' }),
    ],
    ['Adam Admin deleted the task TSK-0007', row('task.deleted', { code: 'TSK-0007' }, { subjectType: 'task' })],
    ['Adam Admin imported suppliers: 3 new, 1 updated', row('supplier.imported', { created: 3, updated: 1 }, { subjectType: 'supplier' })],
  ])('%s', (expected, activity) => {
    expect(describeActivity(activity)).toBe(expected);
  });

  it('falls back to the email, then to "a member", when the metadata has no name', () => {
    expect(describeActivity(row('member.removed', { email: 'gone@x.dev' }))).toBe('Adam Admin removed gone@x.dev');
    expect(describeActivity(row('member.removed', {}))).toBe('Adam Admin removed a member');
  });
});

const ORDER_ID = '00000000-0000-4000-8000-00000000a042';
const WID = '00000000-0000-4000-8000-0000000000b1';

/** One entry of every action the app records, with the sentence it reads as (resource actions follow below). */
const EVERY: Record<string, [Record<string, unknown>, string]> = {
  'workspace.created': [{ name: 'Acme' }, 'Adam Admin created the workspace “Acme”'],
  'workspace.renamed': [{ from: 'Acme', to: 'Acme Coffee' }, 'Adam Admin renamed the workspace from “Acme” to “Acme Coffee”'],
  'member.added': [{ name: 'Ava Agent', email: 'ava@x.dev', role: 'agent' }, 'Adam Admin added Ava Agent as agent'],
  'member.invited': [{ email: 'new@x.dev', role: 'viewer' }, 'Adam Admin invited new@x.dev as viewer'],
  'member.invitation_role_changed': [{ email: 'new@x.dev', from: 'viewer', to: 'agent' }, 'Adam Admin changed the invitation for new@x.dev to agent'],
  'member.invitation_revoked': [{ email: 'new@x.dev' }, 'Adam Admin cancelled the invitation for new@x.dev'],
  'member.invitation_resent': [{ email: 'new@x.dev', role: 'agent' }, 'Adam Admin sent a new invitation link to new@x.dev'],
  'member.invitation_declined': [{ email: 'new@x.dev', role: 'agent' }, 'new@x.dev declined the invitation to join as agent'],
  'member.joined': [{ name: 'Nia New', email: 'nia@x.dev', role: 'agent' }, 'Nia New joined the workspace as agent'],
  'member.role_changed': [{ name: 'Ava Agent', from: 'agent', to: 'admin' }, "Adam Admin changed Ava Agent's role to admin"],
  'member.removed': [{ name: 'Ava Agent', email: 'ava@x.dev', role: 'agent' }, 'Adam Admin removed Ava Agent'],
  'member.left': [{ name: 'Ava Agent', email: 'ava@x.dev', role: 'agent' }, 'Ava Agent left the workspace'],
  'customer.created': [{ name: 'Tom Becker' }, 'Adam Admin created the customer “Tom Becker”'],
  'customer.updated': [{ fields: ['email', 'phone'], name: 'Tom Becker' }, 'Adam Admin changed the email, phone of the customer “Tom Becker”'],
  'customer.imported': [{ created: 3, updated: 1 }, 'Adam Admin imported customers: 3 new, 1 updated'],
  'customer.deleted': [{ name: 'Tom Becker' }, 'Adam Admin deleted the customer “Tom Becker”'],
  'conversation.created': [
    { number: 42, customerId: ORDER_ID, channel: 'email', customerName: 'Tom Becker' },
    'Adam Admin started conversation #42 with Tom Becker',
  ],
  'conversation.status_changed': [{ from: 'open', to: 'closed', number: 42, customerName: 'Tom Becker' }, 'Adam Admin closed #42 Tom Becker'],
  'conversation.assigned': [
    { from: null, to: AVA_ID, toName: 'Ava Agent', number: 42, customerName: 'Tom Becker' },
    'Adam Admin assigned #42 Tom Becker to Ava Agent',
  ],
  'conversation.tags_changed': [
    { from: [], to: ['vip'], added: ['vip'], removed: [], number: 42, customerName: 'Tom Becker' },
    'Adam Admin added vip on #42 Tom Becker',
  ],
  'conversation.deleted': [{ number: 42, customerName: 'Tom Becker' }, 'Adam Admin deleted #42 Tom Becker'],
  'conversation.restored': [{ number: 42, customerName: 'Tom Becker' }, 'Adam Admin restored #42 Tom Becker'],
  'product.created': [{ name: 'Mug' }, 'Adam Admin created the product “Mug”'],
  'product.updated': [{ name: 'Mug', fields: ['price'] }, "Adam Admin changed “Mug”'s price"],
  'product.deleted': [{ name: 'Mug' }, 'Adam Admin deleted the product “Mug”'],
  'product.imported': [{ created: 2, updated: 0 }, 'Adam Admin imported products (2 new, 0 updated)'],
  'order.created': [{ number: 1042, total: 5400, currency: 'usd', customerName: 'Tom Becker' }, 'Adam Admin created order #1042 for Tom Becker (54.00 USD)'],
  'order.status_changed': [{ number: 1042, from: 'pending', to: 'processing' }, 'Adam Admin moved order #1042 from pending to processing'],
  'payment.refunded': [{ number: 1042, amount: 1000, currency: 'usd' }, 'Adam Admin refunded 10.00 USD on order #1042'],
  'form.created': [{ name: 'Contact' }, 'Adam Admin created the form “Contact”'],
  'form.updated': [{ name: 'Contact' }, 'Adam Admin changed the form “Contact”'],
  'form.deleted': [{ name: 'Contact' }, 'Adam Admin deleted the form “Contact”'],
  'material.low_stock': [
    { code: 'MAT-1', name: 'Flour', plantName: 'Riverside', quantity: 3, minStock: 10 },
    'Adam Admin took “Flour” (MAT-1) below its minimum at Riverside: 3 left, minimum 10',
  ],
  'batch.status_changed': [
    { code: 'BAT-7', name: 'Rye', from: 'in_progress', to: 'quality_check' },
    'Adam Admin moved the batch BAT-7 from in progress to quality check',
  ],
  'webhook.created': [{ url: 'https://hooks.example/a' }, 'Adam Admin added the webhook endpoint “https://hooks.example/a”'],
  'webhook.updated': [{ url: 'https://hooks.example/a', fields: ['events'] }, 'Adam Admin changed the webhook endpoint “https://hooks.example/a” (events)'],
  'webhook.deleted': [{ url: 'https://hooks.example/a' }, 'Adam Admin deleted the webhook endpoint “https://hooks.example/a”'],
  'api_key.created': [{ name: 'Zapier', scopes: ['read'] }, 'Adam Admin created the API key “Zapier” (read)'],
  'api_key.revoked': [{ name: 'Zapier' }, 'Adam Admin revoked the API key “Zapier”'],
  'dashboard.created': [{ name: 'Sales' }, 'Adam Admin created the dashboard “Sales”'],
  'dashboard.updated': [{ name: 'Sales' }, 'Adam Admin changed the dashboard “Sales”'],
  'dashboard.deleted': [{ name: 'Sales' }, 'Adam Admin deleted the dashboard “Sales”'],
  'dashboard.shared': [{ name: 'Sales' }, 'Adam Admin made a share link to the dashboard “Sales”'],
  'dashboard.unshared': [{ name: 'Sales' }, 'Adam Admin revoked the share link of the dashboard “Sales”'],
  'channel.connected': [{ name: 'Shop', type: 'telegram' }, expect.stringMatching(/^Adam Admin connected .*“Shop”$/) as unknown as string],
  'channel.updated': [
    { name: 'Shop', type: 'telegram', fields: ['name'] },
    expect.stringMatching(/^Adam Admin changed .*“Shop” \(name\)$/) as unknown as string,
  ],
  'channel.disconnected': [{ name: 'Shop', type: 'telegram' }, expect.stringMatching(/^Adam Admin disconnected .*“Shop”$/) as unknown as string],
};
const RESOURCES: Record<string, [label: string, plural: string]> = {
  employee: ['employee', 'employees'],
  supplier: ['supplier', 'suppliers'],
  professional: ['professional', 'professionals'],
  project: ['project', 'projects'],
  task: ['task', 'tasks'],
  plant: ['plant', 'plants'],
  material: ['material', 'materials'],
  batch: ['batch', 'batches'],
  equipment: ['equipment', 'equipment'],
  service: ['service', 'services'],
};
for (const [name, [label, plural]] of Object.entries(RESOURCES)) {
  EVERY[`${name}.created`] = [{ code: 'X-1', name: 'Ada' }, `Adam Admin created the ${label} “Ada” (X-1)`];
  EVERY[`${name}.updated`] = [{ code: 'X-1', name: 'Ada', fields: ['status'] }, `Adam Admin changed the status of the ${label} “Ada” (X-1)`];
  EVERY[`${name}.deleted`] = [{ code: 'X-1', name: 'Ada' }, `Adam Admin deleted the ${label} “Ada” (X-1)`];
  EVERY[`${name}.imported`] = [{ created: 2, updated: 1 }, `Adam Admin imported ${plural}: 2 new, 1 updated`];
}

const entryOf = (action: string, over: Partial<Row> = {}) => {
  const subjectType = (activityActions as Record<string, { subject: string }>)[action]!.subject;
  return row(action, EVERY[action]![0], { subjectType, subjectId: ORDER_ID, ...over });
};

describe('every action the log records', () => {
  it('has a sentence case here', () => {
    expect(ACTIVITY_ACTIONS.filter((a) => !EVERY[a])).toEqual([]);
  });

  it.each(ACTIVITY_ACTIONS.map((a) => [a]))('%s reads as a sentence naming its subject', (action) => {
    const entry = entryOf(action);
    const sentence = describeActivity(entry);
    expect(sentence).toEqual(EVERY[action]![1]);
    expect(sentence).not.toMatch(/undefined|null|\[object/);
    // With nothing recorded but the action, it still reads as a sentence by its actor.
    const bare = describeActivity({ ...entry, metadata: {} });
    expect(bare).toMatch(/^(Adam Admin|Someone) /);
    expect(bare).not.toMatch(/undefined|null|\[object/);
  });
});

describe('activityLink', () => {
  it('leads to the page of the subject', () => {
    const at = (action: string) => activityLink(entryOf(action), WID);
    expect(at('conversation.assigned')).toBe(`/w/${WID}/inbox/${ORDER_ID}`);
    expect(at('customer.updated')).toBe(`/w/${WID}/customers/${ORDER_ID}`);
    expect(at('order.status_changed')).toBe(`/w/${WID}/orders/${ORDER_ID}`);
    expect(at('payment.refunded')).toBe(`/w/${WID}/orders/${ORDER_ID}`);
    expect(at('form.updated')).toBe(`/w/${WID}/forms/${ORDER_ID}`);
    expect(at('dashboard.shared')).toBe(`/w/${WID}/dashboards/${ORDER_ID}`);
    expect(at('webhook.updated')).toBe(`/w/${WID}/settings/webhooks/${ORDER_ID}`);
    expect(at('channel.updated')).toBe(`/w/${WID}/settings/channels/${ORDER_ID}`);
    expect(at('employee.updated')).toBe(`/w/${WID}/employees/${ORDER_ID}`);
    expect(at('batch.status_changed')).toBe(`/w/${WID}/batches/${ORDER_ID}`);
    expect(at('equipment.created')).toBe(`/w/${WID}/equipment/${ORDER_ID}`);
    expect(at('service.created')).toBe(`/w/${WID}/services/${ORDER_ID}`);
    expect(at('workspace.renamed')).toBe(`/w/${WID}/settings`);
    // An import is about many records: their list.
    expect(at('customer.imported')).toBe(`/w/${WID}/customers`);
    expect(at('product.imported')).toBe(`/w/${WID}/products`);
    expect(at('material.imported')).toBe(`/w/${WID}/materials`);
  });

  it('leads nowhere for subjects without a page, entries that end their subject, and subjects gone since', () => {
    for (const action of ['member.role_changed', 'member.invited', 'product.updated', 'api_key.created']) expect(activityLink(entryOf(action), WID)).toBeNull();
    for (const action of ['customer.deleted', 'conversation.deleted', 'channel.disconnected', 'webhook.deleted', 'task.deleted'])
      expect(activityLink(entryOf(action), WID)).toBeNull();
    expect(activityLink(entryOf('customer.created'), WID, true)).toBeNull();
    expect(activityLink(entryOf('conversation.restored'), WID)).toBe(`/w/${WID}/inbox/${ORDER_ID}`);
  });
});

describe('activitySubjectText', () => {
  const part = (action: string, over: Partial<Row> = {}) => {
    const entry = entryOf(action, over);
    const found = activitySubjectText(describeActivity(entry), entry);
    return found?.text;
  };
  it('finds the words that name the subject', () => {
    expect(part('conversation.assigned')).toBe('#42 Tom Becker');
    expect(part('conversation.created')).toBe('conversation #42');
    expect(part('order.created')).toBe('order #1042');
    expect(part('customer.updated')).toBe('“Tom Becker”');
    expect(part('employee.created')).toBe('“Ada”');
    expect(part('batch.status_changed')).toBe('BAT-7');
    expect(part('webhook.updated')).toBe('“https://hooks.example/a”');
    expect(part('workspace.renamed')).toBe('“Acme Coffee”');
    expect(part('customer.imported')).toBe('customers');
    expect(part('product.imported')).toBe('products');
    expect(part('equipment.imported')).toBe('equipment');
  });
  it('looks past the actor’s own name', () => {
    const entry = row('customer.created', { name: 'Adam' }, { subjectType: 'customer' });
    const sentence = describeActivity(entry);
    expect(sentence).toBe('Adam Admin created the customer “Adam”');
    expect(activitySubjectText(sentence, entry)).toEqual({ start: sentence.indexOf('“Adam”'), text: '“Adam”' });
    expect(activitySubjectText('Adam Admin did something', { ...entry, metadata: {} })).toBeNull();
  });
});
