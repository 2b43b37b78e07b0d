import { describe, expect, it } from 'vitest';
import { conversation } from '@/features/inbox/test/fixtures';
import { countPerDay, DAYS } from './api';

describe('countPerDay', () => {
  it('counts conversations per local day over the last 14 days, oldest first', () => {
    const now = new Date(2026, 10, 22, 15, 0);
    const at = (daysAgo: number, hour = 10) => new Date(2026, 10, 22 - daysAgo, hour).toISOString();
    const days = countPerDay(
      [
        conversation(1, { createdAt: at(0) }),
        conversation(2, { createdAt: at(0, 0) }),
        conversation(3, { createdAt: at(1, 23) }),
        conversation(4, { createdAt: at(13) }),
        conversation(5, { createdAt: at(14) }), // before the window
      ],
      now,
    );
    expect(days).toHaveLength(DAYS);
    expect(days.at(-1)).toEqual({ date: new Date(2026, 10, 22).toISOString(), count: 2 });
    expect(days.at(-2)?.count).toBe(1);
    expect(days[0]).toEqual({ date: new Date(2026, 10, 9).toISOString(), count: 1 });
    expect(days.reduce((sum, d) => sum + d.count, 0)).toBe(4);
  });
});
