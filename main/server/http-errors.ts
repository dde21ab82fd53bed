/**
 * Every failure leaves the server as SendGrid's body, `{"errors":[{"field","message"}]}`, with
 * SendGrid's status. Fastify's own errors (body too large, not JSON, ...) get fixed messages of
 * ours: their text can quote the request body, which may hold a key.
 */
import { HTTP_STATUS, KeydeskError, toKeydeskError, type ErrorBody } from '../../common/errors.ts';

export const NOT_FOUND_BODY: ErrorBody = { errors: [{ field: null, message: 'not found' }] };

const bodyOf = (message: string, field: string | null = null): ErrorBody => ({ errors: [{ field, message }] });

/** Fastify errors a client causes, by code, with the status and message we answer. */
function fastifyClientError(code: string, bodyLimit: number): { status: number; body: ErrorBody } | undefined {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: bodyOf(`request body is larger than ${bodyLimit} bytes`) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: bodyOf('request body must be JSON (Content-Type: application/json)') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: bodyOf('request body is not valid JSON') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: bodyOf('Content-Length does not match the request body') };
    default:
      return undefined;
  }
}

/** Status and SendGrid-shaped body for anything a request handler or hook threw. */
export function errorResponse(error: unknown, bodyLimit: number): { status: number; body: ErrorBody } {
  if (error instanceof KeydeskError) return { status: HTTP_STATUS[error.code], body: error.toBody() };
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  const known = typeof code === 'string' ? fastifyClientError(code, bodyLimit) : undefined;
  if (known) return known;
  // JSON.parse failures (a SyntaxError marked 400 by Fastify's parser) and other client mistakes.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = error instanceof SyntaxError ? 'request body is not valid JSON' : 'bad request';
    return { status: statusCode, body: bodyOf(message) };
  }
  return { status: 500, body: toKeydeskError(error).toBody() };
}
