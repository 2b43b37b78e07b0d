// Every domain's tables as the one schema object drizzle's query builder is typed with.
import * as activity from './schema/activity.js';
import * as identity from './schema/identity.js';
import * as inbox from './schema/inbox.js';
import * as platform from './schema/platform.js';

export const schema = { ...identity, ...activity, ...inbox, ...platform };
