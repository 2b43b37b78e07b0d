// The workspace's one realtime subscription, for the whole visit (mounted by the workspace gate, so moving
// between pages never drops events or triggers a catch-up refetch). Each event on private-workspace-{wid} is
// checked against its contract and handed to every feature that handles it (their manifests' handlers);
// events a feature announces for its own writes (src/lib/workspace-events.ts) reach the other features the
// same way. When events may have been missed (subscription confirmed after a first fetch, or a reconnect),
// each feature's resync key refetches. When the server refuses the channel (the user's access ended while the
// workspace was open), the user is told and taken elsewhere (use-workspace-access-ended.ts).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { workspaceEventSchemas, type WorkspaceEventName } from '../../contracts/events';
import type { FeatureManifest } from '@/lib/feature';
import { useRealtimeReconnect, useWorkspaceChannel, type WorkspaceEventHandlers } from '@/lib/realtime';
import { onAnnouncedWorkspaceEvent } from '@/lib/workspace-events';
import { dispatchWorkspaceEvent, handledEvents, resyncKeys } from './compose-features';
import { features as allFeatures } from './features';
import { useWorkspaceAccessEnded } from './use-workspace-access-ended';

export function WorkspaceRealtime({ workspaceId: wid, features = allFeatures }: { workspaceId: string; features?: readonly FeatureManifest[] }) {
  const queryClient = useQueryClient();

  const handlers = useMemo(() => {
    const context = { queryClient, wid };
    const result: WorkspaceEventHandlers = {};
    for (const name of handledEvents(features)) {
      result[name] = (data: unknown) => {
        const parsed = workspaceEventSchemas[name].safeParse(data);
        if (!parsed.success) {
          console.warn(`Ignored a malformed realtime event ${name}`, parsed.error.issues);
          return;
        }
        dispatchWorkspaceEvent(features, context, name as WorkspaceEventName, parsed.data as never);
      };
    }
    return result;
  }, [features, queryClient, wid]);

  useEffect(
    () =>
      onAnnouncedWorkspaceEvent((event) => {
        if (event.wid === wid) dispatchWorkspaceEvent(features, { queryClient, wid }, event.name, event.payload, event.source);
      }),
    [features, queryClient, wid],
  );

  const resync = () => {
    for (const queryKey of resyncKeys(features, wid)) void queryClient.invalidateQueries({ queryKey });
  };
  const onAccessEnded = useWorkspaceAccessEnded(wid);
  useWorkspaceChannel(wid, handlers, { onSubscribed: resync, onAccessEnded });
  useRealtimeReconnect(resync);
  return null;
}
