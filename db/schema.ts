// Every domain's tables as the one schema object drizzle's query builder is typed with.
import * as activity from './schema/activity.js';
import * as identity from './schema/identity.js';
import * as inbox from './schema/inbox.js';
import * as platform from './schema/platform.js';
import * as products from './schema/products.js';
import * as orders from './schema/orders.js';
import * as forms from './schema/forms.js';
import * as resources from './schema/resources.js';
import * as operations from './schema/operations.js';
import * as analytics from './schema/analytics.js';
import * as channels from './schema/channels.js';
import * as notifications from './schema/notifications.js';

export const schema = {
  ...identity,
  ...activity,
  ...inbox,
  ...platform,
  ...products,
  ...orders,
  ...forms,
  ...resources,
  ...operations,
  ...analytics,
  ...channels,
  ...notifications,
};
