import { authRoutes } from '../_lib/auth/routes.js';
import { createHandler } from '../_lib/http/handler.js';

export default createHandler(authRoutes);
