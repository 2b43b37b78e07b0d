// A declared resource's seven endpoints through the one typed client (src/lib/api-client.ts): the filtered,
// sorted list by cursor, one record, the writes (each announcing its event, so other features' caches follow),
// and the CSV export and import. The endpoint ids come from the resource's names as contracts/resource.ts
// names them (`crm.listEmployees`, `crm.createEmployee`, …).
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AxiosRequestConfig } from 'axios';
import type { ImportResult, ListResponse } from '../../../contracts/common';
import type { WorkspaceEventName } from '../../../contracts/events';
import type { EndpointId } from '../../../contracts/registry';
import { api, call, endpointRoute, endpointUrl } from '../api-client';
import { errorMessage } from '../api-error';
import { cleanFilters } from '../query-keys';
import { announceWorkspaceEvent } from '../workspace-events';
import { applyRecordCreated, applyRecordDeleted, applyRecordsImported, applyRecordUpdated, type ResourceRecord } from './cache';
import { resourceKeys, type ResourceFilters, type ResourceSource } from './keys';

/** Rows per page of a list (the API's most): fewer round trips when scrolling through thousands. */
export const RESOURCE_PAGE_SIZE = 100;

const pascal = (camel: string) => camel.charAt(0).toUpperCase() + camel.slice(1);

/** The registry ids of a resource's endpoints. */
export function resourceEndpointIds({ domain, name, plural }: ResourceSource) {
  const id = (op: string) => `${domain}.${op}` as EndpointId;
  return {
    list: id(`list${pascal(plural)}`),
    create: id(`create${pascal(name)}`),
    export: id(`export${pascal(plural)}`),
    import: id(`import${pascal(plural)}`),
    get: id(`get${pascal(name)}`),
    update: id(`update${pascal(name)}`),
    remove: id(`delete${pascal(name)}`),
  };
}

interface UntypedRequest {
  params: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  signal?: AbortSignal;
  idempotencyKey?: string;
}

/** `call` for ids computed at run time: the kit handles every resource alike, so records are untyped here. */
const callAny = call as unknown as <T>(id: EndpointId, request: UntypedRequest) => Promise<T>;

export const resourceListQueryOptions = (source: ResourceSource, wid: string, filters: ResourceFilters) => {
  const clean = cleanFilters(filters);
  return infiniteQueryOptions({
    queryKey: resourceKeys(source).list(wid, clean),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      callAny<ListResponse<ResourceRecord>>(resourceEndpointIds(source).list, {
        params: { wid },
        query: { ...clean, limit: RESOURCE_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
};

export const resourceQueryOptions = (source: ResourceSource, wid: string, id: string) =>
  queryOptions({
    queryKey: resourceKeys(source).detail(wid, id),
    queryFn: ({ signal }) => callAny<ResourceRecord>(resourceEndpointIds(source).get, { params: { wid, id }, signal }),
  });

const announce = (source: ResourceSource, wid: string, event: string, payload: unknown) =>
  announceWorkspaceEvent(source.domain, wid, `${source.name}.${event}` as WorkspaceEventName, payload as never);

export function useCreateRecord(source: ResourceSource, wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: Record<string, unknown>; idempotencyKey: string }) =>
      callAny<ResourceRecord>(resourceEndpointIds(source).create, { params: { wid }, body, idempotencyKey }),
    onSuccess: (record) => {
      announce(source, wid, 'created', { [source.name]: record });
      return applyRecordCreated(queryClient, source, wid, record);
    },
  });
}

export function useUpdateRecord(source: ResourceSource, wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) =>
      callAny<ResourceRecord>(resourceEndpointIds(source).update, { params: { wid, id }, body }),
    onSuccess: (record) => {
      announce(source, wid, 'updated', { [source.name]: record });
      return applyRecordUpdated(queryClient, source, wid, record);
    },
  });
}

