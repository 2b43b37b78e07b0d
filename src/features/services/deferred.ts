// Services after the first paint (src/lib/feature.ts): the generic resource's record events and palette actions
// (src/lib/resource/deferred.ts), and metrics.ingested, which refreshes the metrics of the services it names
// (all of them when the event's lists were cut short).
import type { DeferredFeature } from '@/lib/feature';
import { defineDeferredFeature } from '@/lib/feature';
import { resourceDeferredFeature } from '@/lib/resource/deferred';
import { serviceKeys } from './keys';
import { SECTION } from './section';
import { services } from './resources';

const base: DeferredFeature = resourceDeferredFeature(SECTION, [services]);

export default defineDeferredFeature({
  realtime: {
    events: {
      ...base.realtime!.events,
      'metrics.ingested': ({ serviceIds, truncated }, { queryClient, wid }) => {
        if (truncated) return void queryClient.invalidateQueries({ queryKey: serviceKeys.metrics(wid) });
        for (const id of serviceIds) if (id) void queryClient.invalidateQueries({ queryKey: [...serviceKeys.metrics(wid), id] });
      },
    },
    resync: base.realtime!.resync,
  },
  commands: base.commands,
});
