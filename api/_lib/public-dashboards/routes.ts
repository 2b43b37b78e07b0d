import { publicDashboardEndpoints } from '../../../contracts/dashboards.js';
import { implement } from '../http/implement.js';

export const routes = implement(publicDashboardEndpoints, {});
