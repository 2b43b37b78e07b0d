// Writes activity rows inside the caller's transaction, so the log and the change commit together. Entries are
// typed by the activity registry (contracts/activity.ts): an unknown action or metadata of the wrong shape fails
// to compile. The subject type is the action's, from the registry.
import { activityActions, type ActivityEntry } from '../../../contracts/activity.js';
import type { Tx } from '../../../db/client.js';
import { activities } from '../../../db/schema/activity.js';

export async function recordActivity(tx: Tx, ...entries: ActivityEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insert(activities)
    .values(entries.map((e) => ({ ...e, subjectType: activityActions[e.action].subject, metadata: e.metadata as Record<string, unknown> })));
}
