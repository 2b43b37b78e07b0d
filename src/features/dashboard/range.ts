// The dashboard's date range: a preset (today, 7, 30 or 90 days, 12 months) or custom calendar days, always whole
// local days ending with today (the range's end is the next midnight, exclusive). Kept in the address
// (`?range=7d`, `?range=custom&from=2026-01-01&to=2026-01-31`) so a reload or a shared address shows the same.

export const RANGE_PRESETS = [
  { id: 'today', label: 'Today', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
  { id: '12m', label: 'Last 12 months', months: 12 },
] as const;
export type PresetId = (typeof RANGE_PRESETS)[number]['id'];
export const DEFAULT_PRESET: PresetId = '30d';

export type RangeChoice = { preset: PresetId } | { preset: 'custom'; start: string; end: string };

export interface DateRange {
  /** Inclusive, ISO (a local midnight). */
  from: string;
  /** Exclusive, ISO (the local midnight after the last day). */
  to: string;
  label: string;
  choice: RangeChoice;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as a local midnight; null for anything else (or a day that does not exist). */
export function parseDay(day: string | null | undefined): Date | null {
  const match = DAY.exec(day ?? '');
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? date : null;
}

/** A local calendar day as `YYYY-MM-DD`. */
export const dayOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' });

/** The choice in the address, or the default when it names none (or a custom range that is not one). */
export function choiceFromParams(params: URLSearchParams): RangeChoice {
  const range = params.get('range');
  if (range === 'custom') {
    const start = parseDay(params.get('from'));
    const end = parseDay(params.get('to'));
    if (start && end && start <= end) return { preset: 'custom', start: dayOf(start), end: dayOf(end) };
  }
  const preset = RANGE_PRESETS.find((p) => p.id === range);
  return { preset: preset ? preset.id : DEFAULT_PRESET };
}

/** The address parameters of a choice (the default one leaves the address clean). */
export function paramsOfChoice(choice: RangeChoice): Record<string, string | null> {
  if (choice.preset === 'custom') return { range: 'custom', from: choice.start, to: choice.end };
  return { range: choice.preset === DEFAULT_PRESET ? null : choice.preset, from: null, to: null };
}

/** The instants of a choice, as of `today` (local). */
export function resolveRange(choice: RangeChoice, today = new Date()): DateRange {
  if (choice.preset === 'custom') {
    const start = parseDay(choice.start)!;
    const end = parseDay(choice.end)!;
    const label = choice.start === choice.end ? dayLabel.format(start) : `${dayLabel.format(start)} – ${dayLabel.format(end)}`;
    return { from: start.toISOString(), to: addDays(end, 1).toISOString(), label, choice };
  }
  const preset = RANGE_PRESETS.find((p) => p.id === choice.preset)!;
  const end = addDays(startOfDay(today), 1);
  const start = 'months' in preset ? new Date(end.getFullYear(), end.getMonth() - preset.months, end.getDate()) : addDays(end, -preset.days);
  return { from: start.toISOString(), to: end.toISOString(), label: preset.label, choice };
}

/** The browser's time zone, in which the series count their hours, days and weeks. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
