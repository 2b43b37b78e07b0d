// The AI assistant's settings per workspace (assistant_settings; no row = the defaults: off for new
// conversations, no knowledge text). `available` is the server's, not the workspace's: an AI API configured.
import { sql } from 'drizzle-orm';
import type { AssistantSettings, UpdateAssistantBody } from '../../../contracts/assistant.js';
import type { Db, Tx } from '../../../db/client.js';
import { assistantSettings } from '../../../db/schema/assistant.js';
import { serverEnv } from '../env.js';
import type { MemberContext } from '../http/route.js';
import { readStatement, type ReadScope } from '../http/read-scope.js';

type SettingsRow = { enabledForNew: boolean | null; knowledge: string | null; updatedAt: Date | string | null };

const toSettings = (row: SettingsRow | undefined): AssistantSettings => ({
  available: serverEnv().ai !== null,
  enabledForNewConversations: row?.enabledForNew ?? false,
  knowledge: row?.knowledge ?? '',
  updatedAt: row?.updatedAt ? new Date(row.updatedAt).toISOString() : null,
});

const SETTINGS = readStatement(
  'workspace',
  'assistant_settings_one',
  `select s.enabled_for_new as "enabledForNew", s.knowledge, s.updated_at as "updatedAt"
   from (select :wid::uuid as workspace_id) w left join assistant_settings s on s.workspace_id = w.workspace_id
   where caller.ok`,
);

/** GET /assistant: one round trip with the caller check. */
export async function readAssistantSettings(scope: ReadScope): Promise<AssistantSettings> {
  const [row] = await scope.read<SettingsRow>(SETTINGS, {});
  return toSettings(row);
}

/** The settings inside a write (the assistant's own reads, and a new channel conversation's aiActive). */
export async function loadAssistantSettings(db: Db | Tx, workspaceId: string): Promise<{ enabledForNew: boolean; knowledge: string }> {
  const [row] = await db
    .select({ enabledForNew: assistantSettings.enabledForNew, knowledge: assistantSettings.knowledge })
    .from(assistantSettings)
    .where(sql`${assistantSettings.workspaceId} = ${workspaceId}`);
  return row ?? { enabledForNew: false, knowledge: '' };
}

/** PUT /assistant: one upsert. */
export async function updateAssistantSettings(ctx: MemberContext, body: UpdateAssistantBody): Promise<AssistantSettings> {
  const values = { enabledForNew: body.enabledForNewConversations, knowledge: body.knowledge };
  const [row] = await ctx.db
    .insert(assistantSettings)
    .values({ workspaceId: ctx.workspaceId, ...values })
    .onConflictDoUpdate({ target: assistantSettings.workspaceId, set: { ...values, updatedAt: sql`now()` } })
    .returning({ enabledForNew: assistantSettings.enabledForNew, knowledge: assistantSettings.knowledge, updatedAt: assistantSettings.updatedAt });
  return toSettings(row);
}

/** Whether a new channel conversation starts with the assistant on: the workspace's default, given an AI API. */
export async function assistantOnForNew(tx: Db | Tx, workspaceId: string): Promise<boolean> {
  if (!serverEnv().ai) return false;
  return (await loadAssistantSettings(tx, workspaceId)).enabledForNew;
}
