// The deployed functions (Vercel Hobby allows 12), the URL families each serves and the domains (route modules)
// inside it. vercel.json's rewrites are generated from this list (`npm run generate`), and a test fails when
// they disagree. No zod or drizzle here: every function imports this at cold start.
//
// Each family is a Vercel rewrite source; the function rebuilds the full URL path from the parameters the
// rewrite passes (api/_lib/http/function.ts), so one function's families must differ in their parameter names.

export const FUNCTIONS = {
  system: { families: ['/api/:path(health|openapi\\.json)', '/api/cron/:job'], domains: ['system'] },
  auth: { families: ['/api/auth/:path*', '/api/notifications/:notification*'], domains: ['auth', 'notifications'] },
  inbox: {
    families: ['/api/workspaces/:wid/:resource(conversations|customers|channels|assistant|canned-replies|views)/:path*'],
    domains: ['customers', 'inbox', 'channels', 'channel-oauth', 'assistant', 'canned-replies', 'views'],
  },
  workspaces: {
    families: ['/api/workspaces/:path*', '/api/invitations/:invitation*'],
    domains: ['workspaces', 'invitations', 'billing', 'uploads', 'api-keys', 'outbound-webhooks'],
  },
  realtime: { families: ['/api/realtime/:path*'], domains: ['realtime'] },
  commerce: { families: ['/api/workspaces/:wid/:resource(products|orders|payments|forms)/:path*'], domains: ['products', 'orders', 'forms', 'payments'] },
  webhooks: { families: ['/api/webhooks/:provider/:channelId*'], domains: ['webhooks', 'channel-webhooks'] },
  public: { families: ['/api/public/:path*', '/api/oauth/:oauth*'], domains: ['public-forms', 'public-dashboards', 'widget', 'oauth'] },
  crm: { families: ['/api/workspaces/:wid/:resource(employees|suppliers|professionals|projects|tasks)/:path*'], domains: ['crm'] },
  operations: { families: ['/api/workspaces/:wid/:resource(plants|materials|batches|equipment)/:path*'], domains: ['operations'] },
  analytics: { families: ['/api/workspaces/:wid/:resource(services|metrics|dashboards)/:path*'], domains: ['services', 'metrics', 'dashboards'] },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;
export type DomainOf<F extends FunctionName> = (typeof FUNCTIONS)[F]['domains'][number];

/** The function file of a function, relative to the project root. */
export const functionFile = (name: FunctionName) => `api/${name}/[...path].ts`;
