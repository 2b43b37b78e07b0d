// One field of the form builder: label, key (following the label until typed), type, required, and the
// choices of a select or the products of a product field; moved with its up/down buttons (or Alt+↑/↓).
import { ArrowDown, ArrowUp, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { FIELD_TYPES, type FieldType } from '../../../../contracts/forms';
import { TextField } from '@/components/text-field';
import { FIELD_TYPE_LABELS, type FieldDraft } from '../field-draft';
import { OptionsEditor } from './options-editor';
import { ProductChooser } from './product-chooser';

const iconButton =
  'inline-flex size-7 items-center justify-center rounded-md text-muted hover:bg-subtle hover:text-fg disabled:cursor-not-allowed disabled:opacity-40';

export interface FieldEditorProps {
  wid: string;
  field: FieldDraft;
  index: number;
  count: number;
  /** Sub-path → message (`key`, `options.1`, `productIds`, `''`). */
  errors: Record<string, string>;
  onLabelChange: (label: string) => void;
  onKeyChange: (key: string) => void;
  onKeyBlur: () => void;
  onChange: (patch: Partial<Pick<FieldDraft, 'type' | 'required' | 'options' | 'productIds'>>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

export function FieldEditor({ wid, field, index, count, errors, onLabelChange, onKeyChange, onKeyBlur, onChange, onMove, onRemove }: FieldEditorProps) {
  const id = useId();
  const name = field.label.trim() || `field ${index + 1}`;
  const subErrors = (prefix: string) =>
    Object.fromEntries(
      Object.entries(errors).flatMap(([path, message]) =>
        path === prefix ? [['', message]] : path.startsWith(`${prefix}.`) ? [[path.slice(prefix.length + 1), message]] : [],
      ),
    );
  const typeError = errors.type;
  const general = errors[''];

  return (
    <fieldset
      data-testid="field-editor"
      data-field-uid={field.uid}
      className="rounded-lg border border-border bg-surface p-3"
      aria-describedby={general ? `${id}-error` : undefined}
      onKeyDown={(event) => {
        if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
        event.preventDefault();
        onMove(event.key === 'ArrowUp' ? -1 : 1);
      }}
    >
      <legend className="sr-only">
        Field {index + 1} of {count}: {name}
      </legend>
      <div className="flex items-start gap-3">
        <span aria-hidden className="mt-6 w-5 shrink-0 text-right text-xs text-muted tabular-nums">
          {index + 1}
        </span>
        <div className="grid min-w-0 flex-1 gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,12rem)_minmax(0,10rem)_auto]">
          <TextField label="Label" value={field.label} error={errors.label} onChange={(event) => onLabelChange(event.target.value)} maxLength={200} />
          <TextField
            label="Key"
            value={field.key}
            error={errors.key}
            onChange={(event) => onKeyChange(event.target.value)}
            onBlur={onKeyBlur}
            spellCheck={false}
            autoCapitalize="off"
          />
          <div className="space-y-1">
            <label htmlFor={`${id}-type`} className="block text-xs font-medium text-fg">
              Type
            </label>
            <select
              id={`${id}-type`}
              value={field.type}
              aria-invalid={typeError ? true : undefined}
              aria-describedby={typeError ? `${id}-type-error` : undefined}
              onChange={(event) => onChange({ type: event.target.value as FieldType })}
              className="block h-8 w-full rounded-md border border-border-strong bg-surface px-2 text-sm text-fg"
            >
              {FIELD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {FIELD_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
            {typeError ? (
              <p id={`${id}-type-error`} className="text-xs text-danger">
                {typeError}
              </p>
            ) : null}
          </div>
          <label className="inline-flex h-8 items-center gap-2 self-start text-sm sm:mt-5">
            <input
              type="checkbox"
              checked={field.required}
              onChange={(event) => onChange({ required: event.target.checked })}
              className="size-4 accent-accent"
            />
            Required
          </label>
          {field.type === 'select' ? (
            <div className="sm:col-span-4">
              <OptionsEditor fieldLabel={field.label} options={field.options} onChange={(options) => onChange({ options })} errors={subErrors('options')} />
            </div>
          ) : null}
          {field.type === 'product' ? (
            <div className="sm:col-span-4">
              <ProductChooser
                wid={wid}
                fieldLabel={field.label}
                productIds={field.productIds}
                onChange={(productIds) => onChange({ productIds })}
                error={subErrors('productIds')['']}
              />
            </div>
          ) : null}
          {general ? (
            <p id={`${id}-error`} className="text-xs text-danger sm:col-span-4">
              {general}
            </p>
          ) : null}
        </div>
        <div className="flex shrink-0 flex-col items-center gap-0.5 sm:flex-row">
          <button data-move="up" type="button" className={iconButton} onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move ${name} up`}>
            <ArrowUp aria-hidden className="size-4" />
          </button>
          <button
            data-move="down"
            type="button"
            className={iconButton}
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move ${name} down`}
          >
            <ArrowDown aria-hidden className="size-4" />
          </button>
          <button type="button" className={`${iconButton} hover:text-danger`} onClick={onRemove} disabled={count <= 1} aria-label={`Remove ${name}`}>
            <Trash2 aria-hidden className="size-4" />
          </button>
        </div>
      </div>
    </fieldset>
  );
}
