// Reads of a workspace's webhook endpoints and their deliveries: one round trip each, the caller check folded
// into the statement. No read ever selects an endpoint's secret.
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '../../../contracts/outbound-webhooks.js';
import { cursorAtColumn, decodeCursor, page } from '../http/pagination.js';
import { readStatement, type ReadScope, type ReadStatement } from '../http/read-scope.js';
import { DELIVERY_COLUMNS, toDelivery, type DeliveryRow } from './deliver.js';

export type EndpointRow = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  active: boolean;
  createdAt: Date | string;
  updatedAt: Date | string;
};

const isoOf = (value: Date | string) => new Date(value).toISOString();

export const toEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  active: r.active,
  createdAt: isoOf(r.createdAt),
  updatedAt: isoOf(r.updatedAt),
});

const ENDPOINT_SELECT = `w.id, w.url, w.description, w.events, w.active, w.created_at as "createdAt", w.updated_at as "updatedAt"`;

const endpointList = (hasCursor: boolean) =>
  readStatement(
    'workspace',
    `webhook_endpoints_list${hasCursor ? '_after' : ''}`,
    `select ${ENDPOINT_SELECT}, ${cursorAtColumn('w.created_at')}
     from webhook_endpoints w
     where caller.ok and w.workspace_id = :wid${hasCursor ? ' and (w.created_at, w.id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
     order by w.created_at desc, w.id desc limit :limit`,
    'd."createdAt" desc, d.id desc',
  );
const ENDPOINTS = endpointList(false);
const ENDPOINTS_AFTER = endpointList(true);

/** GET /webhooks: a page of the workspace's endpoints, newest first. */
export async function readEndpoints(scope: ReadScope, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<EndpointRow & { cursorAt: string }>(cursor ? ENDPOINTS_AFTER : ENDPOINTS, {
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  return page(rows, query.limit, toEndpoint);
}

const ENDPOINT = readStatement(
  'workspace',
  'webhook_endpoints_one',
  `select ${ENDPOINT_SELECT} from webhook_endpoints w where caller.ok and w.id = :id and w.workspace_id = :wid`,
);

/** GET /webhooks/{id}: null when the endpoint is not in the workspace. */
export async function readEndpoint(scope: ReadScope, id: string): Promise<WebhookEndpoint | null> {
  const [row] = await scope.read<EndpointRow>(ENDPOINT, { id });
  return row ? toEndpoint(row) : null;
}

// A page of one endpoint's deliveries, gated on the endpoint being in the workspace: no endpoint → no row at all
// (404); an endpoint without (further) deliveries → one row whose delivery columns are null.
const deliveryPage = (status: boolean, hasCursor: boolean) =>
  readStatement(
    'workspace',
    `webhook_deliveries_page${status ? '_status' : ''}${hasCursor ? '_after' : ''}`,
    `select w.id as "endpointFound", x.*
     from webhook_endpoints w left join lateral (
       select ${DELIVERY_COLUMNS}, ${cursorAtColumn('d.created_at')}
       from webhook_deliveries d
       where d.endpoint_id = w.id${status ? ' and d.status = :status' : ''}${hasCursor ? ' and (d.created_at, d.id) < (:cursorAt::timestamptz, :cursorId::uuid)' : ''}
       order by d.created_at desc, d.id desc limit :limit
     ) x on true
     where caller.ok and w.id = :id and w.workspace_id = :wid`,
    'd."cursorAt" desc nulls last, d.id desc',
  );
const DELIVERY_PAGES = new Map<string, ReadStatement>(
  [false, true].flatMap((status) => [false, true].map((cursor) => [`${status}:${cursor}`, deliveryPage(status, cursor)] as const)),
);

/** GET /webhooks/{id}/deliveries: a page of the endpoint's deliveries, newest first; null when there is no such endpoint. */
export async function readDeliveries(
  scope: ReadScope,
  endpointId: string,
  query: { limit: number; cursor?: string; status?: WebhookDeliveryStatus },
): Promise<{ data: WebhookDelivery[]; nextCursor: string | null } | null> {
  const cursor = decodeCursor(query.cursor);
  const rows = await scope.read<DeliveryRow & { cursorAt: string }>(DELIVERY_PAGES.get(`${Boolean(query.status)}:${cursor !== null}`)!, {
    id: endpointId,
    status: query.status,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: query.limit + 1,
  });
  if (rows.length === 0) return null;
  return page(
    rows.filter((r) => r.id !== null),
    query.limit,
    toDelivery,
  );
}
