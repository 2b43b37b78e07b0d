import { Plus, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/button';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';

/** The choices of a select field: one input each, added and removed in place; errors by index (`options.2`). */
export function OptionsEditor({
  fieldLabel,
  options,
  onChange,
  errors,
}: {
  fieldLabel: string;
  options: string[];
  onChange: (options: string[]) => void;
  /** `''` for the whole list, `'2'` for the third choice. */
  errors: Record<string, string>;
}) {
  const id = useId();
  const inputs = useRef<Array<HTMLInputElement | null>>([]);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    inputs.current[focusIndex]?.focus();
    setFocusIndex(null);
  }, [focusIndex, options.length]);

  const listError = errors[''];
  return (
    <fieldset className="space-y-1.5" aria-describedby={listError ? `${id}-error` : undefined}>
      <legend className="mb-1 text-xs font-medium text-fg">Choices</legend>
      <ol className="space-y-1.5">
        {options.map((option, index) => {
          const error = errors[String(index)];
          return (
            <li key={index}>
              <div className="flex items-center gap-1.5">
                <input
                  ref={(node) => {
                    inputs.current[index] = node;
                  }}
                  value={option}
                  aria-label={`Choice ${index + 1} of ${fieldLabel || 'this field'}`}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-${index}-error` : undefined}
                  onChange={(event) => onChange(options.map((o, i) => (i === index ? event.target.value : o)))}
                  onKeyDown={(event) => {
                    // Enter adds the next choice, as in a list editor.
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      onChange([...options.slice(0, index + 1), '', ...options.slice(index + 1)]);
                      setFocusIndex(index + 1);
                    }
                  }}
                  className={cx(inputClass, 'max-w-xs')}
                />
                <button
                  type="button"
                  onClick={() => {
                    onChange(options.filter((_, i) => i !== index));
                    setFocusIndex(Math.max(0, index - 1));
                  }}
                  disabled={options.length <= 1}
                  aria-label={`Remove choice ${index + 1}`}
                  className="rounded-md p-1 text-muted hover:bg-subtle hover:text-fg disabled:opacity-40"
                >
                  <X aria-hidden className="size-3.5" />
                </button>
              </div>
              {error ? (
                <p id={`${id}-${index}-error`} className="mt-0.5 text-xs text-danger">
                  {error}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => {
          onChange([...options, '']);
          setFocusIndex(options.length);
        }}
        disabled={options.length >= 50}
      >
        <Plus aria-hidden className="size-3.5" />
        Add choice
      </Button>
      {listError ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {listError}
        </p>
      ) : null}
    </fieldset>
  );
}
