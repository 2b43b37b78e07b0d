// Metrics: points ingested from outside (API keys with `metrics:write`) and series read from them or computed
// from the app's own data (API.md "Analytics, services and the API platform").
import type { EndpointGroup } from './endpoint.js';

export const metricEndpoints = {} satisfies EndpointGroup;
