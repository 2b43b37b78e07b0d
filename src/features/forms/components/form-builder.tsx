// The form builder: name, on/off, and the fields (added, removed, reordered with buttons or Alt+↑/↓). Saving
// creates (POST, one Idempotency-Key per visit) or replaces (PUT) the form; the server's 422 details land on
// the field and input they name (`fields.2.key`), and focus moves to the first of them.
import { Plus } from 'lucide-react';
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { FORM_MAX_FIELDS, type Form } from '../../../../contracts/forms';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import { useSaveForm } from '../api';
import {
  bodyFromDraft,
  draftErrors,
  draftFromForm,
  keyFromLabel,
  newField,
  newFormDraft,
  normalizeKeyInput,
  uniqueKey,
  type DraftErrors,
  type FieldDraft,
  type FormDraft,
} from '../field-draft';
import { newIdempotencyKey } from '../idempotency-key';
import { FieldEditor } from './field-editor';

const noErrors: DraftErrors = { byField: {} };

type PendingFocus = { uid: string; target: 'label' | 'up' | 'down' } | { uid: null; target: 'add' } | { uid: null; target: 'invalid' };

export function FormBuilder({ wid, form, readOnly, onSaved }: { wid: string; form: Form | null; readOnly: boolean; onSaved: (form: Form) => void }) {
  const [draft, setDraft] = useState<FormDraft>(() => (form ? draftFromForm(form) : newFormDraft()));
  const [savedBody, setSavedBody] = useState(() => (form ? JSON.stringify(bodyFromDraft(draftFromForm(form))) : null));
  const [errors, setErrors] = useState<DraftErrors>(noErrors);
  const [announcement, setAnnouncement] = useState('');
  const [pendingFocus, setPendingFocus] = useState<PendingFocus | null>(null);
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useSaveForm(wid);
  const container = useRef<HTMLFormElement>(null);
  const activeId = useId();

  const body = bodyFromDraft(draft);
  const dirty = JSON.stringify(body) !== savedBody;

  useLayoutEffect(() => {
    if (!pendingFocus) return;
    const root = container.current;
    setPendingFocus(null);
    if (!root) return;
    if (pendingFocus.target === 'add') return root.querySelector<HTMLElement>('[data-add-field]')?.focus();
    if (pendingFocus.target === 'invalid') {
      root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const card = root.querySelector(`[data-field-uid="${pendingFocus.uid}"]`);
    if (!card) return;
    if (pendingFocus.target === 'label') return card.querySelector('input')?.focus();
    const wanted = card.querySelector<HTMLButtonElement>(`[data-move="${pendingFocus.target}"]`);
    const other = card.querySelector<HTMLButtonElement>(`[data-move="${pendingFocus.target === 'up' ? 'down' : 'up'}"]`);
    (wanted && !wanted.disabled ? wanted : other)?.focus();
  }, [pendingFocus]);

  // A saved form that changes elsewhere is not pulled into unsaved edits; a clean one follows.
  useEffect(() => {
    if (!form || dirty) return;
    const fromServer = draftFromForm(form);
    const serverBody = JSON.stringify(bodyFromDraft(fromServer));
    if (serverBody === savedBody) return;
    setDraft(fromServer);
    setSavedBody(serverBody);
    // Only a newer answer from the server matters here, not each edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form]);

  /** Drops the errors shown on a field's `paths` (and its general one) once the field is edited. */
  const clearFieldError = (uid: string, ...paths: string[]) =>
    setErrors((current) => {
      const mine = current.byField[uid];
      if (!mine) return current;
      const stale = (p: string) => p === '' || paths.some((path) => p === path || p.startsWith(`${path}.`));
      if (!Object.keys(mine).some(stale)) return current;
      return { ...current, byField: { ...current.byField, [uid]: Object.fromEntries(Object.entries(mine).filter(([p]) => !stale(p))) } };
    });

  const updateField = (uid: string, update: (field: FieldDraft, others: FieldDraft[]) => FieldDraft) =>
    setDraft((current) => ({
      ...current,
      fields: current.fields.map((field) =>
        field.uid === uid
          ? update(
              field,
              current.fields.filter((f) => f.uid !== uid),
            )
          : field,
      ),
    }));

  const takenKeys = (fields: FieldDraft[]) => new Set(fields.map((f) => f.key));

  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= draft.fields.length) return;
    const fields = [...draft.fields];
    const [moved] = fields.splice(index, 1);
    fields.splice(target, 0, moved!);
    setDraft({ ...draft, fields });
    setAnnouncement(`${moved!.label.trim() || 'Field'} moved to position ${target + 1} of ${fields.length}`);
    setPendingFocus({ uid: moved!.uid, target: by === -1 ? 'up' : 'down' });
  }

  function remove(index: number) {
    const removed = draft.fields[index]!;
    const fields = draft.fields.filter((_, i) => i !== index);
    setDraft({ ...draft, fields });
    setAnnouncement(`${removed.label.trim() || 'Field'} removed`);
    const next = fields[Math.min(index, fields.length - 1)];
    setPendingFocus(next ? { uid: next.uid, target: 'label' } : { uid: null, target: 'add' });
  }

  function add() {
    const field = newField('text', takenKeys(draft.fields));
    setDraft({ ...draft, fields: [...draft.fields, field] });
    setErrors((current) => ({ ...current, fields: undefined }));
    setPendingFocus({ uid: field.uid, target: 'label' });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly || save.isPending) return;
    const sent = draft.fields;
    save.mutate(
      { id: form?.id ?? null, body, idempotencyKey },
      {
        onSuccess: (saved) => {
          setErrors(noErrors);
          setSavedBody(JSON.stringify(body));
          onSaved(saved);
        },
        onError: (error) => {
          const mapped =
            error instanceof ApiError && error.code === 'validation_failed'
              ? draftErrors(error.details, sent, error.message)
              : { byField: {}, form: errorMessage(error) };
          setErrors(mapped);
          setPendingFocus({ uid: null, target: 'invalid' });
        },
      },
    );
  }

  return (
    <form ref={container} noValidate onSubmit={submit} className="space-y-5" aria-label="Form builder">
      <fieldset disabled={readOnly} className="space-y-5">
        <div className="flex flex-wrap items-end gap-4">
          <TextField
            label="Name"
            value={draft.name}
            error={errors.name}
            maxLength={200}
            onChange={(event) => {
              setDraft({ ...draft, name: event.target.value });
              if (errors.name) setErrors({ ...errors, name: undefined });
            }}
            className="w-full max-w-sm"
            placeholder="Order request"
          />
          <label htmlFor={activeId} className="inline-flex h-8 items-center gap-2 text-sm">
            <input
              id={activeId}
              type="checkbox"
              role="switch"
              checked={draft.active}
              onChange={(event) => setDraft({ ...draft, active: event.target.checked })}
              className="size-4 accent-accent"
            />
            Active: the public page takes submissions
          </label>
        </div>

        <section aria-labelledby={`${activeId}-fields`} className="space-y-2">
          <div className="flex items-baseline justify-between gap-2">
            <h2 id={`${activeId}-fields`} className="text-sm font-semibold">
              Fields
            </h2>
            <p className="text-xs text-muted">Keys name the answers in exports. Reorder with the arrows, or Alt+↑ / Alt+↓ inside a field.</p>
          </div>
          {errors.fields ? <FormError message={errors.fields} /> : null}
          <ol className="space-y-2">
            {draft.fields.map((field, index) => (
              <li key={field.uid}>
                <FieldEditor
                  wid={wid}
                  field={field}
                  index={index}
                  count={draft.fields.length}
                  errors={errors.byField[field.uid] ?? {}}
                  onLabelChange={(label) => {
                    clearFieldError(field.uid, 'label', ...(field.keyEdited ? [] : ['key']));
                    updateField(field.uid, (f, others) => ({
                      ...f,
                      label,
                      key: f.keyEdited ? f.key : uniqueKey(keyFromLabel(label), takenKeys(others)),
                    }));
                  }}
                  onKeyChange={(value) => {
                    clearFieldError(field.uid, 'key');
                    updateField(field.uid, (f) => ({ ...f, key: normalizeKeyInput(value), keyEdited: true }));
                  }}
                  // Left empty, the key follows the label again.
                  onKeyBlur={() =>
                    updateField(field.uid, (f, others) => (f.key ? f : { ...f, key: uniqueKey(keyFromLabel(f.label), takenKeys(others)), keyEdited: false }))
                  }
                  onChange={(patch) => {
                    clearFieldError(field.uid, ...Object.keys(patch));
                    updateField(field.uid, (f) => ({
                      ...f,
                      ...patch,
                      ...(patch.type === 'select' && f.options.length === 0 ? { options: [''] } : {}),
                    }));
                  }}
                  onMove={(by) => move(index, by)}
                  onRemove={() => remove(index)}
                />
              </li>
            ))}
          </ol>
          <Button data-add-field size="sm" onClick={add} disabled={draft.fields.length >= FORM_MAX_FIELDS}>
            <Plus aria-hidden className="size-3.5" />
            Add field
          </Button>
        </section>
      </fieldset>

      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <FormError message={errors.form} />
      {readOnly ? null : (
        <div className="sticky bottom-0 -mx-1 flex items-center justify-end gap-3 border-t border-border bg-canvas/95 px-1 py-3 backdrop-blur">
          <span role="status" className="text-xs text-muted">
            {save.isPending ? '' : !dirty ? 'All changes saved' : form ? 'Unsaved changes' : ''}
          </span>
          <Button type="submit" variant="primary" disabled={save.isPending || (form !== null && !dirty)}>
            {save.isPending ? 'Saving…' : form ? 'Save changes' : 'Create form'}
          </Button>
        </div>
      )}
    </form>
  );
}
