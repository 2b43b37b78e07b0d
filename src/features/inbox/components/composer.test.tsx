import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fillCannedReply } from '../api/canned-replies';
import { Composer } from './composer';

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'Hello there{Enter}');
    expect(onSend).toHaveBeenCalledTimes(1);
    expect(onSend).toHaveBeenCalledWith({ content: 'Hello there', private: false });
    expect(box).toHaveValue('');
  });

  it('starts a new line on Shift+Enter instead of sending', async () => {
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'Line one{Shift>}{Enter}{/Shift}Line two');
    expect(onSend).not.toHaveBeenCalled();
    expect(box).toHaveValue('Line one\nLine two');
    await user.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith({ content: 'Line one\nLine two', private: false });
  });

  it('does not send blank text, and sends a private note in note mode', async () => {
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, '   {Enter}');
    expect(onSend).not.toHaveBeenCalled();
    await user.click(screen.getByRole('radio', { name: /private note/i }));
    await user.clear(box);
    await user.type(box, 'Check stock first{Enter}');
    expect(onSend).toHaveBeenCalledWith({ content: 'Check stock first', private: true });
  });

  it('does not send while a send is in flight, and shows the server error', async () => {
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending error="Content is too long" />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Again{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Content is too long');
    expect(screen.getByRole('button', { name: /send/i })).toBeDisabled();
  });

  it('puts the text back when the send fails', async () => {
    const onSend = vi.fn(() => Promise.reject(new Error('nope')));
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'Keep me{Enter}');
    await vi.waitFor(() => expect(box).toHaveValue('Keep me'));
  });
});

describe('Composer: canned replies after /', () => {
  const replies = [
    { id: 'r1', shortcut: 'shipping', title: 'Shipping times', content: 'Hi {{customer.name}}, it ships tomorrow. {{agent.name}}, #{{conversation.number}}' },
    { id: 'r2', shortcut: 'refund', title: 'Refund policy', content: 'Refunds take 5 days.' },
    { id: 'r3', shortcut: 'thanks', title: 'Thanks', content: 'Thank you!' },
  ].map((r) => ({ ...r, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }));
  const fill = (content: string) => fillCannedReply(content, { customerName: 'Maya', agentName: 'Ava', conversationNumber: 42 });

  it('lists the replies matching the text after /, moves with the arrows, and inserts with the variables filled', async () => {
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} cannedReplies={replies} fillCannedReply={fill} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'Sure! /');
    const listbox = screen.getByRole('listbox', { name: 'Canned replies' });
    expect(within(listbox).getAllByRole('option')).toHaveLength(3);
    await user.type(box, 'ti');
    // "ti" matches the title "Shipping times" (and no other).
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['/shipping Shipping times']);
    await user.type(box, '{Backspace}{Backspace}');
    expect(box).toHaveAttribute('aria-activedescendant', within(listbox).getAllByRole('option')[0]!.id);
    await user.keyboard('{ArrowDown}');
    const second = within(listbox).getAllByRole('option')[1]!;
    expect(second).toHaveAttribute('aria-selected', 'true');
    expect(box).toHaveAttribute('aria-activedescendant', second.id);
    await user.keyboard('{ArrowUp}{Enter}');
    expect(box).toHaveValue('Sure! Hi Maya, it ships tomorrow. Ava, #42');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('closes on Escape, and ignores a slash inside a word', async () => {
    const user = userEvent.setup();
    render(<Composer onSend={vi.fn(() => Promise.resolve())} sending={false} error={null} cannedReplies={replies} fillCannedReply={fill} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'and/or');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    await user.type(box, ' /re');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(box).toHaveValue('and/or /re');
  });
});

describe('Composer: drafts', () => {
  it('keeps the unsent text per conversation across remounts, and forgets it once sent', async () => {
    localStorage.clear();
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    const first = render(<Composer onSend={onSend} sending={false} error={null} draftKey="draft:a" />);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Half a reply');
    first.unmount();

    const other = render(<Composer onSend={onSend} sending={false} error={null} draftKey="draft:b" />);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    other.unmount();

    render(<Composer onSend={onSend} sending={false} error={null} draftKey="draft:a" />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    expect(box).toHaveValue('Half a reply');
    await user.type(box, '{Enter}');
    expect(onSend).toHaveBeenCalledWith({ content: 'Half a reply', private: false });
    expect(localStorage.getItem('draft:a')).toBeNull();
  });
});