/** DELETE one record (409 `in_use` while others point at it); the caches drop it. */
export async function deleteRecord(source: ResourceSource, wid: string, id: string, queryClient: ReturnType<typeof useQueryClient>) {
  await callAny<undefined>(resourceEndpointIds(source).remove, { params: { wid, id } });
  announce(source, wid, 'deleted', { id });
  await applyRecordDeleted(queryClient, source, wid, id);
}

export function useDeleteRecord(source: ResourceSource, wid: string) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => deleteRecord(source, wid, id, queryClient) });
}

/** A record a bulk delete could not remove, and why (the server's message). */
export interface DeleteFailure {
  record: ResourceRecord;
  message: string;
}

/**
 * Deletes the records a few at a time (each its own request: a record others point at is refused alone, 409
 * in_use, and the rest still go); reports progress and returns the ones that failed.
 */
export async function deleteRecords(
  source: ResourceSource,
  wid: string,
  records: readonly ResourceRecord[],
  queryClient: ReturnType<typeof useQueryClient>,
  onProgress: (done: number) => void,
  concurrency = 4,
): Promise<DeleteFailure[]> {
  const failures: DeleteFailure[] = [];
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < records.length) {
      const record = records[next++]!;
      try {
        await callAny<undefined>(resourceEndpointIds(source).remove, { params: { wid, id: record.id } });
        announce(source, wid, 'deleted', { id: record.id });
        queryClient.removeQueries({ queryKey: resourceKeys(source).detail(wid, record.id) });
      } catch (error) {
        failures.push({ record, message: errorMessage(error) });
      }
      onProgress(++done);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, records.length) }, worker));
  const gone = new Set(records.map((r) => r.id).filter((id) => !failures.some((f) => f.record.id === id)));
  queryClient.setQueriesData<unknown>({ queryKey: resourceKeys(source).lists(wid) }, (data: unknown) => {
    const pages = (data as { pages?: ListResponse<ResourceRecord>[] } | undefined)?.pages;
    if (!Array.isArray(pages)) return data;
    return { ...(data as object), pages: pages.map((page) => ({ ...page, data: page.data.filter((r) => !gone.has(r.id)) })) };
  });
  await queryClient.invalidateQueries({ queryKey: resourceKeys(source).lists(wid) });
  return failures;
}

/** An endpoint whose body or answer is CSV, through the same client (token, refresh, errors). */
async function rawRequest<T>(id: EndpointId, wid: string, config: AxiosRequestConfig): Promise<T> {
  const response = await api.request<T>({ method: endpointRoute(id).method, url: endpointUrl(id, { wid }), ...config });
  return response.data;
}

/** GET …/export with the list's filters (no paging): the CSV text. */
export function exportRecordsCsv(source: ResourceSource, wid: string, filters: ResourceFilters): Promise<string> {
  return rawRequest<string>(resourceEndpointIds(source).export, wid, {
    params: cleanFilters(filters),
    headers: { Accept: 'text/csv, application/json' },
  });
}

/** POST …/import: with `dryRun` every row is checked and nothing written; otherwise all rows or none. */
export function importRecordsCsv(source: ResourceSource, wid: string, csv: string, { dryRun, idempotencyKey }: { dryRun: boolean; idempotencyKey?: string }) {
  return rawRequest<ImportResult>(resourceEndpointIds(source).import, wid, {
    params: dryRun ? { dryRun: 'true' } : undefined,
    data: new Blob([csv], { type: 'text/csv' }),
    headers: { 'Content-Type': 'text/csv', ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
  });
}

export function useImportRecords(source: ResourceSource, wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ csv, dryRun, idempotencyKey }: { csv: string; dryRun: boolean; idempotencyKey?: string }) =>
      importRecordsCsv(source, wid, csv, { dryRun, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    onSuccess: (result, { dryRun }) => {
      if (dryRun) return undefined;
      announce(source, wid, 'imported', { created: result.created, updated: result.updated });
      return applyRecordsImported(queryClient, source, wid);
    },
  });
}
