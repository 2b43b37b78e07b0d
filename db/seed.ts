// Demo data for local development and previews: one workspace with an owner, an admin, an agent and a
// viewer, its inbox, its shop (products, orders, a public form), its CRM, its operations, two services with a month of metrics, its channels, and an activity log of what its team did (the web chat widget and a Telegram bot). Idempotent: a second run finds the demo owner and changes nothing.
import bcrypt from 'bcryptjs';
import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { memberships, users, workspaces } from './schema/identity.js';
import { seedActivity } from './seed-activity.js';
import { seedAnalytics } from './seed-analytics.js';
import { assistantSettings } from './schema/assistant.js';
import { seedChannels, type SeedChannelsOptions } from './seed-channels.js';
import { seedCommerce } from './seed-commerce.js';
import { seedDashboards } from './seed-dashboards.js';
import { seedInbox } from './seed-inbox.js';
import { seedOperations } from './seed-operations.js';

export const DEMO_PASSWORD = 'Switchboard!2026';
export const DEMO_USERS = [
  { email: 'owner@demo.switchboard.dev', name: 'Olivia Owner', role: 'owner' },
  { email: 'admin@demo.switchboard.dev', name: 'Adam Admin', role: 'admin' },
  { email: 'agent@demo.switchboard.dev', name: 'Ava Agent', role: 'agent' },
  { email: 'viewer@demo.switchboard.dev', name: 'Victor Viewer', role: 'viewer' },
] as const;

/** Whether the demo workspace is there (its owner's account exists). */
export async function hasDemoData(db: Db): Promise<boolean> {
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${DEMO_USERS[0].email}`)
    .limit(1);
  return existing.length > 0;
}

/**
 * Seeds the demo workspace. Its accounts share a published password, so it goes only where a developer puts
 * it: the embedded database `npm run dev` creates, or a database named to `npm run db:seed -- --demo`.
 */
export async function seedDemo(db: Db, options: Pick<SeedChannelsOptions, 'encryptSecret'> = {}): Promise<{ created: boolean }> {
  if (await hasDemoData(db)) return { created: false };
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  await db.transaction(async (tx) => {
    const people = await tx
      .insert(users)
      .values(DEMO_USERS.map((u) => ({ email: u.email, name: u.name, passwordHash })))
      .returning({ id: users.id, email: users.email });
    const workspaceName = 'Acme Coffee Roasters';
    const [workspace] = await tx.insert(workspaces).values({ name: workspaceName }).returning({ id: workspaces.id });
    const idOf = (email: string) => people.find((p) => p.email === email)!.id;
    await tx.insert(memberships).values(DEMO_USERS.map((u) => ({ workspaceId: workspace!.id, userId: idOf(u.email), role: u.role })));
    const agents = DEMO_USERS.filter((u) => u.role !== 'viewer').map((u) => idOf(u.email));
    const inbox = await seedInbox(tx, { workspaceId: workspace!.id, agentIds: agents });
    await seedCommerce(tx, { workspaceId: workspace!.id, ...inbox });
    await seedDashboards(tx, { workspaceId: workspace!.id, ownerId: idOf(DEMO_USERS[0].email) });
    const members = DEMO_USERS.map((u) => ({ id: idOf(u.email), name: u.name, role: u.role }));
    await seedOperations(tx, { workspaceId: workspace!.id, customerIds: inbox.customerIds, members });
    await seedAnalytics(tx, { workspaceId: workspace!.id });
    await seedChannels(tx, { workspaceId: workspace!.id, createdBy: idOf(DEMO_USERS[0].email), encryptSecret: options.encryptSecret });
    await seedActivity(tx, { workspaceId: workspace!.id, workspaceName, ownerId: idOf(DEMO_USERS[0].email) });
    // The assistant's knowledge (Settings → Assistant); off for new conversations, so agents turn it on per conversation.
    await tx.insert(assistantSettings).values({ workspaceId: workspace!.id, enabledForNew: false, knowledge: DEMO_ASSISTANT_KNOWLEDGE });
  });
  return { created: true };
}

/** What the demo workspace's assistant knows besides the products. */
export const DEMO_ASSISTANT_KNOWLEDGE = [
  'Acme Coffee Roasters roasts in small batches every Monday and Thursday in Lisbon.',
  'Orders placed by 2 pm ship the same day; delivery takes 2 to 4 working days in Portugal and Spain, 3 to 6 elsewhere in the EU.',
  'Shipping is free over €40, otherwise €4.90. Unopened bags can be returned within 30 days for a full refund.',
  'Whole beans stay fresh for about 6 weeks after roasting; we grind on request (espresso, filter, French press).',
  'The team answers chats Monday to Friday, 9:00 to 18:00 Lisbon time.',
].join('\n');
