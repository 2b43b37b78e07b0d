import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../contracts/workspaces';
import { describeActivity } from '../../../contracts/activity';

const ADAM = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Adam Admin' };
const AVA_ID = '00000000-0000-4000-8000-0000000000a2';

const row = (action: string, metadata: Record<string, unknown>, over: Partial<Activity> = {}): Activity => ({
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
  it.each<[string, Activity]>([
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
