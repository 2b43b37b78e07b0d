// The customers feature's share of the workspace's realtime events: customers' lists and details, and the
// conversation and project lists on customers' pages (a conversation event may change any of the former; a
// project event, or a task event that moves a project's progress, any of the latter).
import type { QueryClient } from '@tanstack/react-query';
import type { FeatureEventHandlers } from '@/lib/feature';
import { customerKeys } from '../keys';

const refreshConversations = (queryClient: QueryClient, wid: string) => void queryClient.invalidateQueries({ queryKey: customerKeys.conversationLists(wid) });
const refreshProjects = (queryClient: QueryClient, wid: string) => void queryClient.invalidateQueries({ queryKey: customerKeys.projectLists(wid) });

export const customerEventHandlers: FeatureEventHandlers = {
  'customer.created': (_payload, { queryClient, wid }) => void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) }),
  'customer.updated': ({ customer }, { queryClient, wid }) => {
    queryClient.setQueryData(customerKeys.detail(wid, customer.id), customer);
    void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
  },
  'customer.deleted': ({ id }, { queryClient, wid }) => {
    queryClient.removeQueries({ queryKey: customerKeys.detail(wid, id) });
    void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
  },
  // A large import comes as one event instead of one per row: whatever it touched is refetched.
  'customer.imported': (_payload, { queryClient, wid }) => {
    void queryClient.invalidateQueries({ queryKey: customerKeys.lists(wid) });
    void queryClient.invalidateQueries({ queryKey: customerKeys.details(wid) });
  },
  'conversation.created': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
  'conversation.updated': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
  'conversation.deleted': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
  'message.created': (_payload, { queryClient, wid }) => refreshConversations(queryClient, wid),
  'project.created': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
  'project.updated': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
  'project.deleted': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
  'project.imported': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
  'task.created': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
  'task.updated': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
  'task.deleted': (_payload, { queryClient, wid }) => refreshProjects(queryClient, wid),
};
