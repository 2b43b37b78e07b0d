// The workspace's one realtime subscription, for the whole visit (mounted by the workspace gate once the page's
// first queries have settled, so moving between pages never drops events or triggers a catch-up refetch). Each
// event on private-workspace-{wid} is checked against its contract and handed to every feature that handles it;
// events a feature announces for its own writes (src/lib/workspace-events.ts) reach the other features the same
// way. The features' handlers are not part of the first load: they start loading with the subscription, and
// events arriving before they are ready wait for them and are applied in order (./deferred-features.ts). When
// events may have been missed (subscription confirmed after a first fetch, or a reconnect), each feature's
// resync key refetches. When the server refuses the channel (the user's access ended while the workspace was
// open), the user is told and taken elsewhere (use-workspace-access-ended.ts).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { workspaceEventSchemas, type WorkspaceEventName } from '../../contracts/events';
import type { FeatureManifest } from '@/lib/feature';
import { useRealtimeReconnect, useWorkspaceChannel, type WorkspaceEventHandlers } from '@/lib/realtime';
import { onAnnouncedWorkspaceEvent } from '@/lib/workspace-events';
import { createWorkspaceEventDispatcher, type WorkspaceEventDispatcher } from './deferred-features';
import { features as allFeatures } from './features';
import { useWorkspaceAccessEnded } from './use-workspace-access-ended';

/** Every event of the contract, checked there, then handed to the workspace's dispatcher (if it is running). */
function channelHandlers(dispatcher: { current: WorkspaceEventDispatcher | null }): WorkspaceEventHandlers {
  const handlers: WorkspaceEventHandlers = {};
  for (const name of Object.keys(workspaceEventSchemas) as WorkspaceEventName[]) {
    handlers[name] = (data: unknown) => {
      const parsed = workspaceEventSchemas[name].safeParse(data);
      if (!parsed.success) {
        console.warn(`Ignored a malformed realtime event ${name}`, parsed.error.issues);
        return;
      }
      dispatcher.current?.dispatch(name, parsed.data as never);
    };
  }
  return handlers;
}

export function WorkspaceRealtime({ workspaceId: wid, features = allFeatures }: { workspaceId: string; features?: readonly FeatureManifest[] }) {
  const queryClient = useQueryClient();
  const dispatcher = useRef<WorkspaceEventDispatcher | null>(null);
  const handlers = useRef<WorkspaceEventHandlers | null>(null);
  handlers.current ??= channelHandlers(dispatcher);

  // Declared before the channel's own effect, so the dispatcher runs (and its handlers load) before any event.
  useEffect(() => {
    const events = createWorkspaceEventDispatcher(features, { queryClient, wid });
    dispatcher.current = events;
    const stopAnnounced = onAnnouncedWorkspaceEvent((event) => {
      if (event.wid === wid) events.dispatch(event.name, event.payload, event.source);
    });
    return () => {
      stopAnnounced();
      events.close();
      if (dispatcher.current === events) dispatcher.current = null;
    };
  }, [features, queryClient, wid]);

  const resync = () => dispatcher.current?.resync();
  const onAccessEnded = useWorkspaceAccessEnded(wid);
  useWorkspaceChannel(wid, handlers.current, { onSubscribed: resync, onAccessEnded });
  useRealtimeReconnect(resync);
  return null;
}
