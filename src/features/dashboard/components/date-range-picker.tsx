// The date range: a menu of presets (today, 7, 30 and 90 days, 12 months) and, where offered, custom days picked
// in a small dialog. The trigger names the range shown.
import { CalendarDays } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/button';
import { Dialog, DialogActions, DialogClose } from '@/components/dialog';
import { Menu, MenuContent, MenuRadioGroup, MenuRadioItem, MenuTrigger } from '@/components/menu';
import { TextField } from '@/components/text-field';
import { dayOf, parseDay, RANGE_PRESETS, type DateRange, type RangeChoice } from '../range';

export function DateRangePicker({ range, onChange, allowCustom = true }: { range: DateRange; onChange: (choice: RangeChoice) => void; allowCustom?: boolean }) {
  const [customOpen, setCustomOpen] = useState(false);
  return (
    <>
      <Menu>
        <MenuTrigger asChild>
          <Button aria-label={`Date range: ${range.label}. Change the date range`}>
            <CalendarDays aria-hidden className="size-4" />
            {range.label}
          </Button>
        </MenuTrigger>
        <MenuContent align="end" className="min-w-48">
          <MenuRadioGroup
            value={range.choice.preset}
            onValueChange={(value) => value !== 'custom' && onChange({ preset: value as Exclude<RangeChoice['preset'], 'custom'> })}
          >
            {RANGE_PRESETS.map((preset) => (
              <MenuRadioItem key={preset.id} value={preset.id}>
                {preset.label}
              </MenuRadioItem>
            ))}
            {allowCustom ? (
              <MenuRadioItem value="custom" onSelect={() => setCustomOpen(true)}>
                Custom range…
              </MenuRadioItem>
            ) : null}
          </MenuRadioGroup>
        </MenuContent>
      </Menu>
      {allowCustom ? <CustomRangeDialog open={customOpen} onOpenChange={setCustomOpen} range={range} onChange={onChange} /> : null}
    </>
  );
}

function CustomRangeDialog({
  open,
  onOpenChange,
  range,
  onChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  range: DateRange;
  onChange: (choice: RangeChoice) => void;
}) {
  const lastDay = new Date(new Date(range.to).getTime() - 1);
  const [start, setStart] = useState(dayOf(new Date(range.from)));
  const [end, setEnd] = useState(dayOf(lastDay));
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const from = parseDay(start);
    const to = parseDay(end);
    if (!from || !to) return setError('Enter both days.');
    if (from > to) return setError('The first day must not be after the last.');
    onChange({ preset: 'custom', start, end });
    onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Custom range" description="Whole days, in your time zone.">
      <form onSubmit={submit} noValidate className="space-y-3">
        <div className="grid grid-cols-2 gap-3">
          <TextField label="From" type="date" value={start} max={end || undefined} onChange={(e) => setStart(e.target.value)} required />
          <TextField label="To" type="date" value={end} min={start || undefined} onChange={(e) => setEnd(e.target.value)} required error={error ?? undefined} />
        </div>
        <DialogActions>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary">
            Show
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
