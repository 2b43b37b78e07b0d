// The workspaces function: its routes come from the registry (api/_lib/functions.ts, contracts/generated/routes.ts).
import { createFunction } from '../_lib/http/function.js';

export default createFunction('workspaces', {
  workspaces: () => import('../_lib/workspaces/routes.js'),
  invitations: () => import('../_lib/invitations/routes.js'),
  billing: () => import('../_lib/billing/routes.js'),
  uploads: () => import('../_lib/uploads/routes.js'),
  'api-keys': () => import('../_lib/api-keys/routes.js'),
  'outbound-webhooks': () => import('../_lib/outbound-webhooks/routes.js'),
});
