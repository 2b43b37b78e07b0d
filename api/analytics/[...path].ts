// The analytics function: services, metrics and dashboards (API.md "Analytics, services and the API platform").
// Its routes come from the registry (api/_lib/functions.ts, contracts/generated/routes.ts). It reads request
// bodies itself (the kernel parses JSON from the bytes) so that CSV imports receive their text/csv body.
import { createFunction } from '../_lib/http/function.js';

export const config = { api: { bodyParser: false } };

export default createFunction('analytics', {
  services: () => import('../_lib/services/routes.js'),
  metrics: () => import('../_lib/metrics/routes.js'),
  dashboards: () => import('../_lib/dashboards/routes.js'),
});
