// The board's share of the workspace's realtime events: every task change reaches each cached board (and the
// member's own tasks), so a card another member moves moves here too. The cache code loads on the first event.
import type { FeatureEventHandlers, WorkspaceContext } from '@/lib/feature';
import { kanbanKeys } from '../keys';

const cache = () => import('../board-cache');

/** A project created, renamed or deleted: the board switcher and titles follow; a deleted project's tasks go with it. */
const refreshProject = (id: string | null, { queryClient, wid }: WorkspaceContext) => {
  void queryClient.invalidateQueries({ queryKey: kanbanKeys.projects(wid) });
  if (id) void queryClient.invalidateQueries({ queryKey: kanbanKeys.project(wid, id) });
};

export const kanbanEventHandlers: FeatureEventHandlers = {
  'task.created': ({ task }, { queryClient, wid }) => void cache().then((c) => c.applyTaskChanged(queryClient, wid, task)),
  'task.updated': ({ task }, { queryClient, wid }) => void cache().then((c) => c.applyTaskChanged(queryClient, wid, task)),
  'task.deleted': ({ id }, { queryClient, wid }) => void cache().then((c) => c.applyTaskDeleted(queryClient, wid, id)),
  'task.reordered': (event, { queryClient, wid }) => void cache().then((c) => c.applyTasksReordered(queryClient, wid, event)),
  'task.imported': (_event, { queryClient, wid }) => void cache().then((c) => c.refreshBoards(queryClient, wid)),
  'project.created': (_event, context) => refreshProject(null, context),
  'project.updated': ({ project }, context) => refreshProject(project.id, context),
  'project.deleted': ({ id }, context) => {
    refreshProject(id, context);
    void context.queryClient.invalidateQueries({ queryKey: kanbanKeys.board(context.wid, id) });
  },
};
