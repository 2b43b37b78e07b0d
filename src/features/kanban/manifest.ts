// The task board as the shell sees it: the boards (a project's, and the tasks without a project), the member's
// own tasks under the sidebar's CRM heading and the project page's "Tasks" panel (slot project.details). Light:
// pages and the panel are lazy, and nothing here imports the contracts' schemas. Its share of the realtime
// events and its palette actions load after the first paint (./deferred.ts).
import { ListTodo } from 'lucide-react';
import { lazy } from 'react';
import { defineFeature, lazyPage } from '@/lib/feature';

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
  deferred: () => import('./deferred'),
});
