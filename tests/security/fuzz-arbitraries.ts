// fast-check arbitraries for the registry fuzz: request bodies, queries, path segments and headers derived from an
// endpoint's zod schemas (through their JSON Schema) and its example, and their invalid variants (wrong types,
// missing and extra fields, prototype keys, huge strings, NUL, unicode, deep nesting, arrays for objects, numbers as
// strings, malformed JSON and other media types, forged cursors, traversal in path segments).
import fc from 'fast-check';
import { z } from 'zod';
import type { EndpointDef } from '../../contracts/endpoint.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
};

/** What the fuzz sends as a body: JSON (any value, encoded here) or raw bytes with a media type (or none). */
export type FuzzBody = { json: unknown } | { raw: string; contentType: string | null } | null;

/** Strings an attacker tries first. Those that look like SQL are echoed back by the API where data is (see leaks). */
export const NASTY_STRINGS: readonly string[] = [
  "' or '1'='1",
  "'; drop table users; --",
  'select * from users where 1=1',
  '1; insert into users values (1)',
  '" or ""="',
  '\\',
  '%',
  '_',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\ufeff',
  '𝕏𝕐ℤ🙂👍🏽',
  'ﷺ',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  ' ',
  '',
  '\r\nSet-Cookie: x=1',
  'true',
  '[]',
  '{}',
  'US/Pacific-New',
  '2024-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '99999-12-31T23:59:59Z',
];

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'] as const;

const b64 = (value: string) => Buffer.from(value).toString('base64url');
/** Cursors no list wrote: garbage, wrong shapes, impossible or out-of-range instants, SQL, NUL, too long. */
export const FORGED_CURSORS: readonly string[] = [
  '!!!',
  b64('hello'),
  b64('[]'),
  b64('{}'),
  b64('["2024-02-30T00:00:00.000000Z","00000000-0000-4000-8000-000000000000"]'),
  b64('["0000-01-01T00:00:00.000000Z","00000000-0000-4000-8000-000000000000"]'),
  b64('["9999-12-31T24:00:00.000000Z","00000000-0000-4000-8000-000000000000"]'),
  b64(`["2024-01-01T00:00:00.000000Z' or '1'='1","x"]`),
  b64('["2024-01-01T00:00:00.000000Z","\u0000"]'),
  b64('[1e999,null]'),
  'A'.repeat(501),
];

const huge = 'x'.repeat(100_000);

/** Any JSON-ish value an attacker might put where something else is expected. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(huge) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1e308, 0.1) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [[[[[]]]]], { a: { b: { c: {} } } }) },
  { weight: 1, arbitrary: fc.array(fc.string(), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...PROTOTYPE_KEYS, 'a', 'name'), fc.string(), { maxKeys: 3 }) },
);

/** Nesting `depth` arrays (or objects) deep around a value. */
export const nested = (depth: number, object: boolean) => Array.from({ length: depth }).reduce<unknown>((inner) => (object ? { a: inner } : [inner]), 'deep');

function stringFor(schema: JsonSchema, name: string | undefined): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 60);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email' || (name && /email/i.test(name))) return fc.emailAddress();
  if (schema.format === 'date-time')
    return fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) {
    const regex = new RegExp(schema.pattern);
    return fc.stringMatching(regex).filter((s) => s.length <= (schema.maxLength ?? 500));
  }
  if (name && /password/i.test(name)) return fc.constantFrom('Correct-Horse-9', 'Another-Horse-7!', 'Ünïcode-Pass-1', 'short', 'x'.repeat(80));
  if (name && /code/i.test(name)) return fc.oneof(fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^[a-z0-9]{5}-[a-z0-9]{5}$/));
  return fc.string({ minLength, maxLength });
}

