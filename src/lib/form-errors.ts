// Turns a failed mutation into what a form shows: messages beside the fields the server named
// (`details[].path`), and the server's message at the top when it names none of them.
import { ApiError, errorMessage } from './api-error';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

export const noFormErrors = { fields: {}, form: null } as const;

export function formErrorsFrom<F extends string>(
  error: unknown,
  fields: readonly F[],
  /** Errors without details that belong to one field, e.g. 409 "email taken" → 'email'. */
  codeToField: Partial<Record<string, F>> = {},
): FormErrors<F> {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const byPath = error.fieldErrors();
  const found: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const message = byPath[field];
    if (message) found[field] = message;
  }
  if (Object.keys(found).length > 0) return { fields: found, form: null };
  const field = codeToField[error.code];
  if (field) return { fields: { [field]: error.message } as Partial<Record<F, string>>, form: null };
  return { fields: {}, form: error.message };
}

/** The first message per top-level path of zod-style issues (a local check with a contract schema). */
export function issuesToFields<F extends string>(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const found: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '') as F;
    if (fields.includes(key)) found[key] ??= issue.message;
  }
  return found;
}
