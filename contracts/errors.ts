import { z } from 'zod';

export const errorCodeSchema = z.enum([
  'invalid_json',
  'unauthorized',
  'invalid_credentials',
  'plan_limit',
  'forbidden',
  'email_mismatch',
  'email_not_verified',
  'not_found',
  'method_not_allowed',
  'conflict',
  'invalid_transition',
  'out_of_stock',
  'in_use',
  'gone',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'payload_too_large',
  'unsupported_media_type',
  'validation_failed',
  'rate_limited',
  'internal_error',
  'unavailable',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}
