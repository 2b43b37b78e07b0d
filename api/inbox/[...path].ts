// One function for the inbox and customers, reached through the vercel.json rewrite of
// /api/workspaces/:wid/(conversations|customers)/… so URLs stay resource-shaped.
import { customerRoutes } from '../_lib/customers/routes.js';
import { createHandler } from '../_lib/http/handler.js';
import { inboxRoutes } from '../_lib/inbox/routes.js';

export default createHandler([...customerRoutes, ...inboxRoutes], { prefixParams: ['wid', 'resource'] });
