import { describe, expect, it } from 'vitest';
import { actionLabel, dayIn, listFilters, periodDays, readFilters, subtitle } from './filters';

const AVA = '00000000-0000-4000-8000-0000000000a2';
// 23:30 UTC on 10 March: already 11 March in Berlin, still 10 March in New York.
const NOW = new Date('2026-03-10T23:30:00Z');

describe('activity filters', () => {
  it('reads only well-formed filters from the address', () => {
    expect(readFilters(new URLSearchParams(`member=${AVA}&action=conversation.assigned,nope,customer.created&subject=order&period=7d&from=x`))).toEqual({
      member: AVA,
      actions: ['conversation.assigned', 'customer.created'],
      subject: 'order',
      period: '7d',
    });
    expect(readFilters(new URLSearchParams('member=bob&subject=planet&period=forever'))).toEqual({ actions: [] });
  });

  it('counts days in the browser’s time zone', () => {
    expect(dayIn(NOW, 'Europe/Berlin')).toBe('2026-03-11');
    expect(dayIn(NOW, 'America/New_York')).toBe('2026-03-10');
    expect(periodDays({ actions: [], period: 'today' }, NOW, 'Europe/Berlin')).toEqual({ from: '2026-03-11', to: '2026-03-11' });
    expect(periodDays({ actions: [], period: '7d' }, NOW, 'America/New_York')).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(periodDays({ actions: [], period: '30d' }, NOW, 'UTC')).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(periodDays({ actions: [], period: 'custom', from: '2026-03-09', to: '2026-03-01' }, NOW, 'UTC')).toEqual({ from: '2026-03-01', to: '2026-03-09' });
    expect(listFilters('w1', { actions: ['customer.created'], member: AVA, period: 'today' }, NOW, 'Europe/Berlin')).toEqual({
      wid: 'w1',
      actorId: AVA,
      action: ['customer.created'],
      from: '2026-03-11',
      to: '2026-03-11',
      tz: 'Europe/Berlin',
    });
    expect(listFilters('w1', { actions: [] }, NOW, 'Europe/Berlin')).toEqual({ wid: 'w1' });
  });

  it('says what the list shows', () => {
    const say = (f: Parameters<typeof subtitle>[0], name: string | null = 'Ava Agent') => subtitle(f, name, NOW, 'UTC');
    expect(say({ actions: [] })).toBe('All activity in this workspace');
    expect(say({ actions: [], member: AVA, period: '7d' })).toBe('Everything Ava Agent did in the last 7 days');
    expect(say({ actions: [], member: AVA }, null)).toBe('Everything a former member did');
    expect(say({ actions: ['conversation.assigned'], member: AVA, period: 'today' })).toBe('“Conversation assigned” by Ava Agent today');
    expect(say({ actions: ['customer.created', 'customer.updated', 'customer.deleted'] })).toBe(
      '“Customer created”, “Customer updated” or “Customer deleted” in this workspace',
    );
    expect(say({ actions: [], subject: 'api_key', period: '30d' })).toBe('API key activity in this workspace in the last 30 days');
    expect(say({ actions: [], period: 'custom', from: '2026-03-01', to: '2026-03-01' })).toBe('All activity in this workspace on Mar 1, 2026');
    expect(say({ actions: [], period: 'custom', from: '2026-03-01' })).toBe('All activity in this workspace since Mar 1, 2026');
    expect(say({ actions: [], period: 'custom', to: '2026-03-01' })).toBe('All activity in this workspace until Mar 1, 2026');
    expect(actionLabel('member.invitation_role_changed')).toBe('Member invitation role changed');
  });
});
