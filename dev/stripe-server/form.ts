// Stripe's request encoding: `application/x-www-form-urlencoded` with bracket notation, as the `stripe` SDK
// writes it (metadata[orderId]=…, line_items[0][price_data][currency]=…, expand[0]=…; `expand[]=` too), and
// the same in query strings of GET and DELETE. Every value arrives as a string; `key=` is an empty string
// (how the SDK sends null, e.g. to clear metadata).

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `a[b][0][c]` → ['a', 'b', '0', 'c']; `a[]` → ['a', '']. Null for a key that is not bracket notation. */
function splitKey(key: string): string[] | null {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const pattern = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
    if (match.index !== consumed) return null;
    parts.push(match[1]!);
    consumed = match.index + match[0].length;
  }
  return consumed === rest.length && parts[0] !== '' ? parts : null;
}

/** Objects whose keys are all array indices become arrays, in index order. */
function arraysOf(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return Array.isArray(value) ? value.map(arraysOf) : value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = arraysOf(value[key]!);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => value[String(k)]!);
  }
  return value;
}

/** Parses a form body or query string (without the leading `?`) into nested objects and arrays. */
export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const parts = splitKey(key) ?? [key];
    if (parts.some((p) => UNSAFE.has(p))) continue;
    let target: FormObject = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      let part = parts[i]!;
      if (part === '' && i > 0) {
        // `a[]=x`: the next free index.
        part = String(Object.keys(target).filter((k) => /^\d+$/.test(k)).length);
      }
      if (last) {
        target[part] = value;
      } else {
        const next = target[part];
        if (typeof next !== 'object' || next === null || Array.isArray(next)) target[part] = {};
        target = target[part] as FormObject;
      }
    }
  }
  return arraysOf(root) as FormObject;
}
