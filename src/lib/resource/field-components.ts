// A structured (`json`) field's own editor and display, given by the resource's pages:
// `resourcePages(batches, { def: batchResource, …, fields: { inputs: { edit: BatchInputsEditor, view: BatchInputsView } } })`.
// They load with the pages. The generated form puts the editor in place of the field (which it otherwise leaves
// out), checks its value with the declaration's schema and sends it like any other field (an edit only when it
// changed); the server's 422 details below the field (`body.inputs.1.materialId`) reach the editor by their
// path under it (`1.materialId`). The detail page shows the value with the display. Typed against the
// declaration: only its json fields take them, each with that field's value and the declaration's record.
import type { ComponentType } from 'react';
import type { z } from 'zod';
import type { RecordOf, ResourceDef } from '../../../contracts/resource';
import type { ResourceRecord } from './cache';
import type { Field } from './format';

/** Messages by path below a field: `1.materialId` for the second item's material. */
export type FieldIssues = Readonly<Record<string, string>>;

export interface FieldEditorProps<V, R = ResourceRecord> {
  wid: string;
  /** The declaration's field, with its key (its label is the form's legend for the editor). */
  field: Field;
  /** The value when the form opened: the record's, or null on a new record. The editor is mounted afresh each time the form opens. */
  value: V | null;
  /**
   * The value now, and what keeps it from being sent (an incomplete row), by path below the field: while there
   * are issues the form sends nothing and shows them on submit.
   */
  onChange: (value: V | null, issues?: FieldIssues) => void;
  /** The messages to show, by path below the field: the editor's own issues, the schema's, the server's 422 details. Those about the field as a whole are shown by the form. */
  errors: FieldIssues;
  /** The record being edited; none on a new one. */
  record: R | undefined;
}

export interface FieldViewProps<V, R = ResourceRecord> {
  wid: string;
  field: Field;
  /** The record's value (the page shows "—" when it has none). */
  value: V;
  record: R;
}

export interface FieldComponents<V, R = ResourceRecord> {
  /** Replaces the field in the generated create and edit form. */
  edit?: ComponentType<FieldEditorProps<V, R>>;
  /** Shows the value on the detail page (the list keeps its one-line summary). */
  view?: ComponentType<FieldViewProps<V, R>>;
}

/** The keys of the declaration's json fields. */
export type JsonFieldKey<D extends ResourceDef> = {
  [K in keyof D['fields'] & string]: D['fields'][K] extends { kind: 'json' } ? K : never;
}[keyof D['fields'] & string];

/** A json field's value: what its schema outputs. */
export type JsonFieldValue<D extends ResourceDef, K extends keyof D['fields']> = D['fields'][K] extends { kind: 'json'; schema: infer S extends z.ZodType }
  ? z.output<S>
  : never;

/** What a resource's pages may give its json fields. */
export type ResourceFieldComponents<D extends ResourceDef> = {
  [K in JsonFieldKey<D>]?: FieldComponents<JsonFieldValue<D, K>, RecordOf<D>>;
};

/** The same with the value types erased, as the kit's pages hold them (checked where `resourcePages` is called). */
export type AnyFieldComponents = Readonly<Record<string, FieldComponents<unknown>>>;

/** The messages about `key` and below it, by path under it (`''` for the field itself). */
export function issuesUnder(errors: Readonly<Partial<Record<string, string>>>, key: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (message === undefined) continue;
    if (path === key) found[''] = message;
    else if (path.startsWith(`${key}.`)) found[path.slice(key.length + 1)] = message;
  }
  return found;
}

/** `issues` below `key` as form error paths (`1.materialId` → `inputs.1.materialId`). */
export const issuesAt = (key: string, issues: FieldIssues): Record<string, string> =>
  Object.fromEntries(Object.entries(issues).map(([path, message]) => [path ? `${key}.${path}` : key, message]));
