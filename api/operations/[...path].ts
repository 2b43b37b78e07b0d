// The operations function: plants, materials and production batches (API.md "Operations"). Its routes come from
// the registry (api/_lib/functions.ts, contracts/generated/routes.ts). It reads request bodies itself (the
// kernel parses JSON from the bytes) so that CSV imports receive their text/csv body.
import { createFunction } from '../_lib/http/function.js';

export const config = { api: { bodyParser: false } };

export default createFunction('operations', { operations: () => import('../_lib/operations/routes.js') });
