// A deployed function: the routes of its domains from the generated route table (no zod, no drizzle at import),
// each domain's route module imported when a request first matches one of its routes.
import { ROUTES } from '../../../contracts/generated/routes.js';
import { FUNCTIONS, type DomainOf, type FunctionName } from '../functions.js';
import { createHandler, type CorsPolicy, type RouteEntry } from './handler.js';
import type { Implemented } from './implement.js';

export interface RouteModule {
  routes: Record<string, Implemented>;
}

// Paths called from other sites: the web widget's, from the businesses' own pages (api/_lib/widget/cors.ts,
// loaded with the first request that carries an Origin there).
const CORS: Partial<Record<FunctionName, CorsPolicy>> = {
  public: {
    prefix: '/api/public/widget/',
    allows: async (...args) => (await import('../widget/cors.js')).widgetCors.allows(...args),
  },
};

export function createFunction<F extends FunctionName>(name: F, modules: { [D in DomainOf<F>]: () => Promise<RouteModule> }) {
  const loaders = modules as Record<string, () => Promise<RouteModule>>;
  const routes: RouteEntry[] = Object.values(ROUTES)
    .filter((route) => route.fn === name)
    .map((route) => {
      // Resolved once: later requests skip the module loader (under tsx or Vite it costs a round of loader hooks).
      let implemented: Implemented | undefined;
      return {
        method: route.method,
        path: route.path,
        access: route.access,
        rateLimit: 'rateLimit' in route ? route.rateLimit : undefined,
        cookie: 'cookie' in route && route.cookie,
        load: async () => {
          if (implemented) return implemented;
          const found = (await loaders[route.domain]!()).routes[route.operation];
          if (!found) throw new Error(`${route.id} has no handler: add it to api/_lib/${route.domain}/routes.ts`);
          return (implemented = found);
        },
      };
    });
  return createHandler({ families: FUNCTIONS[name].families, routes, cors: CORS[name] });
}
