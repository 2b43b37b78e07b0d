// "AI assistant" in the inbox's conversation details (slot conversation.details): whether the assistant
// answers this conversation's customer, switched by agents and up. Shown only when the server has an AI API.
import { useQuery } from '@tanstack/react-query';
import { Bot } from 'lucide-react';
import { useId } from 'react';
import type { SlotProps } from '@/lib/feature';
import { errorMessage } from '@/lib/api-error';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { assistantSettingsQueryOptions, conversationDetailQueryOptions, useSetAiActive } from '../api';

export function AssistantSwitch({ wid, conversationId }: SlotProps['conversation.details']) {
  const role = useWorkspaceRole(wid);
  const isAgent = hasRole(role, 'agent');
  // Viewers cannot read the settings (agents and up): for them the panel shows nothing.
  const settings = useQuery({ ...assistantSettingsQueryOptions(wid), enabled: isAgent });
  const conversation = useQuery(conversationDetailQueryOptions(wid, conversationId));
  const setActive = useSetAiActive(wid, conversationId);
  const headingId = useId();
  if (!isAgent || !settings.data?.available || !conversation.data) return null;
  const on = setActive.isPending ? setActive.variables : conversation.data.aiActive;

  return (
    <section aria-labelledby={headingId} className="border-b border-border p-4">
      <h2 id={headingId} className="mb-2 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted uppercase">
        <Bot aria-hidden className="size-3.5" />
        AI assistant
      </h2>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          role="switch"
          className="size-4 accent-accent"
          checked={on}
          disabled={setActive.isPending}
          onChange={(event) => setActive.mutate(event.target.checked)}
        />
        {on ? 'AI assistant on' : 'AI assistant off'}
      </label>
      <p className="mt-1 text-xs text-muted">
        {on
          ? 'It answers the customer and hands over to the team when asked for a person, when it cannot help, or after 3 answers.'
          : 'The team answers this conversation.'}
      </p>
      {setActive.isError ? (
        <p role="alert" className="mt-2 text-xs text-danger">
          {errorMessage(setActive.error)}
        </p>
      ) : null}
    </section>
  );
}
