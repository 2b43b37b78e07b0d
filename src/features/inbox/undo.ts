// Undo for the inbox's quick changes (close, reopen, assign, tags, delete): a toast saying what happened with an
// Undo button that sends the reverse change to the server, so every other member sees it undone through the
// usual realtime events. While the toast shows, `z` (or Ctrl/⌘+Z outside text fields) undoes it too. One
// change can be undone at a time: a newer toast replaces the older one's offer.
import type { QueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { ConversationDetail, UpdateConversationBody } from '../../../contracts/conversations';
import { errorMessage } from '@/lib/api-error';
import { restoreConversationNow, updateConversationNow } from './api/conversations';
import { isTypingTarget } from '@/lib/keyboard';

/** How long the offer stands (the toast's life). */
export const UNDO_DURATION_MS = 8000;

/**
 * Where undo toasts show: top centre, clear of the composer's Send button and the list's rows at the bottom of
 * the inbox (the app's other toasts keep their corner).
 */
export const UNDO_TOAST_POSITION = 'top-center' as const;

export interface UndoableChange {
  /** What happened, e.g. "Conversation #42 closed". */
  message: string;
  /** Sends the reverse change; its promise settles when the server has it. */
  undo: () => Promise<unknown>;
  /** Said when the reverse change went through, e.g. "Conversation #42 is open again". */
  undoneMessage: string;
}

interface Offer {
  toastId: string | number;
  change: UndoableChange;
  used: boolean;
}

let offer: Offer | null = null;

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented || event.repeat || event.altKey || event.shiftKey) return;
  if (event.key !== 'z' && event.key !== 'Z') return;
  // Plain `z` and Ctrl/⌘+Z alike leave text fields their own undo.
  if (isTypingTarget(event.target)) return;
  if (document.querySelector('[role="dialog"], [role="menu"]')) return;
  if (!offer) return;
  event.preventDefault();
  void undoLast();
}

function setOffer(next: Offer | null) {
  const had = offer !== null;
  offer = next;
  if (typeof document === 'undefined') return;
  if (next && !had) document.addEventListener('keydown', onKeyDown);
  if (!next && had) document.removeEventListener('keydown', onKeyDown);
}

/** Shows "…" with an Undo button (and arms `z`) for `UNDO_DURATION_MS`; replaces any earlier offer. */
export function offerUndo(change: UndoableChange): string | number {
  if (offer) toast.dismiss(offer.toastId);
  const current: Offer = { toastId: '', change, used: false };
  const expire = () => {
    if (offer === current) setOffer(null);
  };
  current.toastId = toast.success(change.message, {
    duration: UNDO_DURATION_MS,
    position: UNDO_TOAST_POSITION,
    action: { label: 'Undo', onClick: () => void run(current) },
    onDismiss: expire,
    onAutoClose: expire,
  });
  setOffer(current);
  return current.toastId;
}

async function run(target: Offer): Promise<boolean> {
  if (target.used) return false;
  target.used = true;
  if (offer === target) setOffer(null);
  toast.dismiss(target.toastId);
  try {
    await target.change.undo();
    toast.success(target.change.undoneMessage, { position: UNDO_TOAST_POSITION });
    return true;
  } catch (error) {
    toast.error(`Could not undo: ${errorMessage(error)}`, { position: UNDO_TOAST_POSITION });
    return false;
  }
}

/** Undoes the change whose toast is showing; false when there is none (or the reverse change failed). */
export function undoLast(): Promise<boolean> {
  return offer ? run(offer) : Promise.resolve(false);
}

/** True while an Undo is on offer. */
export const hasUndo = () => offer !== null;

// ---------------------------------------------------------------------------------------------------------
// The reverse of a conversation change, and the sentences for both directions.

type Before = Pick<ConversationDetail, 'number' | 'status' | 'snoozedUntil' | 'assigneeId' | 'tags'>;

/**
 * The PATCH that puts back what `change` changed: the previous status (a snooze with its wake-up time, or open
 * when that time has passed meanwhile), the previous assignee, the previous tags. Null when it changed nothing.
 */
