import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { conversationDetail } from '@/test/fixtures';
import { SnoozeControl, snoozePresets } from './snooze-menu';

describe('snooze presets', () => {
  it('offers this evening only before 18:00, and next week’s Monday', () => {
    const wednesdayMorning = new Date(2026, 0, 7, 10, 30);
    const presets = snoozePresets(wednesdayMorning);
    expect(presets.map((p) => p.label)).toEqual(['In 1 hour', 'This evening, 18:00', 'Tomorrow, 09:00', 'Next week, Monday 09:00']);
    expect(presets[1]!.until).toEqual(new Date(2026, 0, 7, 18, 0));
    expect(presets[2]!.until).toEqual(new Date(2026, 0, 8, 9, 0));
    expect(presets[3]!.until).toEqual(new Date(2026, 0, 12, 9, 0));
    const mondayNight = new Date(2026, 0, 12, 20, 0);
    expect(snoozePresets(mondayNight).map((p) => p.label)).not.toContain('This evening, 18:00');
    expect(snoozePresets(mondayNight).at(-1)!.until).toEqual(new Date(2026, 0, 19, 9, 0));
  });
});

describe('SnoozeControl', () => {
  it('snoozes until a preset, or a picked date and time in the future', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<SnoozeControl conversation={conversationDetail(1)} onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: 'Snooze' }));
    await user.click(await screen.findByRole('menuitem', { name: 'In 1 hour' }));
    const body = onChange.mock.calls[0]![0] as { status: string; snoozedUntil: string };
    expect(body.status).toBe('snoozed');
    expect(Math.abs(Date.parse(body.snoozedUntil) - (Date.now() + 3_600_000))).toBeLessThan(5_000);

    await user.click(screen.getByRole('button', { name: 'Snooze' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Pick a date and time…' }));
    const input = screen.getByLabelText('Snooze until');
    fireEvent.change(input, { target: { value: '2020-01-01T09:00' } });
    await user.click(screen.getAllByRole('button', { name: 'Snooze' }).at(-1)!);
    expect(screen.getByRole('alert')).toHaveTextContent('Pick a time in the future');
    fireEvent.change(input, { target: { value: '2099-03-04T09:30' } });
    await user.click(screen.getAllByRole('button', { name: 'Snooze' }).at(-1)!);
    expect(onChange).toHaveBeenLastCalledWith({ status: 'snoozed', snoozedUntil: new Date(2099, 2, 4, 9, 30).toISOString() }, expect.any(String));
  });

  it('shows until when a snoozed conversation sleeps, and unsnoozes it', async () => {
    const onChange = vi.fn();
    render(<SnoozeControl conversation={conversationDetail(1, { status: 'snoozed', snoozedUntil: '2099-03-04T09:30:00.000Z' })} onChange={onChange} />);
    expect(screen.getByText(/Snoozed until/)).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Unsnooze' }));
    expect(onChange).toHaveBeenCalledWith({ status: 'open' }, expect.any(String));
  });
});
