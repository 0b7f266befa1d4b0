import { AppError, type ErrorDetail } from '../src-shared/contract/errors';

/**
 * Errors as the reference's envelope: `{ "error": { "code", "message", "details" } }`.
 * The shared AppError codes map to HTTP statuses here; codes the shared list lacks
 * (rate limits, body size) are server-only.
 */
export const STATUS_OF: Record<string, number> = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_FILE: 415,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  IO_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  SERVICE_UNAVAILABLE: 503,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
    /** Extra members of the error object, e.g. the reference's `resource_type` and `resource_id`. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; [extra: string]: unknown };
}

export function notFound(resourceType: string, resourceId: string | number): HttpError {
  const label = resourceType.charAt(0).toUpperCase() + resourceType.slice(1).replace(/_/g, ' ');
  return new HttpError(404, 'NOT_FOUND', `${label} not found`, undefined, { resource_type: resourceType, resource_id: resourceId });
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, 'FORBIDDEN', message);
}

export function unauthorized(message: string): HttpError {
  return new HttpError(401, 'UNAUTHORIZED', message, undefined, {}, { 'WWW-Authenticate': 'Bearer' });
}

export function validation(message: string, details?: ErrorDetail[]): HttpError {
  return new HttpError(400, 'VALIDATION_ERROR', message, details);
}

export function conflict(message: string, details?: ErrorDetail[] | Record<string, unknown>): HttpError {
  return new HttpError(409, 'CONFLICT', message, details);
}

export function notImplemented(message: string): HttpError {
  return new HttpError(501, 'NOT_IMPLEMENTED', message);
}

/** Turns anything thrown into (status, body, headers); unknown errors say nothing of their internals. */
export function toHttp(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), ...error.extra } }, headers: error.headers };
  }
  if (error instanceof AppError) {
    return { status: STATUS_OF[error.code] ?? 500, body: { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }, headers: {} };
  }
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'The server failed to answer this request. It has been logged; try again, and report it with the X-Request-ID if it persists.' } }, headers: {} };
}
