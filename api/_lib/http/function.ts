// A deployed function: the routes of its domains from the generated route table (no zod, no drizzle at import),
// each domain's route module imported when a request first matches one of its routes.
import { ROUTES } from '../../../contracts/generated/routes.js';
import { FUNCTIONS, type DomainOf, type FunctionName } from '../functions.js';
import { createHandler, type RouteEntry } from './handler.js';
import type { Implemented } from './implement.js';

export interface RouteModule {
  routes: Record<string, Implemented>;
}

export function createFunction<F extends FunctionName>(name: F, modules: { [D in DomainOf<F>]: () => Promise<RouteModule> }) {
  const load = modules as Record<string, () => Promise<RouteModule>>;
  const routes: RouteEntry[] = Object.values(ROUTES)
    .filter((route) => route.fn === name)
    .map((route) => ({
      method: route.method,
      path: route.path,
      access: route.access,
      async load() {
        const implemented = (await load[route.domain]!()).routes[route.operation];
        if (!implemented) throw new Error(`${route.id} has no handler: add it to api/_lib/${route.domain}/routes.ts`);
        return implemented;
      },
    }));
  return createHandler({ families: FUNCTIONS[name].families, routes });
}
