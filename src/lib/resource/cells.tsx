// One value of a record as the list and detail pages show it: enums as badges, money in the record's currency,
// dates formatted, references as the referenced record's title, computed values (a project's progress) as bars.
import type { ResourceDef } from '../../../contracts/resource';
import { cx } from '../cx';
import type { ResourceRecord } from './cache';
import { enumTone, formatValue, type Field } from './format';
import type { ComputedDisplay } from './meta';
import { RefValue } from './refs';

const TONES = {
  success: 'bg-surface text-success ring-1 ring-success/40 ring-inset',
  warning: 'bg-warning-soft text-warning-soft-fg',
  accent: 'bg-accent-soft text-accent-soft-fg',
  muted: 'bg-subtle text-muted',
  neutral: 'bg-subtle text-fg',
} as const;

export function EnumBadge({ value, label }: { value: string; label: string }) {
  return <span className={cx('inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap', TONES[enumTone(value)])}>{label}</span>;
}

export function FieldValue({ wid, def, field, record }: { wid: string; def: ResourceDef; field: Field; record: ResourceRecord }) {
  const value = record[field.key];
  if (value === null || value === undefined || value === '') return <span className="text-muted">—</span>;
  if (field.kind === 'ref') return <RefValue wid={wid} target={field.to} id={String(value)} />;
  const text = formatValue(def, field, record) ?? '—';
  if (field.kind === 'enum') return <EnumBadge value={String(value)} label={text} />;
  if (field.kind === 'email')
    return (
      <a href={`mailto:${String(value)}`} className="hover:text-accent hover:underline">
        {text}
      </a>
    );
  if (field.kind === 'phone')
    return (
      <a href={`tel:${String(value).replace(/[^0-9+]/g, '')}`} className="hover:text-accent hover:underline">
        {text}
      </a>
    );
  return <>{text}</>;
}

export function ComputedValue({ display, value }: { display: ComputedDisplay; value: unknown }) {
  if (typeof value !== 'number') return <span className="text-muted">—</span>;
  if (display.format === 'number') return <>{value.toLocaleString('en')}</>;
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <span className="flex items-center gap-2">
      <span
        role="progressbar"
        aria-label={display.label}
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        className="h-1.5 w-16 shrink-0 overflow-hidden rounded-full bg-subtle ring-1 ring-border ring-inset"
      >
        <span className="block h-full rounded-full bg-accent" style={{ width: `${percent}%` }} />
      </span>
      <span className="text-xs text-muted tabular-nums">{percent}%</span>
    </span>
  );
}
