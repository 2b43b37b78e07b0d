// Registers the AI assistant on `message.created` (imported by api/_lib/events/subscriptions.ts, so every
// function and sweep that dispatches events has it). Light at import: the engine (reply.ts, with drizzle and
// the notifications) loads on the first customer message of a conversation with the assistant on.
import { subscribe, type DeliveredEvent } from '../events/subscribers.js';

interface Payload {
  message?: { id?: string; senderType?: string; private?: boolean };
  conversation?: { id?: string; aiActive?: boolean };
}

export async function onMessageCreated(event: DeliveredEvent): Promise<void> {
  const { message, conversation } = event.payload as Payload;
  // The workspace's event carries the conversation; the web visitor's copy of a reply does not.
  if (!message?.id || !conversation?.id || !event.workspaceId) return;
  if (message.senderType === 'customer' && !message.private && conversation.aiActive) {
    const { assist } = await import('./reply.js');
    await assist({ workspaceId: event.workspaceId, conversationId: conversation.id, messageId: message.id });
  } else if (message.senderType === 'agent' && !message.private) {
    // A person answered: the assistant's count of answers in a row starts again.
    const { resetTurns } = await import('./reply.js');
    await resetTurns(event.workspaceId, conversation.id);
  }
}

// Once per process: a module reloaded by the local runtime replaces its earlier registration.
const holder = globalThis as { __switchboardAssistantUnsubscribe?: () => void };
holder.__switchboardAssistantUnsubscribe?.();
holder.__switchboardAssistantUnsubscribe = subscribe('message.created', onMessageCreated);
