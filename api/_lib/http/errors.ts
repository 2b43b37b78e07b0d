// ApiError is the only way a handler answers with an error; the kernel turns it into API.md's error shape.
import type { ErrorCode, ErrorDetail } from '../../../contracts/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Resource') => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'Your role does not allow this') => new ApiError(403, 'forbidden', message);
export const unauthorized = (message = 'Sign in to continue') => new ApiError(401, 'unauthorized', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
/** An emailed link that expired, was used, or whose subject was answered or withdrawn. */
export const gone = (message: string) => new ApiError(410, 'gone', message);
export const validationFailed = (details: ErrorDetail[], message = 'Some fields are not valid') => new ApiError(422, 'validation_failed', message, details);
export const invalidField = (path: string, message: string) => validationFailed([{ path, message }]);
