import { describe, expect, it } from 'vitest';
import { GRID_COLUMNS, kpiDelta, kpiValue, previousPeriod, seriesInterval, WIDGET_AGGREGATES, WIDGET_INTERVALS } from '../../../contracts/dashboard-grid';
import { METRIC_AGGREGATES, METRIC_INTERVALS } from '../../../contracts/metrics';
import { csvField, formatDuration, formatValue, seriesCsv } from './format';
import { clampLayout, describeLayout, keyedLayout, nextFreeLayout, overlaps, placeWidget, readingOrder } from './layout';
import { choiceFromParams, paramsOfChoice, resolveRange } from './range';

const w = (id: string, x: number, y: number, width: number, h: number) => ({ id, title: id, layout: { x, y, w: width, h } });
const noOverlaps = (widgets: { layout: { x: number; y: number; w: number; h: number } }[]) =>
  widgets.every((a, i) => widgets.every((b, j) => i === j || !overlaps(a.layout, b.layout)));

describe('the grid', () => {
  it('keeps a layout inside 12 columns, 1–12 rows tall, from row 0', () => {
    expect(clampLayout({ x: 10, y: -3, w: 6, h: 20 })).toEqual({ x: 6, y: 0, w: 6, h: 12 });
    expect(clampLayout({ x: -1, y: 2.4, w: 0, h: 0 })).toEqual({ x: 0, y: 2, w: 1, h: 1 });
  });

  it('moves what a widget lands on down below it, in cascade, and leaves the rest where they were', () => {
    const widgets = [w('a', 0, 0, 6, 2), w('b', 6, 0, 6, 2), w('c', 0, 2, 12, 4), w('d', 0, 6, 4, 2)];
    const placed = placeWidget(widgets, 'a', { x: 0, y: 1, w: 6, h: 3 });
    expect(placed.map((p) => p.layout)).toEqual([
      { x: 0, y: 1, w: 6, h: 3 },
      { x: 6, y: 0, w: 6, h: 2 },
      { x: 0, y: 4, w: 12, h: 4 },
      { x: 0, y: 8, w: 4, h: 2 },
    ]);
    expect(noOverlaps(placed)).toBe(true);
    // The order of the array (the DOM's, while arranging) is kept.
    expect(placed.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves with the arrow keys and resizes with Shift, never past the grid', () => {
    const l = { x: 0, y: 0, w: 4, h: 2 };
    expect(keyedLayout(l, 'ArrowRight', false)).toEqual({ x: 1, y: 0, w: 4, h: 2 });
    expect(keyedLayout(l, 'ArrowLeft', false)).toEqual(l);
    expect(keyedLayout(l, 'ArrowUp', false)).toEqual(l);
    expect(keyedLayout(l, 'ArrowDown', false)).toEqual({ x: 0, y: 1, w: 4, h: 2 });
    expect(keyedLayout(l, 'ArrowRight', true)).toEqual({ x: 0, y: 0, w: 5, h: 2 });
    expect(keyedLayout(l, 'ArrowDown', true)).toEqual({ x: 0, y: 0, w: 4, h: 3 });
    expect(keyedLayout({ x: 8, y: 0, w: 4, h: 1 }, 'ArrowRight', true)).toEqual({ x: 8, y: 0, w: 4, h: 1 });
    expect(keyedLayout({ x: 8, y: 0, w: 4, h: 1 }, 'ArrowUp', true)).toEqual({ x: 8, y: 0, w: 4, h: 1 });
    expect(keyedLayout({ x: 8, y: 0, w: 4, h: 2 }, 'ArrowRight', false)).toEqual({ x: 8, y: 0, w: 4, h: 2 });
  });

  it('puts a new widget below the others and reads top to bottom, left to right', () => {
    const widgets = [w('b', 6, 0, 6, 3), w('c', 0, 3, 12, 2), w('a', 0, 0, 6, 2)];
    expect(nextFreeLayout(widgets, 3, 2)).toEqual({ x: 0, y: 5, w: 3, h: 2 });
    expect(readingOrder(widgets).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(describeLayout('Revenue', { x: 2, y: 0, w: 1, h: 3 })).toBe('Revenue: column 3, row 1, 1 column wide, 3 rows tall');
    expect(GRID_COLUMNS).toBe(12);
  });
});

describe('series over a range', () => {
  it('reads a longer interval when the range would hold too many buckets', () => {
    expect(seriesInterval('hour', '2026-01-01T00:00:00Z', '2026-01-08T00:00:00Z')).toBe('hour');
    expect(seriesInterval('hour', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toBe('day');
    expect(seriesInterval('day', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toBe('day');
    expect(seriesInterval('week', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toBe('week');
  });

  it('compares a KPI with the period of the same length before', () => {
    expect(previousPeriod('2026-01-08T00:00:00.000Z', '2026-01-15T00:00:00.000Z')).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-08T00:00:00.000Z',
    });
    const points = [{ value: 2 }, { value: null }, { value: 6 }];
    expect(kpiValue('sum', points)).toBe(8);
    expect(kpiValue('count', [])).toBe(0);
    expect(kpiValue('avg', points)).toBe(4);
    expect(kpiValue('min', points)).toBe(2);
    expect(kpiValue('max', points)).toBe(6);
    expect(kpiValue('p95', [{ value: null }])).toBeNull();
    expect(kpiDelta(12, 8)).toBe(0.5);
    expect(kpiDelta(6, 8)).toBe(-0.25);
    expect(kpiDelta(5, 0)).toBeNull();
    expect(kpiDelta(null, 3)).toBeNull();
  });

  it('offers the metrics contract’s intervals and aggregates', () => {
    expect([...WIDGET_INTERVALS]).toEqual([...METRIC_INTERVALS]);
    expect([...WIDGET_AGGREGATES].sort()).toEqual([...METRIC_AGGREGATES].sort());
  });
});

describe('the date range', () => {
  const today = new Date(2026, 2, 15, 13, 45);
  it('ends presets at the next local midnight, whole days back', () => {
    const week = resolveRange({ preset: '7d' }, today);
    expect(new Date(week.to)).toEqual(new Date(2026, 2, 16));
    expect(new Date(week.from)).toEqual(new Date(2026, 2, 9));
    expect(new Date(resolveRange({ preset: 'today' }, today).from)).toEqual(new Date(2026, 2, 15));
    expect(new Date(resolveRange({ preset: '12m' }, today).from)).toEqual(new Date(2025, 2, 16));
    // The same instants all day long.
    expect(resolveRange({ preset: '30d' }, new Date(2026, 2, 15, 0, 1))).toMatchObject({ from: resolveRange({ preset: '30d' }, today).from });
  });

  it('takes custom days inclusively, and reads and writes the address', () => {
    const custom = resolveRange({ preset: 'custom', start: '2026-01-01', end: '2026-01-31' }, today);
    expect(new Date(custom.from)).toEqual(new Date(2026, 0, 1));
    expect(new Date(custom.to)).toEqual(new Date(2026, 1, 1));
    expect(custom.label).toBe('Jan 1, 2026 – Jan 31, 2026');
    expect(choiceFromParams(new URLSearchParams('range=custom&from=2026-01-01&to=2026-01-31'))).toEqual({
      preset: 'custom',
      start: '2026-01-01',
      end: '2026-01-31',
    });
    expect(choiceFromParams(new URLSearchParams('range=custom&from=2026-02-30&to=2026-03-01'))).toEqual({ preset: '30d' });
    expect(choiceFromParams(new URLSearchParams('range=custom&from=2026-03-02&to=2026-03-01'))).toEqual({ preset: '30d' });
    expect(choiceFromParams(new URLSearchParams('range=90d'))).toEqual({ preset: '90d' });
    expect(choiceFromParams(new URLSearchParams('range=forever'))).toEqual({ preset: '30d' });
    expect(paramsOfChoice({ preset: '30d' })).toEqual({ range: null, from: null, to: null });
    expect(paramsOfChoice({ preset: '7d' })).toEqual({ range: '7d', from: null, to: null });
  });
});

describe('values and CSV', () => {
  it('writes durations, money in minor units, rates and plain numbers', () => {
    expect(formatValue('conversations.first_response_seconds', 42)).toBe('42 s');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatValue('orders.revenue', 123456)).toBe('1,234.56');
    expect(formatValue('chatbot.resolved_rate', 0.873)).toBe('87.3 %');
    expect(formatValue('orders.count', 1234.5)).toBe('1,234.5');
    expect(formatValue('orders.count', null)).toBe('—');
  });

  it('exports t,value rows as RFC 4180 (CRLF, quoted fields where needed, empty for no value)', () => {
    const csv = seriesCsv([
      { t: '2026-01-01T00:00:00.000Z', value: 3 },
      { t: '2026-01-02T00:00:00.000Z', value: null },
      { t: '2026-01-03T00:00:00.000Z', value: 0.5 },
    ]);
    expect(csv).toBe('t,value\r\n2026-01-01T00:00:00.000Z,3\r\n2026-01-02T00:00:00.000Z,\r\n2026-01-03T00:00:00.000Z,0.5\r\n');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });
});
