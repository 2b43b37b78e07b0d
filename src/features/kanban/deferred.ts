// The task board after the first paint (src/lib/feature.ts): its share of the realtime events
// (./realtime/handlers.ts) and its palette actions.
import { defineDeferredFeature } from '@/lib/feature';
import { kanbanKeys } from './keys';
import { kanbanEventHandlers } from './realtime/handlers';

export default defineDeferredFeature({
  realtime: { events: kanbanEventHandlers, resync: kanbanKeys.all },
  commands: [
    { id: 'kanban.mine', label: 'Go to my tasks', keywords: ['assigned', 'todo', 'crm'], scope: 'workspace', href: ({ wid }) => `/w/${wid}/tasks/mine` },
    {
      id: 'kanban.board',
      label: 'Open the task board',
      keywords: ['kanban', 'board', 'tasks', 'crm'],
      scope: 'workspace',
      href: ({ wid }) => `/w/${wid}/tasks/board`,
    },
  ],
});
