// Writes one activity row inside the caller's transaction, so the log and the change commit together.
import type { Tx } from '../../../db/client.js';
import { activities } from '../../../db/schema/activity.js';

export interface ActivityInput {
  workspaceId: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  metadata?: Record<string, unknown>;
}

export async function recordActivity(tx: Tx, ...entries: ActivityInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(activities).values(entries.map((e) => ({ ...e, metadata: e.metadata ?? {} })));
}
