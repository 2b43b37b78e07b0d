import { createHandler } from './_lib/http/handler.js';
import { healthRoutes } from './_lib/health/routes.js';

export default createHandler(healthRoutes);
