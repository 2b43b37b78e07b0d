// The auth function: its routes come from the registry (api/_lib/functions.ts, contracts/generated/routes.ts).
import { createFunction } from '../_lib/http/function.js';

export default createFunction('auth', {
  auth: () => import('../_lib/auth/routes.js'),
  notifications: () => import('../_lib/notifications/routes.js'),
});
