// /api/workspaces/{wid}/billing (served by the workspaces function): members read the plan, owners change it.
import { billingEndpoints } from '../../../contracts/billing.js';
import { implement } from '../http/implement.js';
import { openPortal, readBilling, startCheckout } from './service.js';

export const routes = implement(billingEndpoints, {
  getBilling: (ctx) => readBilling(ctx.scope),
  startCheckout: (ctx) => startCheckout(ctx),
  openPortal: (ctx) => openPortal(ctx),
});
