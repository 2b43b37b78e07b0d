// A batch's inputs in its create and edit form (the batches pages give it to the `inputs` field): one row per
// material the start takes from the plant's stock, each a material picked by name or code and a quantity in
// whole units of that material's unit. Rows are added and removed with buttons (focus follows), a material is
// never named twice, and there are at most as many rows as the contract allows. An incomplete row keeps the
// form from sending; the server's 422 details (`body.inputs.1.materialId`) show on the row they name, and stay
// with it when rows above it are removed. Inputs change only while the batch is planned: afterwards the rows
// are shown but locked (the server refuses a change with 409, which the form shows).
import { Plus, X } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { Batch } from '../../../../contracts/operations';
import { Button } from '@/components/button';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';
import type { FieldEditorProps, FieldIssues } from '@/lib/resource/field-components';
import { enumLabel } from '@/lib/resource/format';
import { MaterialPicker } from './material-picker';
import { useMaterials, type MaterialSummary } from './materials';

type BatchInput = NonNullable<Batch['inputs']>[number];

/** The most inputs a batch takes (contracts/operations.ts: the `inputs` schema). */
export const MAX_INPUTS = 50;
/** The largest quantity of one input. */
const MAX_QUANTITY = 1_000_000_000;

interface Row {
  /** Stable across additions and removals: React's key, and what the server's messages stay attached to. */
  key: number;
  materialId: string;
  /** The material as the picker chose it (rows read from the record look theirs up). */
  material?: MaterialSummary;
  /** As typed. */
  quantity: string;
}

type RowMessages = Partial<Record<'row' | 'materialId' | 'quantity', string>>;

/** What keeps the rows from being sent, by path below the field (`1.quantity`). */
export function rowIssues(rows: readonly Pick<Row, 'materialId' | 'quantity'>[]): Record<string, string> {
  const issues: Record<string, string> = {};
  const firstRow = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!row.materialId) issues[`${i}.materialId`] = 'Choose a material';
    else if (firstRow.has(row.materialId)) issues[`${i}.materialId`] = `Already input ${firstRow.get(row.materialId)! + 1}: change its quantity instead`;
    else firstRow.set(row.materialId, i);
    const text = row.quantity.trim();
    if (text === '') issues[`${i}.quantity`] = 'Enter a quantity';
    else if (!/^\d+$/.test(text)) issues[`${i}.quantity`] = 'Use a whole number';
    else if (Number(text) < 1) issues[`${i}.quantity`] = 'At least 1';
    else if (Number(text) > MAX_QUANTITY) issues[`${i}.quantity`] = `At most ${MAX_QUANTITY.toLocaleString('en')}`;
  });
  return issues;
}

/** Messages by path (`1.materialId`) as messages by row, for the rows as they are now; the rest stay general. */
function attach(errors: FieldIssues, rows: readonly Row[]): { byRow: Map<number, RowMessages>; general: string[] } {
  const byRow = new Map<number, RowMessages>();
  const general: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const match = /^(\d+)(?:\.(materialId|quantity))?(?:\.|$)/.exec(path);
    const row = match ? rows[Number(match[1])] : undefined;
    if (!match || !row) {
      general.push(message);
      continue;
    }
    const part = (match[2] as 'materialId' | 'quantity' | undefined) ?? 'row';
    const messages = byRow.get(row.key) ?? {};
    messages[part] ??= message;
    byRow.set(row.key, messages);
  }
  return { byRow, general };
}

