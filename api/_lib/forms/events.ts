// What the form domain publishes (through the outbox, api/_lib/events/outbox.ts), on the workspace's private
// channel: form.created, form.updated, form.deleted, and form.submitted when someone sends a public form.
import type { Form, Submission } from '../../../contracts/forms.js';
import { workspaceEvent, type DomainEvent } from '../events/outbox.js';
import { byteLength, MAX_EVENT_BYTES } from '../realtime/publish.js';

export const formCreated = (workspaceId: string, form: Form): DomainEvent => workspaceEvent(workspaceId, 'form.created', { form });
export const formUpdated = (workspaceId: string, form: Form): DomainEvent => workspaceEvent(workspaceId, 'form.updated', { form });
export const formDeleted = (workspaceId: string, id: string): DomainEvent => workspaceEvent(workspaceId, 'form.deleted', { id });

/** Longest text answer a form.submitted event carries when the whole submission would not fit in one event. */
const EVENT_ANSWER_LENGTH = 100;

/**
 * form.submitted carries the submission; when its answers would pass the realtime size limit (long texts),
 * text answers are shortened to fit (the submission itself keeps them whole), and dropped if even that is too much.
 */
export function formSubmitted(workspaceId: string, submission: Submission, formName: string): DomainEvent {
  let payload = { submission, formName };
  if (byteLength(payload) > MAX_EVENT_BYTES) {
    const answers = Object.fromEntries(
      Object.entries(submission.answers).map(([key, value]) => [
        key,
        typeof value === 'string' && value.length > EVENT_ANSWER_LENGTH ? `${value.slice(0, EVENT_ANSWER_LENGTH - 1)}…` : value,
      ]),
    );
    payload = { submission: { ...submission, answers }, formName };
    if (byteLength(payload) > MAX_EVENT_BYTES) payload = { submission: { ...submission, answers: {} }, formName };
  }
  return workspaceEvent(workspaceId, 'form.submitted', payload);
}
