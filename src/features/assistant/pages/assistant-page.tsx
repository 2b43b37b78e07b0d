// `/w/:wid/settings/assistant`: the AI assistant's settings. Agents read them; admins and owners change the
// knowledge text the assistant answers from and whether new channel conversations start with it on. Says so
// when the server has no AI API configured (AI_BASE_URL, AI_API_KEY, AI_MODEL).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useParams } from 'react-router';
import { ASSISTANT_KNOWLEDGE_MAX_LENGTH, type AssistantSettings } from '../../../../contracts/assistant';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { useWorkspaceRole } from '@/lib/workspace';
import { assistantSettingsQueryOptions, useUpdateAssistantSettings } from '../api';

const count = new Intl.NumberFormat('en');

export function AssistantPage() {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const canRead = hasRole(role, 'agent');
  const settings = useQuery({ ...assistantSettingsQueryOptions(wid), enabled: canRead });

  return (
    <div className="max-w-3xl">
      <title>AI assistant · Switchboard</title>
      <PageHeader
        title="AI assistant"
        description="Answers customers on your channels while a conversation has it on, from your products and what you tell it here, and hands over to the team."
      />
      {role === undefined ? (
        <LoadingBlock label="Loading the assistant’s settings" />
      ) : !canRead ? (
        <StateMessage title="Only agents, admins and owners see the assistant’s settings">Ask an admin of this workspace.</StateMessage>
      ) : settings.isPending ? (
        <LoadingBlock label="Loading the assistant’s settings" />
      ) : settings.isError ? (
        <StateMessage title="Could not load the assistant’s settings" tone="error" action={<Button onClick={() => settings.refetch()}>Try again</Button>}>
          {errorMessage(settings.error)}
        </StateMessage>
      ) : (
        <SettingsForm wid={wid} settings={settings.data} canEdit={hasRole(role, 'admin')} />
      )}
    </div>
  );
}

function SettingsForm({ wid, settings, canEdit }: { wid: string; settings: AssistantSettings; canEdit: boolean }) {
  const update = useUpdateAssistantSettings(wid);
  const [knowledge, setKnowledge] = useState(settings.knowledge);
  const [enabled, setEnabled] = useState(settings.enabledForNewConversations);
  const [saved, setSaved] = useState(false);
  const knowledgeId = useId();
  const hintId = useId();
  // Another admin's save (or this one's answer) becomes the form's starting point.
  useEffect(() => {
    setKnowledge(settings.knowledge);
    setEnabled(settings.enabledForNewConversations);
  }, [settings.knowledge, settings.enabledForNewConversations]);
  const changed = knowledge !== settings.knowledge || enabled !== settings.enabledForNewConversations;
  const tooLong = knowledge.length > ASSISTANT_KNOWLEDGE_MAX_LENGTH;

  return (
    <form
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        if (!canEdit || tooLong) return;
        setSaved(false);
        update.mutate({ knowledge, enabledForNewConversations: enabled }, { onSuccess: () => setSaved(true) });
      }}
    >
      {settings.available ? null : (
        <Notice tone="warning" live={false}>
          The assistant is not configured on this server: set <code>AI_BASE_URL</code>, <code>AI_API_KEY</code> and <code>AI_MODEL</code> (any OpenAI-compatible
          API) in the server’s environment. Until then it never answers; these settings are kept for when it does.
        </Notice>
      )}
      {canEdit ? null : <Notice live={false}>Only admins and owners change these settings.</Notice>}
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          role="switch"
          className="mt-0.5 size-4 accent-accent"
          checked={enabled}
          disabled={!canEdit}
          onChange={(event) => setEnabled(event.target.checked)}
        />
        <span>
          <span className="font-medium">Turn the assistant on for new conversations</span>
          <span className="block text-muted">Conversations that customers start on your channels begin with it on. Agents switch it per conversation.</span>
        </span>
      </label>
      <div>
        <label htmlFor={knowledgeId} className="text-sm font-medium">
          What the assistant should know
        </label>
        <p id={hintId} className="mb-1.5 text-xs text-muted">
          Opening hours, delivery and returns, policies, answers to common questions. It also knows your products’ names, prices and stock. It hands over to the
          team when asked for a person, when it cannot help, or after 3 answers in a row.{' '}
          <span aria-live="polite">
            {count.format(knowledge.length)} of {count.format(ASSISTANT_KNOWLEDGE_MAX_LENGTH)} characters.
          </span>
        </p>
        <textarea
          id={knowledgeId}
          aria-describedby={hintId}
          aria-invalid={tooLong || undefined}
          readOnly={!canEdit}
          rows={14}
          value={knowledge}
          onChange={(event) => {
            setKnowledge(event.target.value);
            setSaved(false);
          }}
          className="w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-fg focus:border-accent focus:outline-none"
        />
        {tooLong ? (
          <p role="alert" className="mt-1 text-xs text-danger">
            Use at most {count.format(ASSISTANT_KNOWLEDGE_MAX_LENGTH)} characters.
          </p>
        ) : null}
      </div>
      <FormError message={update.isError ? errorMessage(update.error) : null} />
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="primary" disabled={update.isPending || !changed || tooLong}>
            {update.isPending ? 'Saving…' : 'Save'}
          </Button>
          {saved && !changed ? (
            <span role="status" className="text-sm text-muted">
              Saved.
            </span>
          ) : null}
        </div>
      ) : null}
      {settings.updatedAt ? <p className="text-xs text-muted">Last saved {formatDateTime(settings.updatedAt)}.</p> : null}
    </form>
  );
}
