import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Toaster, toast } from 'sonner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextAfterClosing } from './next-conversation';
import { describeChange, hasUndo, offerUndo, reverseOf, undoLast } from './undo';

const before = { number: 42, status: 'open' as const, snoozedUntil: null, assigneeId: 'u-ava', tags: ['billing'] };
const names = (id: string) => ({ 'u-ava': 'Ava Agent', 'u-adam': 'Adam Admin' })[id] ?? 'someone';

describe('reverseOf', () => {
  it('puts back the previous status, assignee and tags, and only what changed', () => {
    expect(reverseOf(before, { status: 'closed' })).toEqual({ status: 'open' });
    expect(reverseOf({ ...before, status: 'pending' }, { status: 'closed' })).toEqual({ status: 'pending' });
    expect(reverseOf(before, { assigneeId: 'u-adam' })).toEqual({ assigneeId: 'u-ava' });
    expect(reverseOf(before, { assigneeId: null })).toEqual({ assigneeId: 'u-ava' });
    expect(reverseOf({ ...before, assigneeId: null }, { assigneeId: 'u-adam' })).toEqual({ assigneeId: null });
    expect(reverseOf(before, { tags: ['billing', 'vip'] })).toEqual({ tags: ['billing'] });
    expect(reverseOf(before, { tags: [] })).toEqual({ tags: ['billing'] });
    expect(reverseOf(before, { tags: ['billing'] })).toBeNull();
    expect(reverseOf(before, { status: 'open' })).toBeNull();
  });

  it('a snooze comes back with its wake-up time, or as open when that time has passed', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    const snoozed = { ...before, status: 'snoozed' as const, snoozedUntil: '2026-12-05T09:00:00.000Z' };
    expect(reverseOf(snoozed, { status: 'closed' }, now)).toEqual({ status: 'snoozed', snoozedUntil: '2026-12-05T09:00:00.000Z' });
    expect(reverseOf(snoozed, { status: 'closed' }, Date.parse('2026-12-06T00:00:00Z'))).toEqual({ status: 'open' });
    expect(reverseOf(before, { status: 'snoozed', snoozedUntil: '2026-12-05T09:00:00.000Z' }, now)).toEqual({ status: 'open' });
  });
});

describe('describeChange', () => {
  it('says what happened and what Undo will say', () => {
    expect(describeChange(before, { status: 'closed' }, names)).toEqual({
      message: 'Conversation #42 closed',
      undoneMessage: 'Conversation #42 is open again',
    });
    expect(describeChange({ ...before, status: 'closed' }, { status: 'open' }, names).message).toBe('Conversation #42 reopened');
    expect(describeChange(before, { assigneeId: 'u-adam' }, names)).toEqual({
      message: 'Conversation #42 assigned to Adam Admin',
      undoneMessage: 'Conversation #42 is back with Ava Agent',
    });
    expect(describeChange(before, { assigneeId: null }, names).message).toBe('Conversation #42 unassigned');
    expect(describeChange(before, { tags: ['billing', 'vip'] }, names).message).toBe('Tag “vip” added to #42');
    expect(describeChange(before, { tags: [] }, names).message).toBe('Tag “billing” removed from #42');
  });
});

describe('nextAfterClosing', () => {
  const list = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it('is the one below, else the one above, else none', () => {
    expect(nextAfterClosing(list, 'a')).toEqual({ id: 'b' });
    expect(nextAfterClosing(list, 'b')).toEqual({ id: 'c' });
    expect(nextAfterClosing(list, 'c')).toEqual({ id: 'b' });
    expect(nextAfterClosing([{ id: 'a' }], 'a')).toBeNull();
    expect(nextAfterClosing(list, 'x')).toBeNull();
  });
});

describe('offerUndo', () => {
  afterEach(() => {
    act(() => void toast.dismiss());
  });

  function offer(message: string) {
    const undo = vi.fn(() => Promise.resolve());
    act(() => void offerUndo({ message, undoneMessage: `${message}: undone`, undo }));
    return undo;
  }

  it('shows the change with an Undo button that sends the reverse change once', async () => {
    render(<Toaster />);
    const undo = offer('Conversation #7 closed');
    const item = (await screen.findByText('Conversation #7 closed')).closest('[data-sonner-toast]') as HTMLElement;
    fireEvent.click(within(item).getByRole('button', { name: 'Undo' }));
    fireEvent.click(within(item).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText('Conversation #7 closed: undone')).toBeInTheDocument();
    expect(undo).toHaveBeenCalledTimes(1);
    expect(hasUndo()).toBe(false);
  });

  it('z and Ctrl/⌘+Z undo while the toast shows, never from a text field, and only the newest change', async () => {
    render(
      <>
        <Toaster />
        <input aria-label="Reply" />
      </>,
    );
    const older = offer('Conversation #1 closed');
    const newer = offer('Conversation #2 closed');
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reply' }), { key: 'z' });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reply' }), { key: 'z', ctrlKey: true });
    expect(newer).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: 'z' });
    await waitFor(() => expect(newer).toHaveBeenCalledTimes(1));
    expect(older).not.toHaveBeenCalled();
    // Nothing on offer any more: z does nothing.
    fireEvent.keyDown(document.body, { key: 'z' });
    expect(await undoLast()).toBe(false);
    expect(older).not.toHaveBeenCalled();

    const third = offer('Conversation #3 closed');
    fireEvent.keyDown(document.body, { key: 'z', metaKey: true });
    await waitFor(() => expect(third).toHaveBeenCalledTimes(1));
  });

  it('says so when the reverse change fails', async () => {
    render(<Toaster />);
    act(() => void offerUndo({ message: 'Conversation #9 deleted', undoneMessage: 'back', undo: () => Promise.reject(new Error('Network down')) }));
    await screen.findByText('Conversation #9 deleted');
    expect(await act(() => undoLast())).toBe(false);
    expect(await screen.findByText(/Could not undo/)).toBeInTheDocument();
  });

  it('ends the offer when its toast is dismissed', async () => {
    render(<Toaster />);
    const undo = offer('Conversation #5 closed');
    await screen.findByText('Conversation #5 closed');
    expect(hasUndo()).toBe(true);
    act(() => void toast.dismiss());
    await waitFor(() => expect(hasUndo()).toBe(false));
    fireEvent.keyDown(document.body, { key: 'z' });
    expect(undo).not.toHaveBeenCalled();
  });
});
