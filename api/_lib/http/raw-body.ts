// The request body as bytes, for the functions that turn Vercel's body parser off (`config.api.bodyParser =
// false`): webhooks verify a signature over the exact bytes, CSV imports take text/csv (which the parser would
// drop). Read once per request; the kernel parses JSON and form bodies from the same bytes.
import type { VercelRequest } from '@vercel/node';
import { ApiError } from './errors.js';

const read = new WeakMap<VercelRequest, Promise<Buffer>>();

/** True when Vercel's helpers parsed the body already (the parser is on), so the stream is spent. */
export const bodyParsed = (req: VercelRequest) => Object.getOwnPropertyDescriptor(req, 'body') !== undefined;

/** The raw body (at most `maxBytes`, else 413). With the parser on, only text and binary bodies survive it. */
export function readRawBody(req: VercelRequest, maxBytes = 4.5 * 1024 * 1024): Promise<Buffer> {
  let pending = read.get(req);
  if (!pending) {
    pending = bodyParsed(req) ? Promise.resolve(fromParsed(req)) : fromStream(req, maxBytes);
    read.set(req, pending);
  }
  return pending;
}

function fromParsed(req: VercelRequest): Buffer {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  throw new ApiError(415, 'unsupported_media_type', 'This endpoint cannot read this body type');
}

async function fromStream(req: VercelRequest, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) throw new ApiError(413, 'payload_too_large', 'The request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
