// /api/public/widget/… (public function): the web chat widget's visitor session, messages and realtime authorization.
import type { EndpointDef } from './endpoint.js';

export const widgetEndpoints: Record<never, EndpointDef> = {};
