import { useId } from 'react';
import { inputClass } from '@/components/text-field';
import { cx } from '@/lib/cx';

/** The origins as typed, one per line, blank lines dropped. */
export const originsOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The sites that may embed the widget, one origin per line. `error` is the first problem the server named
 * (`settings.allowedOrigins.N` → "Line N+1: …").
 */
export function OriginsField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string | undefined }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-fg">
        Allowed origins
      </label>
      <textarea
        id={id}
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        placeholder="https://shop.example.com"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        className={cx(inputClass, 'h-auto py-1.5 font-mono text-xs')}
      />
      <div id={`${id}-hint`} className="text-xs text-muted">
        One site per line: https:// and the host, no path (add http://localhost:5173 to try it locally). The widget loads only there.
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The server's problems with the form's fields: `name`, `origins` (with the line), `token`, `form`. */
export function channelFormErrors(details: ReadonlyArray<{ path: string; message: string }>) {
  const fields: { name?: string; origins?: string; token?: string; greeting?: string } = {};
  for (const { path, message } of details) {
    const origin = /^settings\.allowedOrigins(?:\.(\d+))?$/.exec(path);
    if (path === 'name') fields.name ??= message;
    else if (origin) fields.origins ??= origin[1] !== undefined ? `Line ${Number(origin[1]) + 1}: ${message}` : message;
    else if (path.startsWith('credentials.')) fields.token ??= message;
    else if (path === 'settings.greeting') fields.greeting ??= message;
  }
  return fields;
}
