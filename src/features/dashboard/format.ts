// How a widget writes its numbers and buckets: durations for `…_seconds` metrics, money for `….revenue` (minor
// units), percentages for `…_rate`, plain numbers otherwise; bucket labels by interval; and a widget's data as
// CSV (RFC 4180: `t,value`, CRLF line ends, quoted where a field needs it).
import type { MetricAggregate, MetricInterval, SeriesPoint } from '../../../contracts/metrics';
import { isTotalled } from '../../../contracts/dashboard-grid';

const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A metric's value as people read it; an empty bucket (null) is a dash. */
export function formatValue(name: string, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (name.endsWith('_seconds')) return formatDuration(value);
  if (name.endsWith('.revenue')) return money.format(value / 100);
  if (name.endsWith('_rate')) return `${oneDecimal.format(value * 100)} %`;
  return plain.format(value);
}

export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 60) return `${oneDecimal.format(seconds)} s`;
  if (s < 3600) return `${oneDecimal.format(seconds / 60)} min`;
  if (s < 86_400) return `${oneDecimal.format(seconds / 3600)} h`;
  return `${oneDecimal.format(seconds / 86_400)} d`;
}

const PER: Record<MetricInterval, string> = { hour: 'hour', day: 'day', week: 'week' };
const OVER: Partial<Record<MetricAggregate, string>> = { min: 'Lowest', max: 'Highest', avg: 'Average', p50: 'Median', p95: '95th percentile' };

/** What a KPI's figure is: the total over the range, or an aggregate of its buckets. */
export function kpiCaption(agg: MetricAggregate, interval: MetricInterval): string {
  if (isTotalled(agg)) return 'Total';
  if (agg === 'min' || agg === 'max') return `${OVER[agg]} ${PER[interval]}`;
  return `${OVER[agg]}, mean of ${PER[interval]}s`;
}

const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
/** `+12.5 %`-style text of a KPI's change, or null when there is none to tell. */
export const formatDelta = (delta: number | null) => (delta === null ? null : percent.format(delta));

const hourLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: 'numeric' });
const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' });

/** A bucket's name in the browser's zone: its hour, its day, or the week it starts. */
export function bucketLabel(t: string, interval: MetricInterval): string {
  const date = new Date(t);
  if (interval === 'hour') return hourLabel.format(date);
  if (interval === 'week') return `Week of ${dayLabel.format(date)}`;
  return dayLabel.format(date);
}

/** One CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A widget's data as CSV: a `t,value` header, then each bucket's first instant (ISO, UTC) and its value (empty when none). */
export function seriesCsv(points: readonly SeriesPoint[]): string {
  const rows = points.map((p) => `${csvField(p.t)},${p.value === null ? '' : csvField(String(p.value))}`);
  return ['t,value', ...rows].join('\r\n') + '\r\n';
}

/** `new-conversations` for "New conversations". */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'widget';
