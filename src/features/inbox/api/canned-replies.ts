// Canned replies (API.md "Inbox additions (round 2)"): the workspace's saved answers, inserted with `/` in the
// composer and managed under Settings → Canned replies.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateCannedReplyBody, UpdateCannedReplyBody } from '../../../../contracts/canned-replies';
import { call } from '@/lib/api-client';
import { inboxKeys } from './keys';

export const cannedRepliesKey = (wid: string) => [...inboxKeys.all(wid), 'canned-replies'] as const;

/** The first 100 by shortcut: the composer filters them as the agent types. */
export const cannedRepliesQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: cannedRepliesKey(wid),
    queryFn: ({ signal }) => call('canned-replies.listCannedReplies', { params: { wid }, query: { limit: 100 }, signal }),
    staleTime: 60_000,
  });

export function useSaveCannedReply(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreateCannedReplyBody | UpdateCannedReplyBody }) =>
      id
        ? call('canned-replies.updateCannedReply', { params: { wid, id }, body })
        : call('canned-replies.createCannedReply', { params: { wid }, body: body as CreateCannedReplyBody }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cannedRepliesKey(wid) }),
  });
}

export function useDeleteCannedReply(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('canned-replies.deleteCannedReply', { params: { wid, id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cannedRepliesKey(wid) }),
  });
}

export interface CannedReplyVariables {
  customerName: string;
  agentName: string;
  conversationNumber: number;
}

/** Fills in `{{customer.name}}`, `{{agent.name}}` and `{{conversation.number}}`; other braces stay as written. */
export function fillCannedReply(content: string, vars: CannedReplyVariables): string {
  const values: Record<string, string> = {
    'customer.name': vars.customerName,
    'agent.name': vars.agentName,
    'conversation.number': String(vars.conversationNumber),
  };
  return content.replace(/\{\{\s*(customer\.name|agent\.name|conversation\.number)\s*\}\}/g, (_all, name: string) => values[name] ?? '');
}