export function BatchInputsEditor({ wid, value, onChange, errors, record }: FieldEditorProps<BatchInput[], Batch>) {
  const ids = useId();
  const next = useRef(0);
  const [rows, setRows] = useState<Row[]>(() =>
    (value ?? []).map((input) => ({ key: next.current++, materialId: input.materialId, quantity: String(input.quantity) })),
  );
  const lookups = useMaterials(
    wid,
    rows.filter((r) => !r.material).map((r) => r.materialId),
  );
  const locked = record !== undefined && record.status !== 'planned';

  // The messages handed in, attached to the rows they named when they arrived.
  const [shown, setShown] = useState(() => ({ from: errors, ...attach(errors, rows) }));
  if (shown.from !== errors) setShown({ from: errors, ...attach(errors, rows) });

  // Where focus goes after a row is added (its material) or removed (the next row's Remove, else Add input).
  const controls = useRef(new Map<string, HTMLElement>());
  const keep = (name: string) => (element: HTMLElement | null) => {
    if (element) controls.current.set(name, element);
    else controls.current.delete(name);
  };
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    if (focusTarget === null) return;
    (controls.current.get(focusTarget) ?? document.getElementById(`${ids}-add`))?.focus();
    setFocusTarget(null);
  }, [focusTarget, ids]);

  function change(nextRows: Row[]) {
    setRows(nextRows);
    const inputs = nextRows.map((r) => ({ materialId: r.materialId, quantity: Number(r.quantity.trim()) }));
    onChange(nextRows.length > 0 ? inputs : null, rowIssues(nextRows));
  }
  const update = (key: number, patch: Partial<Row>) => change(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  function add() {
    const key = next.current++;
    change([...rows, { key, materialId: '', quantity: '' }]);
    setFocusTarget(`material-${key}`);
  }
  function remove(index: number) {
    const rest = rows.filter((_, i) => i !== index);
    change(rest);
    const neighbour = rest[index] ?? rest[index - 1];
    setFocusTarget(neighbour ? `remove-${neighbour.key}` : 'add');
  }

  // Which input names each material, for the pickers of the others.
  const taken = new Map<string, number>();
  rows.forEach((r, i) => {
    if (r.materialId && !taken.has(r.materialId)) taken.set(r.materialId, i + 1);
  });
  const full = rows.length >= MAX_INPUTS;

  return (
    <div className="space-y-2">
      {locked ? (
        <p className="text-xs text-muted">Inputs change only while the batch is planned; this one is {enumLabel(record.status).toLowerCase()}.</p>
      ) : (
        <p className="text-xs text-muted">What the start takes from the plant&apos;s stock, in each material&apos;s unit.</p>
      )}
      {rows.length === 0 ? (
        <p className="text-sm text-muted">No inputs.</p>
      ) : (
        <>
          <div aria-hidden className="grid grid-cols-[minmax(0,1fr)_9.5rem_2rem] gap-2 text-xs text-muted">
            <span>Material</span>
            <span>Quantity</span>
          </div>
          <ol className="space-y-2">
            {rows.map((row, index) => {
              const n = index + 1;
              const messages = shown.byRow.get(row.key) ?? {};
              const lookup = lookups.get(row.materialId);
              const material = row.material ?? lookup?.material;
              const unit = material?.unit ?? '';
              const materialError = messages.materialId ?? messages.row;
              const partId = (part: 'material-error' | 'quantity' | 'quantity-error' | 'unit') => `${ids}-${row.key}-${part}`;
              const others = new Map([...taken].filter(([id]) => id !== row.materialId));
              return (
                <li key={row.key} aria-label={`Input ${n}`} data-testid="batch-input-row">
                  <div className="grid grid-cols-[minmax(0,1fr)_9.5rem_2rem] items-start gap-2">
                    <MaterialPicker
                      wid={wid}
                      material={material}
                      chosenText={!row.materialId ? '' : lookup?.missing ? 'A material that no longer exists' : 'Loading…'}
                      onChoose={(chosen) => update(row.key, { materialId: chosen.id, material: chosen })}
                      takenBy={others}
                      label={`Material of input ${n}`}
                      invalid={Boolean(materialError)}
                      describedBy={materialError ? partId('material-error') : undefined}
                      disabled={locked}
                      inputRef={keep(`material-${row.key}`)}
                    />
                    <div className="flex items-center gap-1.5">
                      <label htmlFor={partId('quantity')} className="sr-only">
                        {`Quantity of input ${n}`}
                      </label>
                      <input
                        id={partId('quantity')}
                        type="number"
                        inputMode="numeric"
                        min={1}
                        step={1}
                        max={MAX_QUANTITY}
                        required
                        disabled={locked}
                        value={row.quantity}
                        onChange={(e) => update(row.key, { quantity: e.target.value })}
                        aria-invalid={messages.quantity ? true : undefined}
                        aria-describedby={
                          [unit ? partId('unit') : null, messages.quantity ? partId('quantity-error') : null].filter(Boolean).join(' ') || undefined
                        }
                        className={cx(inputClass, 'tabular-nums')}
                      />
                      <span id={partId('unit')} className="w-10 shrink-0 truncate text-xs text-muted" title={unit}>
                        {unit}
                      </span>
                    </div>
                    {locked ? (
                      <span />
                    ) : (
                      <button
                        ref={keep(`remove-${row.key}`)}
                        type="button"
                        aria-label={`Remove input ${n}`}
                        onClick={() => remove(index)}
                        className="grid size-8 place-items-center rounded-md text-muted hover:bg-subtle hover:text-danger"
                      >
                        <X aria-hidden className="size-4" />
                      </button>
                    )}
                  </div>
                  {materialError ? (
                    <p id={partId('material-error')} className="mt-1 text-xs text-danger">
                      {materialError}
                    </p>
                  ) : null}
                  {messages.quantity ? (
                    <p id={partId('quantity-error')} className="mt-1 text-xs text-danger">
                      {messages.quantity}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </>
      )}
      {shown.general.map((message) => (
        <p key={message} className="text-xs text-danger">
          {message}
        </p>
      ))}
      {locked ? null : (
        <div className="flex items-center gap-3">
          <Button id={`${ids}-add`} size="sm" onClick={add} disabled={full}>
            <Plus aria-hidden className="size-3.5" />
            Add input
          </Button>
          <span className="text-xs text-muted" aria-live="polite">
            {full ? `At most ${MAX_INPUTS} inputs` : `${rows.length} of ${MAX_INPUTS}`}
          </span>
        </div>
      )}
    </div>
  );
}
