/**
 * The request log, when one is asked for: one JSON line per request (method, path, status, time)
 * and nothing a caller sent beyond the path. Headers are never serialized, so the Authorization
 * header cannot appear; keys pasted into a path or query are masked; errors are logged by type,
 * never by message, because a JSON parse error quotes the body it choked on.
 */
import type { Writable } from 'node:stream';
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { KeydeskError } from '../../common/errors.ts';

/** A whole key, or any long base64url run that could be a secret on its own. */
const KEY_LIKE = /SG\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?|[A-Za-z0-9_-]{40,}/g;

export function maskKeys(text: string): string {
  return text.replace(KEY_LIKE, '[redacted]');
}

interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly ip?: string;
}

interface LoggedReply {
  readonly statusCode: number;
}

export function requestLogOptions(stream: Writable): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: 'info',
    stream,
    serializers: {
      req: (request: LoggedRequest) => ({ method: request.method, url: maskKeys(request.url), remoteAddress: request.ip }),
      res: (reply: LoggedReply) => ({ statusCode: reply.statusCode }),
      err: (error: Error & { code?: unknown }) => ({
        type: error.name,
        // Our own errors carry only messages we wrote; anything else is named by its code.
        message: error instanceof KeydeskError ? error.message : String(error.code ?? 'unexpected error'),
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
