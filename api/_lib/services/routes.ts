// /api/workspaces/{wid}/services: viewers read and export, admins write, import and delete; all through the
// generic resource (api/_lib/resources/), with each write's configuration checked against its kind's schema
// (config.ts). An import whose rows' configurations do not fit answers those rows, with the generic checks of
// the other rows, and writes nothing.
import { serviceEndpoints, serviceResource } from '../../../contracts/services.js';
import { csvBody } from '../http/csv.js';
import { bind, type Implementation } from '../http/implement.js';
import { readRawBody } from '../http/raw-body.js';
import { implementResource } from '../resources/routes.js';
import { importConfigErrors, serviceHooks } from './config.js';

const generic = implementResource(serviceEndpoints, serviceResource, {}, serviceHooks) as Implementation<typeof serviceEndpoints>;

export const routes: Implementation<typeof serviceEndpoints> = {
  ...generic,
  importServices: bind(serviceEndpoints.importServices, async (ctx, input) => {
    const type = String(ctx.req.headers['content-type'] ?? '');
    if (!/^text\/(csv|plain)\b/i.test(type)) return generic.importServices.handle(ctx, input); // its 415
    const errors = await importConfigErrors(ctx.db, ctx.workspaceId, csvBody(await readRawBody(ctx.req)));
    if (errors.length === 0) return generic.importServices.handle(ctx, input);
    const checked = await generic.importServices.handle(ctx, { ...input, query: { ...input.query, dryRun: true } });
    const others = 'errors' in checked ? checked.errors : [];
    return { created: 0, updated: 0, errors: [...others, ...errors].sort((a, b) => a.row - b.row || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  }),
};
