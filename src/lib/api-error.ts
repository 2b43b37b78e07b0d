// The API's error envelope `{ error: { code, message, details } }` as one typed error, whatever failed.
import type { ErrorCode, ErrorDetail } from '../../contracts/errors';

export type ApiErrorCode = ErrorCode | 'network_error' | 'unknown';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds, from a 429's Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** The first message per field path (`details[].path`), for inline form errors. */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const detail of this.details) errors[detail.path] ??= detail.message;
    return errors;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  0: "Can't reach the server. Check your connection and try again.",
  401: 'Your session has ended. Sign in again.',
  403: 'Your role does not allow this.',
  404: 'Not found.',
  429: 'Too many attempts. Wait a moment and try again.',
  503: 'The service is unavailable right now. Try again shortly.',
};

function isEnvelope(body: unknown): body is { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Builds an ApiError from a status, a response body (any) and a Retry-After header value. */
export function apiErrorFrom(status: number, body: unknown, retryAfterHeader?: unknown): ApiError {
  const retryAfter = retryAfterHeader == null ? undefined : Number(retryAfterHeader) || undefined;
  if (isEnvelope(body)) {
    const details = Array.isArray(body.error.details) ? body.error.details : [];
    return new ApiError(status, body.error.code, body.error.message, details, retryAfter);
  }
  const message = FALLBACK_MESSAGES[status] ?? (status >= 500 ? 'Something went wrong on our side. Try again.' : 'The request failed.');
  return new ApiError(status, status === 0 ? 'network_error' : 'unknown', message, [], retryAfter);
}

/** The message to show for any error a query or mutation may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}
