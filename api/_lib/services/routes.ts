// /api/workspaces/{wid}/services: viewers read and export, admins write, import and delete; all through the
// generic resource (api/_lib/resources/).
import { serviceEndpoints, serviceResource } from '../../../contracts/services.js';
import type { Implementation } from '../http/implement.js';
import { implementResource } from '../resources/routes.js';

export const routes = { ...implementResource(serviceEndpoints, serviceResource) } as Implementation<typeof serviceEndpoints>;
