// /api/workspaces/{wid}/assistant (inbox function): the AI assistant's settings (knowledge text, on for new conversations).
import type { EndpointDef } from './endpoint.js';

export const assistantEndpoints: Record<never, EndpointDef> = {};
