// A resource's share of the workspace's realtime events (`employee.created|updated|deleted|imported`): the
// record patched into the cache, or everything of the resource refetched after an import. Loaded after the first
// paint with the feature's deferred part (./deferred.ts); the cache code loads on the first event.
import type { FeatureEventHandlers, WorkspaceContext } from '../feature';
import type { ResourceRecord } from './cache';
import type { ResourceSource } from './keys';

const cache = () => import('./cache');

type Handler = (payload: Record<string, unknown>, context: WorkspaceContext) => void;

export function resourceEventHandlers(sources: readonly ResourceSource[]): FeatureEventHandlers {
  const handlers: Record<string, Handler> = {};
  for (const source of sources) {
    const record = (payload: Record<string, unknown>) => payload[source.name] as ResourceRecord;
    handlers[`${source.name}.created`] = (payload, { queryClient, wid }) =>
      void cache().then((c) => c.applyRecordCreated(queryClient, source, wid, record(payload)));
    handlers[`${source.name}.updated`] = (payload, { queryClient, wid }) =>
      void cache().then((c) => c.applyRecordUpdated(queryClient, source, wid, record(payload)));
    handlers[`${source.name}.deleted`] = (payload, { queryClient, wid }) =>
      void cache().then((c) => c.applyRecordDeleted(queryClient, source, wid, String(payload.id)));
    handlers[`${source.name}.imported`] = (_payload, { queryClient, wid }) => void cache().then((c) => c.applyRecordsImported(queryClient, source, wid));
  }
  return handlers as FeatureEventHandlers;
}
