import { Minus, Plus } from 'lucide-react';
import { useEffect, useState } from 'react';

const stepClass =
  'inline-flex size-7 items-center justify-center rounded-md border border-border-strong bg-surface text-fg hover:bg-subtle ' +
  'disabled:cursor-not-allowed disabled:opacity-50';

/** − quantity +, bounded by `max`; going below 1 takes the item out (onChange(0)). */
export function QuantityStepper({ name, value, max, onChange }: { name: string; value: number; max: number; onChange: (quantity: number) => void }) {
  // What is typed stays as typed until it is a number; the quantity follows once it is one.
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = (text: string) => {
    const parsed = Number.parseInt(text, 10);
    if (Number.isNaN(parsed)) return setDraft(String(value));
    onChange(Math.max(0, Math.min(max, parsed)));
  };
  return (
    <div className="inline-flex items-center gap-1" role="group" aria-label={`Quantity of ${name}`}>
      <button type="button" className={stepClass} onClick={() => onChange(value - 1)} aria-label={value <= 1 ? `Remove ${name}` : `One fewer ${name}`}>
        <Minus aria-hidden className="size-3.5" />
      </button>
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        value={draft}
        aria-label={`Quantity of ${name}`}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={(event) => commit(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit(event.currentTarget.value);
          }
        }}
        className="h-7 w-12 [appearance:textfield] rounded-md border border-border-strong bg-surface text-center text-sm text-fg tabular-nums [&::-webkit-inner-spin-button]:appearance-none"
      />
      <button type="button" className={stepClass} onClick={() => onChange(value + 1)} disabled={value >= max} aria-label={`One more ${name}`}>
        <Plus aria-hidden className="size-3.5" />
      </button>
    </div>
  );
}
