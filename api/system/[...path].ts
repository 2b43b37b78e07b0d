// The system function: /api/health, /api/openapi.json and the daily cron.
import { createFunction } from '../_lib/http/function.js';

export default createFunction('system', { system: () => import('../_lib/system/routes.js') });
