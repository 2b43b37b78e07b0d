// Picks one material for a batch input: a combobox that lists the workspace's materials by name and searches
// them (name on the server, code among those loaded) as you type. Materials another input already names are
// listed but cannot be chosen, and say which input has them.
import { useId, type Ref } from 'react';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';
import { useCombobox } from '@/lib/use-combobox';
import { useMaterialSearch, type MaterialSummary } from './materials';

export const materialText = (m: MaterialSummary) => `${m.name} (${m.code})`;

export function MaterialPicker({
  wid,
  material,
  chosenText,
  onChoose,
  takenBy,
  label,
  invalid,
  describedBy,
  disabled,
  inputRef,
}: {
  wid: string;
  /** The material chosen, once known. */
  material: MaterialSummary | undefined;
  /** What the closed combobox says while the chosen material loads or when it is gone. */
  chosenText: string;
  onChoose: (material: MaterialSummary) => void;
  /** Materials other inputs name: their input's number, by material id. */
  takenBy: ReadonlyMap<string, number>;
  label: string;
  invalid: boolean;
  describedBy: string | undefined;
  disabled: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  const combobox = useCombobox(id);
  const { open, text, q, active, listId } = combobox;
  const { options, isPending, isError, more } = useMaterialSearch(wid, open ? q : '', open);

  function choose(option: MaterialSummary | undefined) {
    if (!option || takenBy.has(option.id)) return;
    onChoose(option);
    combobox.close();
  }
  const bound = combobox.bind(options, choose);

  return (
    <div className="relative min-w-0">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        {...bound.input}
        aria-invalid={invalid || undefined}
        aria-required
        aria-describedby={describedBy}
        disabled={disabled}
        value={open ? text : material ? materialText(material) : chosenText}
        placeholder="Search materials by name or code"
        className={inputClass}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={label}
          className="absolute z-30 mt-1 max-h-64 w-full min-w-64 overflow-auto rounded-md border border-border bg-surface py-1 text-sm shadow-lg"
        >
          {options.map((option, index) => {
            const taken = takenBy.get(option.id);
            return (
              <li
                key={option.id}
                {...bound.option(index, option)}
                aria-selected={option.id === material?.id}
                aria-disabled={taken !== undefined || undefined}
                className={cx('px-2.5 py-1.5', index === active && 'bg-subtle', taken !== undefined ? 'cursor-not-allowed text-muted' : 'cursor-pointer')}
              >
                <span className="block truncate">{option.name}</span>
                <span className="block truncate text-xs text-muted">
                  {option.code}
                  {option.unit ? ` · ${option.unit}` : ''}
                  {taken !== undefined ? ` · already input ${taken}` : ''}
                </span>
              </li>
            );
          })}
          {isPending ? <li className="px-2.5 py-1.5 text-xs text-muted">Loading…</li> : null}
          {isError ? <li className="px-2.5 py-1.5 text-xs text-danger">Could not load the materials.</li> : null}
          {!isPending && !isError && options.length === 0 ? (
            <li className="px-2.5 py-1.5 text-xs text-muted">{q ? 'No material matches' : 'No materials yet'}</li>
          ) : null}
          {more ? <li className="px-2.5 py-1.5 text-xs text-muted">Type to search for more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
