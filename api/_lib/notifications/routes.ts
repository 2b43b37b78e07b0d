import { notificationEndpoints } from '../../../contracts/notifications.js';
import { implement } from '../http/implement.js';

export const routes = implement(notificationEndpoints, {});