/** Values that fit a JSON Schema (as zod writes it), roughly: refinements the schema cannot say are not followed. */
export function fromJsonSchema(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromJsonSchema(s, name)));
  if (schema.allOf?.length) return fromJsonSchema(schema.allOf[0]!, name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, name);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? fromJsonSchema(schema.items) : fc.jsonValue({ maxDepth: 1 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value, key)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A zod schema's input as JSON Schema (transforms and refinements become their input type). */
export const jsonSchemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Valid-looking bodies: generated from the schema, or the contract's example. */
export function validBody(endpoint: EndpointDef): fc.Arbitrary<unknown> {
  const generated = fromJsonSchema(jsonSchemaOf(endpoint.body!));
  return endpoint.example === undefined ? generated : fc.oneof(generated, fc.constant(endpoint.example));
}

/** One mutation of a (valid-looking) value, as an attacker or a broken client would send it. */
export function mutate(value: unknown): fc.Arbitrary<unknown> {
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  const keys = isObject ? Object.keys(value as object) : [];
  const withKey = (key: string, v: unknown) => ({ ...(value as object), [key]: v });
  // Generated values may be objects without a prototype (no toString): their JSON stands in for their text.
  const text = (v: unknown) => (v !== null && typeof v === 'object' ? (JSON.stringify(v) ?? '') : String(v));
  const options: fc.Arbitrary<unknown>[] = [fc.constant([value]), fc.constant(nested(2_000, false)), fc.constant(nested(500, true)), nastyValue];
  if (isObject) {
    options.push(
      // An extra field, prototype keys among them (JSON.parse makes `__proto__` an own key).
      fc
        .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 20 })), nastyValue)
        .map(([key, v]) => JSON.parse(JSON.stringify(value).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(v) ?? 'null'}${keys.length ? ',' : ''}`))),
    );
    if (keys.length) {
      const key = fc.constantFrom(...keys);
      options.push(
        key.map((k) => Object.fromEntries(Object.entries(value as object).filter(([name]) => name !== k))),
        fc.tuple(key, nastyValue).map(([k, v]) => withKey(k, v)),
        key.map((k) => withKey(k, typeof (value as Record<string, unknown>)[k] === 'number' ? String((value as Record<string, unknown>)[k]) : 12345)),
        key.map((k) => withKey(k, `${text((value as Record<string, unknown>)[k])}\u0000`)),
        key.map((k) => withKey(k, huge)),
        key.map((k) => withKey(k, [(value as Record<string, unknown>)[k]])),
      );
    }
  }
  return fc.oneof(...options);
}

/** Bytes that are not the JSON object a schema wants: broken JSON, other media types, an oversize body. */
export const rawBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom(
        '{',
        '{"a":',
        '[1,2',
        '',
        ' ',
        'null',
        '{"a":1}{"b":2}',
        '{"a":1}x',
        "{'a':1}",
        '\u0000',
        'true',
        '"text"',
        '1e999',
        '{"__proto__":{"polluted":1}}',
      )
      .map((raw) => ({ raw, contentType: 'application/json' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .dictionary(
        fc.oneof(fc.constantFrom('email', 'password', 'name', '__proto__[x]', 'a[b][c]', 'socket_id'), fc.string({ maxLength: 8 })),
        fc.string({ maxLength: 20 }),
        {
          maxKeys: 4,
        },
      )
      .map((fields) => ({ raw: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=zz',
        'application/json; charset=utf-16',
        'application/vnd.api+json',
        'image/png',
        null,
      )
      .map((contentType) => ({ raw: '{"name":"x"}', contentType })),
  },
  { weight: 1, arbitrary: fc.constant({ raw: `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`, contentType: 'application/json' }) },
  { weight: 1, arbitrary: fc.constant({ raw: `{"name":"${'x'.repeat(5 * 1024 * 1024)}"}`, contentType: 'application/json' }) },
);

/** A body for the endpoint: valid-looking, mutated, a bare or nested value, or raw bytes. */
export function bodyFor(endpoint: EndpointDef): fc.Arbitrary<FuzzBody> {
  if (!endpoint.body) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: nastyValue.map((json) => ({ json })) },
      { weight: 1, arbitrary: rawBody },
    );
  }
  const valid = validBody(endpoint);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((json) => ({ json })) },
    { weight: 4, arbitrary: valid.chain(mutate).map((json) => ({ json })) },
    { weight: 1, arbitrary: nastyValue.map((json) => ({ json })) },
    { weight: 2, arbitrary: rawBody },
  );
}

/** A query string for the endpoint: valid-looking parameters, junk ones, forged cursors, repeats, bad encodings. */
export function queryFor(endpoint: EndpointDef): fc.Arbitrary<string> {
  const stringify = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  const valid: fc.Arbitrary<[string, string][]> = endpoint.query
    ? fromJsonSchema(jsonSchemaOf(endpoint.query)).map((q) => Object.entries((q ?? {}) as object).map(([k, v]) => [k, stringify(v)] as [string, string]))
    : fc.constant([]);
  const junkKey = fc.oneof(
    fc.constantFrom('limit', 'cursor', 'q', 'tz', 'days', 'status', 'assigneeId', 'channel', ...PROTOTYPE_KEYS, 'a[b]'),
    fc.string({ maxLength: 10 }),
  );
  const junkValue = fc.oneof(
    fc.constantFrom(...FORGED_CURSORS),
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.integer().map(String),
  );
  const junk = fc.array(fc.tuple(junkKey, junkValue), { maxLength: 3 });
  const badEncoding = fc.constantFrom('', '', '', '&%', '&q=%zz', '&cursor=%E0%A4%A', '&&&=', '&limit=1&limit=2', '&q=%00', '&;=;');
  return fc
    .tuple(valid, fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, string][]) }, { weight: 2, arbitrary: junk }), badEncoding)
    .map(([good, bad, tail]) => {
      const search = new URLSearchParams([...good, ...bad]).toString() + tail;
      return search ? `?${search}` : '';
    });
}

/** A path segment: the parameter's real value (known only when the request is sent), a variant of it, or a literal. */
export type Segment = { real: 'as is' | 'upper-case' | 'NUL after' | 'extra character' } | { literal: string };

/** The URL path segment a Segment stands for, given the parameter's real value. */
export function segmentValue(segment: Segment, real: string): string {
  if ('literal' in segment) return segment.literal;
  switch (segment.real) {
    case 'as is':
      return real;
    case 'upper-case':
      return real.toUpperCase();
    case 'NUL after':
      return `${real}%00`;
    case 'extra character':
      return `${real}x`;
  }
}

/** A path segment for a parameter: the real value mostly, else another id, or a malformed or hostile segment. */
export const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ real: 'as is' as const }) },
  { weight: 2, arbitrary: fc.constantFrom<Segment>({ real: 'upper-case' }, { real: 'NUL after' }, { real: 'extra character' }) },
  { weight: 1, arbitrary: fc.uuid().map((literal) => ({ literal })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'not-a-uuid',
        '..',
        '%2e%2e',
        '..%2f..%2fetc%2fpasswd',
        '%2F',
        '%00',
        'a'.repeat(300),
        '%C3%BC%E2%80%AE',
        "'%20or%20'1'%3D'1",
        '%ZZ',
        '*',
        ';',
        '00000000-0000-0000-0000-000000000000',
      )
      .map((literal) => ({ literal })),
  },
);

/** Header values an attacker controls (only what fetch can send: visible ASCII). */
export const headerValue = fc.oneof(fc.constantFrom('', 'unknown', 'null', '*', 'a'.repeat(2_000)), fc.stringMatching(/^[\x21-\x7e]{0,60}$/));
