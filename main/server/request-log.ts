/**
 * The request log, when one is asked for: JSON lines with each request's method, path and query,
 * headers, status and time. Nothing in it can hold a key:
 *
 * - The path, the query and every header's name and value are percent-decoded (again and again,
 *   so a key encoded twice is still found) before keys are masked, and logged decoded: encoding
 *   a character or two of a key no longer slips it past the mask.
 * - `Authorization`, `Proxy-Authorization` and `Cookie` are never logged at all.
 * - Errors are logged by type, never by message, because a JSON parse error quotes the body it
 *   choked on; our own messages are masked as well.
 *
 * What is masked is a whole or partial key (`SG.` and what follows) or any run of 40 or more
 * base64url characters, which every secret (43) is. A key broken up by other characters (spaces,
 * quotes) is not recognized, and neither is one in another encoding (base64, ...). Bodies are
 * never logged.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Writable } from 'node:stream';
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { KeydeskError } from '../../common/errors.ts';

/** A whole or partial key, or any long base64url run that could be a secret on its own. */
const KEY_LIKE = /SG\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?|[A-Za-z0-9_-]{40,}/gi;
export const MASK = '[redacted]';

/** Runs of `%XX` escapes, decoded together so multi-byte UTF-8 reads as its character. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
/** Enough for any encoding depth a client plausibly sends; each round only shortens the text. */
const MAX_DECODE_ROUNDS = 8;

/** `text` percent-decoded until nothing changes. A malformed escape (`%zz`, a lone `%`) stays as it is. */
export function percentDecoded(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const next = current.replace(ESCAPES, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8'));
    if (next === current) break;
    current = next;
  }
  return current;
}

/** `text` decoded, with every key-like run replaced by `[redacted]`. */
export function maskKeys(text: string): string {
  return percentDecoded(text).replace(KEY_LIKE, MASK);
}

/** Headers that carry credentials by design: left out of the log whatever they hold. */
const UNLOGGED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Every header but the credential ones, name and value decoded and masked. */
export function maskedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const logged: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || UNLOGGED_HEADERS.has(name)) continue;
    logged[maskKeys(name)] = maskKeys(Array.isArray(value) ? value.join(', ') : value);
  }
  return logged;
}

interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly ip?: string;
  readonly headers: IncomingHttpHeaders;
}

export interface RequestDescription {
  readonly [field: string]: unknown;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly remoteAddress?: string;
}

/** What the log says of a request: method, path and query, and headers, all masked. */
export function describeRequest(request: LoggedRequest): RequestDescription {
  return {
    method: request.method,
    url: maskKeys(request.url),
    headers: maskedHeaders(request.headers),
    ...(request.ip ? { remoteAddress: request.ip } : {}),
  };
}

interface LoggedReply {
  readonly statusCode: number;
}

export function requestLogOptions(stream: Writable): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: 'info',
    stream,
    serializers: {
      req: describeRequest,
      res: (reply: LoggedReply) => ({ statusCode: reply.statusCode }),
      err: (error: Error & { code?: unknown }) => ({
        type: error.name,
        // Our own errors carry only messages we wrote; anything else is named by its code.
        message: error instanceof KeydeskError ? maskKeys(error.message) : String(error.code ?? 'unexpected error'),
        stack: '(not logged)',
      }),
    },
  };
}

/**
 * One line per request, written when the answer has gone out: Fastify's own request lines (one
 * when a request arrives, one when it completes, one more for an unknown route) are all off.
 */
export class OneLinePerRequest extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
