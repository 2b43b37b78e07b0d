// The demo workspace's activity log: what its team would have done to the seeded data, so the Activity page
// reads as a month of work rather than an empty page. Derived from the seeded rows themselves: the workspace's
// creation, each customer added, each conversation assigned (by the owner, a little after it started) and
// each closed one closed by its assignee.
import { eq } from 'drizzle-orm';
import { activityActions, type ActivityEntry } from '../contracts/activity.js';
import type { Tx } from './client.js';
import { activities } from './schema/activity.js';
import { conversations, customers } from './schema/inbox.js';
import { users } from './schema/identity.js';

export interface SeedActivityOptions {
  workspaceId: string;
  workspaceName: string;
  ownerId: string;
}

const MINUTE = 60_000;

export async function seedActivity(tx: Tx, { workspaceId, workspaceName, ownerId }: SeedActivityOptions): Promise<void> {
  const people = await tx.select({ id: users.id, name: users.name }).from(users);
  const nameOf = (id: string | null) => people.find((p) => p.id === id)?.name ?? null;
  const clients = await tx
    .select({ id: customers.id, name: customers.name, createdAt: customers.createdAt })
    .from(customers)
    .where(eq(customers.workspaceId, workspaceId));
  const talks = await tx
    .select({
      id: conversations.id,
      number: conversations.number,
      status: conversations.status,
      assigneeId: conversations.assigneeId,
      customerId: conversations.customerId,
      createdAt: conversations.createdAt,
      updatedAt: conversations.updatedAt,
    })
    .from(conversations)
    .where(eq(conversations.workspaceId, workspaceId));

  const rows: (ActivityEntry & { createdAt: Date })[] = [];
  const earliest = Math.min(...clients.map((c) => c.createdAt.getTime()), ...talks.map((c) => c.createdAt.getTime()));
  rows.push({
    workspaceId,
    actorId: ownerId,
    action: 'workspace.created',
    subjectId: workspaceId,
    metadata: { name: workspaceName },
    createdAt: new Date(earliest - 60 * MINUTE),
  });
  for (const c of clients) {
    rows.push({ workspaceId, actorId: ownerId, action: 'customer.created', subjectId: c.id, metadata: { name: c.name }, createdAt: c.createdAt });
  }
  for (const t of talks) {
    const named = { number: t.number, customerName: clients.find((c) => c.id === t.customerId)?.name };
    if (t.assigneeId) {
      rows.push({
        workspaceId,
        actorId: ownerId,
        action: 'conversation.assigned',
        subjectId: t.id,
        metadata: { from: null, to: t.assigneeId, toName: nameOf(t.assigneeId), ...named },
        createdAt: new Date(t.createdAt.getTime() + 5 * MINUTE),
      });
    }
    if (t.status === 'closed') {
      rows.push({
        workspaceId,
        actorId: t.assigneeId ?? ownerId,
        action: 'conversation.status_changed',
        subjectId: t.id,
        metadata: { from: 'open', to: 'closed', ...named },
        createdAt: t.updatedAt,
      });
    }
  }
  await tx
    .insert(activities)
    .values(rows.map((r) => ({ ...r, subjectType: activityActions[r.action].subject, metadata: r.metadata as Record<string, unknown> })));
}
