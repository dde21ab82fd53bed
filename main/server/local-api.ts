/**
 * The SendGrid-compatible local API: `/v3/api_keys` and `/v3/scopes` over the key services, on
 * loopback only. `startLocalApi` is what `keydesk serve` and the desktop app's setting call.
 *
 * Every request passes, in order: the Host guard (DNS rebinding), the browser guard (no web page,
 * whatever its origin), and authentication, where a key that fails counts against the failed-
 * authentication limit of the API Key ID it names; only then is a body read (at most `bodyLimit`
 * bytes, JSON only). No CORS headers are ever sent, so no web page can read a response.
 */
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { badRequest, conflict, KeydeskError } from '../../common/errors.ts';
import type { Caller } from '../services/caller.ts';
import type { Services } from '../services/services.ts';
import { parseKey } from '../core/key-format.ts';
import { authenticate, presentedKey } from './authenticate.ts';
import { BROWSER_NOT_ALLOWED, isFromBrowser } from './browser-guard.ts';
import { createFailedAuthLimiter, DEFAULT_FAILED_AUTH_LIMIT, type FailedAuthLimit } from './failed-auth-limiter.ts';
import { assertLoopbackBindAddress, HOST_NOT_ALLOWED, isLoopbackHostHeader } from './host-guard.ts';
import { errorResponse, NOT_FOUND_BODY } from './http-errors.ts';
import { OneLinePerRequest, requestLogOptions } from './request-log.ts';
import { DEFAULT_LOCAL_API_PORT, LOCAL_API_HOST } from '../../common/local-api-address.ts';
import { registerApiRoutes } from './routes.ts';

export { DEFAULT_LOCAL_API_PORT, LOCAL_API_HOST };
/** Key requests are a few hundred bytes; 64 KB leaves room for any scope list and nothing more. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface LocalApiTimeouts {
  /** To receive a request's whole header block (slow-header attacks). */
  readonly headersMs: number;
  /** To receive a whole request, body included. */
  readonly requestMs: number;
  /** A connection with no traffic at all is closed. */
  readonly idleMs: number;
  /** A kept-alive connection waiting for its next request is closed. */
  readonly keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: LocalApiTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 30_000, keepAliveMs: 5_000 };

export interface LocalApiOptions {
  /** Default DEFAULT_LOCAL_API_PORT; 0 picks a free port (read it back from the result). */
  readonly port?: number;
  /** 127.0.0.1 (default), ::1 or localhost; any other address is refused. */
  readonly host?: string;
  readonly bodyLimit?: number;
  readonly timeouts?: Partial<LocalApiTimeouts>;
  readonly failedAuthLimit?: FailedAuthLimit;
  /** Where to write the request log (JSON lines); no log at all when absent. */
  readonly log?: Writable;
}

export interface LocalApi {
  readonly host: string;
  readonly port: number;
  /** Base URL for clients, e.g. `http://127.0.0.1:3017`. */
  readonly url: string;
  /** Stops accepting connections, lets requests in flight finish, then resolves. */
  close(): Promise<void>;
}

/** SendGrid's rate-limit body. */
const TOO_MANY_FAILURES = new KeydeskError('TOO_MANY_REQUESTS', [{ field: null, message: 'too many requests' }]);
const isUnauthorized = (error: unknown): boolean => error instanceof KeydeskError && error.code === 'UNAUTHORIZED';

function buildApp(services: Services, options: LocalApiOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger: options.log ? requestLogOptions(options.log) : false,
    ...(options.log ? { logController: new OneLinePerRequest() } : {}),
    bodyLimit,
    trustProxy: false,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // Node checks the two timeouts above on this period (30 s by default).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, timeouts.headersMs / 4)),
    },
  });
  // Bodies are JSON or nothing: text/plain is what a web page can send without a preflight.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // The SendGrid SDK labels every request JSON, a DELETE with no body included.
    const text = body.toString();
    if (text === '') return done(null, undefined);
    parseJson(request, text, done);
  });

  let listeningPort: number | undefined;
  const limiter = createFailedAuthLimiter(services.clock, options.failedAuthLimit ?? DEFAULT_FAILED_AUTH_LIMIT);
  const callers = new WeakMap<FastifyRequest, Caller>();

  app.addHook('onRequest', async (request, reply) => {
    listeningPort ??= (app.server.address() as AddressInfo).port;
    if (!isLoopbackHostHeader(request.headers.host, listeningPort)) throw HOST_NOT_ALLOWED;
    if (isFromBrowser(request.headers)) throw BROWSER_NOT_ALLOWED;
    try {
      callers.set(request, authenticate(services, request.headers));
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      reply.header('www-authenticate', 'Bearer');
      // Only a key-shaped failure counts, against the ID it names; no key, or text that is no key, names none.
      const keyId = parseKey(presentedKey(request.headers) ?? '')?.id;
      const retryAfter = keyId === undefined ? 0 : limiter.recordFailure(keyId);
      if (retryAfter === 0) throw error;
      reply.header('retry-after', String(retryAfter));
      throw TOO_MANY_FAILURES;
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorResponse(error, bodyLimit);
    if (status >= 500) request.log.error({ err: error }, 'internal error');
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(NOT_FOUND_BODY));

  registerApiRoutes(app, services, (request) => {
    const caller = callers.get(request);
    if (!caller) throw new Error('route reached without an authenticated caller');
    return caller;
  });
  return app;
}

/** Starts the local API on loopback. Rejects with a `KeydeskError` for a bad host or port, or a port in use. */
export async function startLocalApi(services: Services, options: LocalApiOptions = {}): Promise<LocalApi> {
  const host = options.host ?? LOCAL_API_HOST;
  assertLoopbackBindAddress(host);
  const port = options.port ?? DEFAULT_LOCAL_API_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw badRequest('port', 'port must be an integer from 0 to 65535');
  }
  const app = buildApp(services, options);
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw conflict('port', `port ${port} is already in use`);
    throw error;
  }
  const bound = (app.server.address() as AddressInfo).port;
  const urlHost = host === '::1' ? '[::1]' : host;
  return { host, port: bound, url: `http://${urlHost}:${bound}`, close: () => app.close() };
}
