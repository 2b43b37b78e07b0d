// /api/workspaces/{wid}/assistant (inbox function): the AI assistant's settings. Agents read them (the inbox
// shows the per-conversation switch only when `available`); admins and owners change them.
import { assistantEndpoints } from '../../../contracts/assistant.js';
import { implement } from '../http/implement.js';
import { readAssistantSettings, updateAssistantSettings } from './settings.js';

export const routes = implement(assistantEndpoints, {
  getAssistant: (ctx) => readAssistantSettings(ctx.scope),
  updateAssistant: (ctx, { body }) => updateAssistantSettings(ctx, body),
});
