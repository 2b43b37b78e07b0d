// Snooze: a conversation leaves the open list until a time (presets or a picked date and time) and wakes by
// itself then (API.md "Inbox additions (round 2)"). While snoozed the header says until when and offers Unsnooze.
import { AlarmClock } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import type { ConversationDetail, UpdateConversationBody } from '../../../../contracts/conversations';
import { Button } from '@/components/button';
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from '@/components/menu';
import { formatDateTime } from '@/lib/format-time';

export interface SnoozePreset {
  label: string;
  until: Date;
}

const at = (base: Date, days: number, hour: number) => {
  const date = new Date(base);
  date.setDate(date.getDate() + days);
  date.setHours(hour, 0, 0, 0);
  return date;
};

/** 1 hour, this evening 18:00 (before 18:00 only), tomorrow 09:00, next week's Monday 09:00; in local time. */
export function snoozePresets(now: Date): SnoozePreset[] {
  const presets: SnoozePreset[] = [{ label: 'In 1 hour', until: new Date(now.getTime() + 60 * 60 * 1000) }];
  const evening = at(now, 0, 18);
  if (evening > now) presets.push({ label: 'This evening, 18:00', until: evening });
  presets.push({ label: 'Tomorrow, 09:00', until: at(now, 1, 9) });
  presets.push({ label: 'Next week, Monday 09:00', until: at(now, (8 - now.getDay()) % 7 || 7, 9) });
  return presets;
}

/** A `datetime-local` value (local time, minutes) for `date`. */
const localInputValue = (date: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

export function SnoozeControl({
  conversation,
  disabled,
  onChange,
}: {
  conversation: ConversationDetail;
  disabled?: boolean;
  onChange: (body: UpdateConversationBody, done: string) => void;
}) {
  const [picking, setPicking] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const snooze = (until: Date) =>
    onChange(
      { status: 'snoozed', snoozedUntil: until.toISOString() },
      `Conversation #${conversation.number} snoozed until ${formatDateTime(until.toISOString())}`,
    );

  if (conversation.status === 'snoozed') {
    return (
      <span className="flex items-center gap-1.5 text-xs text-muted">
        <AlarmClock aria-hidden className="size-3.5" />
        {conversation.snoozedUntil ? (
          <span>
            Snoozed until <time dateTime={conversation.snoozedUntil}>{formatDateTime(conversation.snoozedUntil)}</time>
          </span>
        ) : (
          'Snoozed'
        )}
        <Button
          size="sm"
          variant="ghost"
          disabled={disabled}
          onClick={() => onChange({ status: 'open' }, `Conversation #${conversation.number} is open again`)}
        >
          Unsnooze
        </Button>
      </span>
    );
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const until = new Date(value);
    if (!value || Number.isNaN(until.getTime())) return setError('Pick a date and time');
    if (until.getTime() <= Date.now()) return setError('Pick a time in the future');
    setError(null);
    setPicking(false);
    snooze(until);
  }

  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <Menu>
        <MenuTrigger asChild>
          <Button size="sm" variant="ghost" disabled={disabled}>
            <AlarmClock aria-hidden className="size-3.5" />
            Snooze
          </Button>
        </MenuTrigger>
        <MenuContent>
          {snoozePresets(new Date()).map((preset) => (
            <MenuItem key={preset.label} onSelect={() => snooze(preset.until)}>
              {preset.label}
            </MenuItem>
          ))}
          <MenuSeparator />
          <MenuItem
            onSelect={() => {
              setValue(localInputValue(new Date(Date.now() + 24 * 60 * 60 * 1000)));
              setPicking(true);
            }}
          >
            Pick a date and time…
          </MenuItem>
        </MenuContent>
      </Menu>
      {picking ? (
        <form noValidate onSubmit={onSubmit} className="flex items-center gap-1.5 text-xs">
          <label htmlFor={`${id}-until`} className="text-muted">
            Snooze until
          </label>
          <input
            id={`${id}-until`}
            type="datetime-local"
            value={value}
            min={localInputValue(new Date())}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="h-7 rounded-md border border-border-strong bg-surface px-1.5 text-xs text-fg"
          />
          <Button type="submit" size="sm" variant="primary">
            Snooze
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setPicking(false)}>
            Cancel
          </Button>
          {error ? (
            <span id={`${id}-error`} role="alert" className="text-danger">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
    </span>
  );
}
