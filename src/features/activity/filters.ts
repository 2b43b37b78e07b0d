// The activity page's filters as the address carries them (`?member=&action=a,b&subject=&period=&from=&to=`), the
// days they cover in the browser's time zone, and the subtitle that says what the list shows.
import { ACTIVITY_ACTIONS, ACTIVITY_SUBJECT_TYPES } from '../../../contracts/activity';
import type { ActivityFilters } from './api';

export const PERIODS = ['today', '7d', '30d', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export interface PageFilters {
  member?: string;
  actions: string[];
  subject?: string;
  period?: Period;
  /** Custom days, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const known = new Set<string>(ACTIVITY_ACTIONS);

export function readFilters(params: URLSearchParams): PageFilters {
  const period = params.get('period');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const subject = params.get('subject') ?? '';
  const member = params.get('member') ?? '';
  return {
    ...(/^[0-9a-f-]{36}$/i.test(member) ? { member } : {}),
    actions: [...new Set((params.get('action') ?? '').split(',').filter((a) => known.has(a)))],
    ...(ACTIVITY_SUBJECT_TYPES.includes(subject) ? { subject } : {}),
    ...((PERIODS as readonly string[]).includes(period ?? '') ? { period: period as Period } : {}),
    ...(DAY.test(from) ? { from } : {}),
    ...(DAY.test(to) ? { to } : {}),
  };
}

export const isFiltered = (f: PageFilters) => Boolean(f.member || f.actions.length || f.subject || f.period);

/** A day in the given time zone, YYYY-MM-DD. */
export function dayIn(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function minusDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The days a period covers, in `timeZone` (inclusive); custom periods are their own from/to. */
export function periodDays(f: PageFilters, now: Date, timeZone: string): { from?: string; to?: string } {
  const today = dayIn(now, timeZone);
  switch (f.period) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: minusDays(today, 6), to: today };
    case '30d':
      return { from: minusDays(today, 29), to: today };
    case 'custom':
      // A range written backwards still means the days between.
      return f.from && f.to && f.from > f.to ? { from: f.to, to: f.from } : { from: f.from, to: f.to };
    default:
      return {};
  }
}

/** The list's query for the page's filters. */
export function listFilters(wid: string, f: PageFilters, now: Date, timeZone: string): ActivityFilters {
  const days = periodDays(f, now, timeZone);
  return {
    wid,
    ...(f.member ? { actorId: f.member } : {}),
    ...(f.actions.length ? { action: f.actions } : {}),
    ...(f.subject ? { subjectType: f.subject } : {}),
    ...days,
    ...(days.from || days.to ? { tz: timeZone } : {}),
  };
}

const words = (text: string) => text.replace(/_/g, ' ');
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Conversation assigned", "Member invitation role changed". */
export const actionLabel = (action: string) => capitalise(words(action.replace('.', ' ')));
/** "Conversation", "Api key" → "API key". */
export const subjectLabel = (subject: string) => capitalise(words(subject)).replace(/^Api /, 'API ');

const dayFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

function periodText(f: PageFilters, now: Date, timeZone: string): string {
  if (f.period === 'today') return ' today';
  if (f.period === '7d') return ' in the last 7 days';
  if (f.period === '30d') return ' in the last 30 days';
  const { from, to } = periodDays(f, now, timeZone);
  if (from && to) return from === to ? ` on ${formatDay(from)}` : ` from ${formatDay(from)} to ${formatDay(to)}`;
  if (from) return ` since ${formatDay(from)}`;
  if (to) return ` until ${formatDay(to)}`;
  return '';
}

/**
 * What the list shows, as a sentence: "All activity in this workspace", "Everything Ava Agent did in the last 7
 * days", "“Conversation assigned” by Ava Agent today", "Conversation activity in this workspace".
 */
export function subtitle(f: PageFilters, memberName: string | null, now: Date, timeZone: string): string {
  const who = f.member ? (memberName ?? 'a former member') : null;
  const when = periodText(f, now, timeZone);
  const what = f.actions.length
    ? f.actions
        .map((a) => `“${actionLabel(a)}”`)
        .join(', ')
        .replace(/, ([^,]*)$/, ' or $1')
    : f.subject
      ? `${subjectLabel(f.subject)} activity`
      : null;
  if (!what) return who ? `Everything ${who} did${when}` : `All activity in this workspace${when}`;
  return who ? `${what} by ${who}${when}` : `${what} in this workspace${when}`;
}
