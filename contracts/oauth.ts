// /api/oauth/{provider}/callback (public function): the end of a channel's OAuth connect flow.
import type { EndpointDef } from './endpoint.js';

export const oauthEndpoints: Record<never, EndpointDef> = {};
