// How a declared field's value reads on the pages: enum values as words (on_leave → On leave), dates and times
// in the reader's style, money in the record's currency, numbers grouped. References are drawn by refs.tsx.
import { fieldsOf, type FieldDef, type ResourceDef } from '../../../contracts/resource';
import { formatDateTime } from '../format-time';
import { formatMoney } from '../money';
import type { ResourceRecord } from './cache';

export type Field = FieldDef & { key: string };

/** `on_leave` → "On leave", `quality_check` → "Quality check". */
export function enumLabel(value: string): string {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `dueBefore` → "Due before", `from` → "From". */
export function keyLabel(key: string): string {
  const words = key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** `2026-12-01` → "Dec 1, 2026" (a calendar date: the same day wherever the reader is). */
export function formatDate(date: string): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(time) ? date : dateFormat.format(time);
}

/** The currency a record's money is in: its currency field, or that field's default. */
export function currencyOf(def: ResourceDef, record: Partial<ResourceRecord> | Record<string, unknown>): string {
  const field = fieldsOf(def).find((f) => f.kind === 'currency');
  if (!field || field.kind !== 'currency') return 'usd';
  const value = record[field.key];
  return typeof value === 'string' && /^[a-z]{3}$/i.test(value) ? value.toLowerCase() : field.default;
}

const numberFormat = new Intl.NumberFormat('en');

/** A value as text (references excepted: they need a lookup), `null` when there is none. */
export function formatValue(def: ResourceDef, field: Field, record: Record<string, unknown>): string | null {
  const value = record[field.key];
  if (value === null || value === undefined || value === '') return null;
  switch (field.kind) {
    case 'enum':
      return enumLabel(String(value));
    case 'date':
      return formatDate(String(value));
    case 'timestamp':
      return formatDateTime(String(value));
    case 'money':
      return formatMoney(Number(value), currencyOf(def, record));
    case 'int':
      return numberFormat.format(Number(value));
    case 'currency':
      return String(value).toUpperCase();
    case 'json':
      return Array.isArray(value) ? `${value.length} ${value.length === 1 ? 'item' : 'items'}` : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** The badge tone of an enum value: done and healthy states green, waiting ones amber, ended ones grey. */
export function enumTone(value: string): 'success' | 'warning' | 'muted' | 'accent' | 'neutral' {
  if (/^(active|completed|released)$/.test(value)) return 'success';
  if (/^(on_leave|maintenance|on_hold|quality_check|pending|planning|planned|high|urgent)$/.test(value)) return 'warning';
  if (/^(inactive|cancelled|rejected|low)$/.test(value)) return 'muted';
  if (/^(in_progress)$/.test(value)) return 'accent';
  return 'neutral';
}

/** The record's name: its title field, or its code when that is empty. */
export const titleOf = (def: ResourceDef, record: Record<string, unknown>): string => {
  const title = record[def.title];
  return typeof title === 'string' && title.trim() ? title : String(record.code ?? '');
};
