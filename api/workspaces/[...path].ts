import { createHandler } from '../_lib/http/handler.js';
import { workspaceRoutes } from '../_lib/workspaces/routes.js';

export default createHandler(workspaceRoutes);
