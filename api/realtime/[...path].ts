import { createHandler } from '../_lib/http/handler.js';
import { realtimeRoutes } from '../_lib/realtime/routes.js';

export default createHandler(realtimeRoutes);
