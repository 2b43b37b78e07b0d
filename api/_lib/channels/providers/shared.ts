// What the provider adapters share: constant-time secret comparison, header reading, and one JSON call to a
// provider's API that turns network failures and timeouts into transient ProviderSendErrors.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../../http/errors.js';
import { ProviderSendError } from './types.js';

/** Compares two strings in time independent of where they differ (their lengths may leak, nothing else). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const hmacHex = (key: string, data: Buffer | string) => createHmac('sha256', key).update(data).digest('hex');

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

export const missingSignature = (what: string) => new ApiError(401, 'unauthorized', `${what} is missing`);
export const wrongSignature = (what: string) => new ApiError(403, 'forbidden', `${what} does not match`);

/** A credential of a channel as a string; a channel without it cannot be verified or sent through. */
export function credential(credentials: Record<string, unknown>, name: string): string {
  const value = credentials[name];
  if (typeof value !== 'string' || value === '') throw new ProviderSendError(true, `The channel has no ${name}: connect it again`);
  return value;
}

export interface ProviderAnswer {
  status: number;
  body: Record<string, unknown>;
}

const TIMEOUT_MS = 10_000;

/** Quotes the bare integers of these keys so JSON.parse keeps every digit of a 64-bit id. */
export const quoteIntegers = (raw: string, keys: string[]) =>
  keys.length === 0 ? raw : raw.replace(new RegExp(`"(${keys.join('|')})"\\s*:\\s*(-?\\d+)`, 'g'), '"$1":"$2"');

/** POSTs JSON to a provider; a network failure or timeout throws a transient ProviderSendError. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, exactKeys: string[] = []): Promise<ProviderAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const reason =
      err instanceof Error && err.name === 'TimeoutError'
        ? 'the provider did not answer in time'
        : `the provider could not be reached (${(err as Error).message})`;
    throw new ProviderSendError(false, reason);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(quoteIntegers(text, exactKeys)) : {};
  } catch {
    parsed = null;
  }
  if (parsed === null || typeof parsed !== 'object') {
    // Not the provider's JSON (a proxy's error page): a server error is worth another try, anything else is not.
    throw new ProviderSendError(response.status >= 400 && !isTransientStatus(response.status), `HTTP ${response.status} from the provider`, response.status);
  }
  return { status: response.status, body: parsed as Record<string, unknown> };
}

/** A 5xx or 429 is worth another try; any other 4xx is the provider refusing for good. */
export const isTransientStatus = (status: number) => status >= 500 || status === 429 || status === 408;

/** Why a provider's file could not be fetched (the message notes it). */
export class DownloadError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DownloadError';
  }
}

const DOWNLOAD_TIMEOUT_MS = 30_000;

/** A media type without parameters, lower case; null for none or application/octet-stream (which says nothing). */
export function servedType(value: string | null | undefined): string | null {
  const type = value?.split(';')[0]?.trim().toLowerCase();
  return type && type !== 'application/octet-stream' && type !== 'binary/octet-stream' ? type : null;
}

/** GETs a provider's file, reading at most `maxBytes` (a larger one is refused without reading the rest). */
export async function downloadBytes(url: string, headers: Record<string, string>, maxBytes: number): Promise<{ bytes: Buffer; contentType: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    throw new DownloadError(err instanceof Error && err.name === 'TimeoutError' ? 'the provider did not answer in time' : 'the provider could not be reached');
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw new DownloadError(`the provider answered HTTP ${response.status}`);
  }
  const tooLarge = () => new DownloadError(`the file is larger than ${Math.round(maxBytes / (1024 * 1024))} MB`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  if (size === 0) throw new DownloadError('the file is empty');
  return { bytes: Buffer.concat(chunks), contentType: servedType(response.headers.get('content-type')) };
}
