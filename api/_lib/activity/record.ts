// Writes activity rows inside the caller's transaction, so the log and the change commit together. Entries are
// typed by the activity registry (contracts/activity.ts): an unknown action or metadata of the wrong shape fails
// to compile. The subject type is the action's, from the registry. Entries written by a request made with an API
// key carry `metadata.apiKey` ({ id, name }).
import { activityActions, type ActivityEntry } from '../../../contracts/activity.js';
import type { Tx } from '../../../db/client.js';
import { activities } from '../../../db/schema/activity.js';
import { actingKey } from '../auth/api-keys.js';

export async function recordActivity(tx: Tx, ...entries: ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // A request made with an API key says so in its entries (describeActivity names the key).
  const key = actingKey.getStore();
  await tx.insert(activities).values(
    entries.map((e) => ({
      ...e,
      subjectType: activityActions[e.action].subject,
      metadata: { ...(e.metadata as Record<string, unknown>), ...(key && { apiKey: { id: key.id, name: key.name } }) },
    })),
  );
}
