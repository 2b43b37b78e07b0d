// /api/workspaces/{wid}/channels (inbox function, admin+): connected channels, their connect flows (token forms, OAuth start) and disconnect.
import type { EndpointDef } from './endpoint.js';

export const channelEndpoints: Record<never, EndpointDef> = {};
