// /api/workspaces/{wid}/assistant (inbox function): the AI assistant's settings (knowledge text, on for new
// conversations). The assistant itself runs only when the server has an OpenAI-compatible API configured
// (AI_BASE_URL, AI_API_KEY, AI_MODEL); `available` says whether it has.
import { z } from 'zod';
import { hasNoNul, NUL_MESSAGE, timestampSchema, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';

export const ASSISTANT_KNOWLEDGE_MAX_LENGTH = 20_000;
/** AI answers in a row (since a person last wrote) after which the next customer message is handed over. */
export const ASSISTANT_MAX_TURNS = 3;
/** The notification type a handover sends (contracts/notifications.ts). */
export const AI_HANDOVER_EVENT = 'ai.handover';

export const assistantSettingsSchema = z.object({
  /** The server has an AI API configured: without one the assistant never answers. */
  available: z.boolean(),
  /** New conversations from channels start with the assistant on. */
  enabledForNewConversations: z.boolean(),
  /** What the assistant should know about the business (opening hours, policies, …), plain text. */
  knowledge: z.string(),
  /** When the settings were last saved (null: never). */
  updatedAt: timestampSchema.nullable(),
});
export type AssistantSettings = z.infer<typeof assistantSettingsSchema>;

export const updateAssistantBodySchema = z.strictObject({
  enabledForNewConversations: z.boolean(),
  knowledge: z
    .string()
    .max(ASSISTANT_KNOWLEDGE_MAX_LENGTH, `Use at most ${ASSISTANT_KNOWLEDGE_MAX_LENGTH.toLocaleString('en')} characters`)
    .refine(hasNoNul, NUL_MESSAGE),
});
export type UpdateAssistantBody = z.input<typeof updateAssistantBodySchema>;

export const assistantEndpoints = {
  getAssistant: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/assistant',
    access: 'agent',
    summary: 'The AI assistant’s settings, and whether this server has an AI API configured (`available`)',
    params: workspaceParamsSchema,
    response: assistantSettingsSchema,
  }),
  updateAssistant: endpoint({
    method: 'PUT',
    path: '/api/workspaces/:wid/assistant',
    access: 'admin',
    summary: 'Replace the AI assistant’s knowledge text and whether new channel conversations start with it on',
    params: workspaceParamsSchema,
    body: updateAssistantBodySchema,
    example: { enabledForNewConversations: true, knowledge: 'We ship within 2 working days. Returns are free for 30 days.' },
    response: assistantSettingsSchema,
  }),
};
