// The AI assistant (contracts/assistant.ts): its settings (agents read, admins and owners change), and a
// conversation's aiActive, written through the inbox's PATCH into the inbox's own cache entries.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AssistantSettings, UpdateAssistantBody } from '../../../contracts/assistant';
import type { ConversationDetail } from '../../../contracts/conversations';
import { call } from '@/lib/api-client';
import { assistantKeys, conversationKeys } from './keys';

export const assistantSettingsQueryOptions = (wid: string) =>
  queryOptions({
    queryKey: assistantKeys.settings(wid),
    queryFn: ({ signal }) => call('assistant.getAssistant', { params: { wid }, signal }),
    staleTime: 60_000,
  });

export function useUpdateAssistantSettings(wid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAssistantBody) => call('assistant.updateAssistant', { params: { wid }, body }),
    onSuccess: (settings: AssistantSettings) => queryClient.setQueryData(assistantKeys.settings(wid), settings),
  });
}

/** The conversation as the inbox caches it (the same key and request, so both share one entry). */
export const conversationDetailQueryOptions = (wid: string, id: string) =>
  queryOptions({
    queryKey: conversationKeys.detail(wid, id),
    queryFn: ({ signal }) => call('inbox.getConversation', { params: { wid, id }, signal }),
  });

export function useSetAiActive(wid: string, conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (aiActive: boolean) => call('inbox.updateConversation', { params: { wid, id: conversationId }, body: { aiActive } }),
    onSuccess: (detail: ConversationDetail) => {
      queryClient.setQueryData(conversationKeys.detail(wid, conversationId), detail);
      return queryClient.invalidateQueries({ queryKey: conversationKeys.lists(wid) });
    },
  });
}
