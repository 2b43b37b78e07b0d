// The task board as the shell sees it: the boards (a project's, and the tasks without a project), the member's
// own tasks under the sidebar's CRM heading, the project page's "Tasks" panel (slot project.details), its share
// of the realtime events and its palette actions. Light: pages and the panel are lazy, the handlers load the
// cache code on their first event, and nothing here imports the contracts' schemas.
import { ListTodo } from 'lucide-react';
import { lazy } from 'react';
import { defineFeature, lazyPage } from '@/lib/feature';
import { kanbanKeys } from './keys';
import { kanbanEventHandlers } from './realtime/handlers';

const BoardPage = lazyPage(() => import('./pages/board-page'), 'BoardPage');
const MyTasksPage = lazyPage(() => import('./pages/my-tasks-page'), 'MyTasksPage');
const ProjectTasksPanel = lazy(async () => ({ default: (await import('./components/project-tasks-panel')).ProjectTasksPanel }));

export const kanbanFeature = defineFeature({
  id: 'kanban',
  routes: [
    { mount: 'workspace', path: 'projects/:id/board', page: BoardPage },
    { mount: 'workspace', path: 'tasks/board', page: BoardPage },
    { mount: 'workspace', path: 'tasks/mine', page: MyTasksPage },
  ],
  nav: [
    {
      area: 'workspace',
      path: 'tasks/mine',
      label: 'My tasks',
      icon: ListTodo,
      // Right after the CRM's Tasks (50).
      order: 55,
      minRole: 'viewer',
      section: { id: 'crm', label: 'CRM', order: 50 },
      prefetch: () => void MyTasksPage.preload(),
    },
  ],
  panels: [{ slot: 'project.details', order: 10, component: ProjectTasksPanel }],
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
