// /api/public/dashboards (served by the public function): a shared dashboard's page. No caller: the signed link is
// the only credential, and the kernel limits requests per client address.
import { publicDashboardEndpoints } from '../../../contracts/dashboards.js';
import { implement } from '../http/implement.js';
import { readSharedDashboard } from './service.js';

export const routes = implement(publicDashboardEndpoints, {
  async getSharedDashboard(ctx, { params, query }) {
    // Revocation must take effect at once: no cache may keep the page.
    ctx.res.setHeader('Cache-Control', 'no-store');
    return readSharedDashboard(ctx.db, params.token, query);
  },
});
