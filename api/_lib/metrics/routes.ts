import { metricEndpoints } from '../../../contracts/metrics.js';
import { implement } from '../http/implement.js';

export const routes = implement(metricEndpoints, {});
