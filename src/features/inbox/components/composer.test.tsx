import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
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