export function reverseOf(before: Before, change: UpdateConversationBody, now = Date.now()): UpdateConversationBody | null {
  const reverse: UpdateConversationBody = {};
  if (change.status !== undefined && (change.status !== before.status || change.status === 'snoozed')) {
    if (before.status === 'snoozed' && before.snoozedUntil && Date.parse(before.snoozedUntil) > now) {
      reverse.status = 'snoozed';
      reverse.snoozedUntil = before.snoozedUntil;
    } else reverse.status = before.status === 'snoozed' ? 'open' : before.status;
  }
  if (change.assigneeId !== undefined && change.assigneeId !== before.assigneeId) reverse.assigneeId = before.assigneeId;
  if (change.tags !== undefined && (change.tags.length !== before.tags.length || change.tags.some((t, i) => t !== before.tags[i]))) reverse.tags = before.tags;
  return Object.keys(reverse).length > 0 ? reverse : null;
}

const STATUS_DONE: Record<string, string> = { open: 'reopened', pending: 'marked as pending', closed: 'closed', snoozed: 'snoozed' };
const STATUS_AGAIN: Record<string, string> = { open: 'is open again', pending: 'is pending again', closed: 'is closed again', snoozed: 'is snoozed again' };

/** "Conversation #42 closed" / "… assigned to Ava Agent" / "Tag “vip” added to #42", and what Undo will say. */
export function describeChange(
  before: Before,
  change: UpdateConversationBody,
  assigneeName: (id: string) => string,
): { message: string; undoneMessage: string } {
  const it = `Conversation #${before.number}`;
  if (change.status !== undefined) {
    return {
      message: `${it} ${STATUS_DONE[change.status] ?? `set to ${change.status}`}`,
      undoneMessage: `${it} ${STATUS_AGAIN[before.status === 'snoozed' && before.snoozedUntil && Date.parse(before.snoozedUntil) <= Date.now() ? 'open' : before.status]}`,
    };
  }
  if (change.assigneeId !== undefined) {
    const back = before.assigneeId ? `back with ${assigneeName(before.assigneeId)}` : 'unassigned again';
    return { message: change.assigneeId ? `${it} assigned to ${assigneeName(change.assigneeId)}` : `${it} unassigned`, undoneMessage: `${it} is ${back}` };
  }
  if (change.tags !== undefined) {
    const added = change.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !change.tags!.includes(t));
    const quote = (tags: string[]) => tags.map((t) => `“${t}”`).join(', ');
    const parts = [added.length ? `added ${quote(added)}` : '', removed.length ? `removed ${quote(removed)}` : ''].filter(Boolean).join(', ');
    const noun = added.length + removed.length === 1 ? 'Tag' : 'Tags';
    const message =
      added.length && !removed.length
        ? `${noun} ${quote(added)} added to #${before.number}`
        : removed.length && !added.length
          ? `${noun} ${quote(removed)} removed from #${before.number}`
          : `${it}: ${parts}`;
    return { message, undoneMessage: `${it}'s tags are back as they were` };
  }
  return { message: `${it} changed`, undoneMessage: `${it} is back as it was` };
}

/**
 * After a change to a conversation went through: the toast saying so, whose Undo sends the reverse PATCH.
 * `before` is the conversation as it was when the change was made.
 */
export function offerConversationUndo(
  queryClient: QueryClient,
  wid: string,
  before: Before & { id: string },
  change: UpdateConversationBody,
  options: { assigneeName: (id: string) => string; message?: string },
) {
  const reverse = reverseOf(before, change);
  if (!reverse) return;
  const described = describeChange(before, change, options.assigneeName);
  offerUndo({
    message: options.message ?? described.message,
    undoneMessage: described.undoneMessage,
    undo: () => updateConversationNow(queryClient, wid, before.id, reverse),
  });
}

/** After a delete: "Conversation #42 deleted", whose Undo restores it. */
export function offerRestoreUndo(queryClient: QueryClient, wid: string, conversation: { id: string; number: number }) {
  offerUndo({
    message: `Conversation #${conversation.number} deleted`,
    undoneMessage: `Conversation #${conversation.number} is back`,
    undo: () => restoreConversationNow(queryClient, wid, conversation.id),
  });
}
