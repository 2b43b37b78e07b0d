import { describe, expect, it } from 'vitest';
import { DAYS, localMidnight, toDashboardStats } from './api';

describe('toDashboardStats', () => {
  it('turns the server’s calendar days into local midnights, keeping order and counts', () => {
    const perDay = Array.from({ length: DAYS }, (_, i) => ({ date: `2026-11-${String(9 + i).padStart(2, '0')}`, count: i % 3 }));
    const stats = toDashboardStats({ open: 5, unassigned: 2, mine: 1, unread: 7, perDay });
    expect(stats).toMatchObject({ open: 5, unassigned: 2, mine: 1, unread: 7 });
    expect(stats.perDay).toHaveLength(DAYS);
    expect(stats.perDay[0]).toEqual({ date: new Date(2026, 10, 9).toISOString(), count: 0 });
    expect(stats.perDay.at(-1)).toEqual({ date: new Date(2026, 10, 22).toISOString(), count: 13 % 3 });
    expect(new Date(localMidnight('2026-03-01')).getDate()).toBe(1);
  });
});
