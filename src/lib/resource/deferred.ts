// A resource feature's part that loads after the first paint (src/lib/feature.ts, DeferredFeature): its records'
// realtime events (./realtime.ts) with the resync of its domain, and two palette actions per record type (go to
// the list, create one).
import type { CommandAction, DeferredFeature, NavSection } from '../feature';
import { workspaceScope } from '../query-keys';
import type { ResourceMeta } from './meta';
import { resourceEventHandlers } from './realtime';

export function resourceDeferredFeature(section: NavSection, resources: readonly ResourceMeta[]): DeferredFeature {
  const domain = resources[0]!.domain;
  const commands: CommandAction[] = resources.flatMap((meta) => {
    const words = [meta.label.toLowerCase(), meta.pluralLabel.toLowerCase(), section.label.toLowerCase()];
    return [
      {
        id: `${meta.plural}.open`,
        label: `Go to ${meta.pluralLabel.toLowerCase()}`,
        keywords: words,
        scope: 'workspace',
        minRole: meta.access.read,
        href: ({ wid }) => `/w/${wid}/${meta.path}`,
      },
      {
        id: `${meta.plural}.new`,
        label: `New ${meta.label.toLowerCase()}`,
        keywords: ['add', 'create', ...words],
        scope: 'workspace',
        minRole: meta.access.write,
        href: ({ wid }) => `/w/${wid}/${meta.path}?new=1`,
      },
    ];
  });
  return {
    realtime: { events: resourceEventHandlers(resources), resync: (wid) => [...workspaceScope(wid), domain] },
    commands,
  };
}
