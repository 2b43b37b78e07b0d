import { describe, expect, it } from 'vitest';
import { inboxIds, message, page } from '@/test/fixtures';
import { reconcileMessage, removeMessage, threadMessages, upsertMessage, type ThreadMessage, type ThreadPages } from './message-cache';

const cache = (...pages: ThreadMessage[][]): ThreadPages => ({ pages: pages.map((p) => page(p)), pageParams: pages.map((_, i) => (i ? `c${i}` : null)) });
const ids = (data: ThreadPages | undefined) => threadMessages(data).map((m) => m.id);
const temp: ThreadMessage = { ...message(9, { senderType: 'agent' }), id: 'optimistic-1', pending: true, createdAt: '2026-01-02T09:00:00.000Z' };
const saved = message(9, { senderType: 'agent' });

describe('message cache', () => {
  it('adds a new message as the newest and keeps one copy per id', () => {
    const data = cache([message(2), message(1)]);
    const once = upsertMessage(data, message(3));
    expect(ids(once)).toEqual([inboxIds.message(1), inboxIds.message(2), inboxIds.message(3)]);
    expect(ids(upsertMessage(once, message(3)))).toEqual(ids(once));
    expect(ids(upsertMessage(once, message(1)))).toEqual(ids(once));
  });

  it('keeps a pending message last until the server answers, then replaces it in place', () => {
    const data = upsertMessage(cache([message(2), message(1)]), temp);
    expect(ids(data).at(-1)).toBe('optimistic-1');
    const reconciled = reconcileMessage(data, temp.id, saved);
    expect(ids(reconciled)).toEqual([inboxIds.message(1), inboxIds.message(2), saved.id]);
    expect(threadMessages(reconciled).some((m) => m.pending)).toBe(false);
  });

  it('drops the placeholder when the real message is already there (the event came first)', () => {
    const data = upsertMessage(upsertMessage(cache([message(1)]), temp), saved);
    expect(ids(reconcileMessage(data, temp.id, saved))).toEqual([inboxIds.message(1), saved.id]);
  });

  it('adds the real message when a refetch already dropped the placeholder', () => {
    expect(ids(reconcileMessage(cache([message(1)]), temp.id, saved))).toEqual([inboxIds.message(1), saved.id]);
  });

  it('leaves an unloaded thread alone and removes by id', () => {
    expect(upsertMessage(undefined, message(1))).toBeUndefined();
    expect(ids(removeMessage(cache([message(2)], [message(1)]), inboxIds.message(1)))).toEqual([inboxIds.message(2)]);
  });
});
