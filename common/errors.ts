/**
 * Errors as values in SendGrid's shape, `{"errors":[{"field","message"}]}`, plus a code from a
 * closed set so every adapter (IPC, CLI, HTTP) can map them without `instanceof` across a boundary.
 */

export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'INTERNAL',
  /** A remote service (SendGrid, for a pull) could not be reached, kept failing, or answered in a shape Keydesk cannot use. */
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  readonly field: string | null;
  readonly message: string;
}

export interface ErrorBody {
  readonly errors: readonly FieldError[];
}

/** The HTTP status SendGrid answers with for each code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** A failure the user can act on. Thrown inside main, turned into a value at every boundary. */
export class KeydeskError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly FieldError[];

  constructor(code: ErrorCode, errors: readonly FieldError[]) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '));
    this.name = 'KeydeskError';
    this.code = code;
    this.errors = errors;
  }

  toBody(): ErrorBody {
    return { errors: this.errors.map(({ field, message }) => ({ field, message })) };
  }
}

/** A failure's messages as text, for a dialog's detail, a notice or a status line: a KeydeskError, or a failed result from IPC. */
export const messageOf = (failure: { readonly errors: readonly FieldError[] }, separator = '\n'): string =>
  failure.errors.map((e) => e.message).join(separator);

export const badRequest = (field: string | null, message: string): KeydeskError =>
  new KeydeskError('BAD_REQUEST', [{ field, message }]);

export const notFound = (message: string, field: string | null = null): KeydeskError =>
  new KeydeskError('NOT_FOUND', [{ field, message }]);

export const forbidden = (message: string): KeydeskError =>
  new KeydeskError('FORBIDDEN', [{ field: null, message }]);

export const conflict = (field: string | null, message: string): KeydeskError =>
  new KeydeskError('CONFLICT', [{ field, message }]);

/**
 * Whatever was thrown, as a value that is safe to show: known errors keep their fields; anything
 * else becomes a generic message so stack traces, SQL and values never reach a user or a log line.
 */
export function toKeydeskError(error: unknown): KeydeskError {
  if (error instanceof KeydeskError) return error;
  return new KeydeskError('INTERNAL', [{ field: null, message: 'internal error' }]);
}
