/**
 * A small client for the SendGrid v3 endpoints a pull reads (GET only), on Node's own fetch.
 *
 * - A few requests in flight at once (4 by default), each with its own timeout, and the whole run
 *   under one overall time limit.
 * - 429: waits until the moment SendGrid names (`X-RateLimit-Reset`, epoch seconds, read against
 *   the response's own `Date` so a skewed local clock cannot make it early; or a proxy's
 *   `Retry-After`), then retries. Every request waits, not just the refused one: the limit is
 *   the account's. A success reporting no requests remaining pauses them the same way, so the
 *   limit is seldom hit at all.
 * - 5xx answers, timeouts and dropped connections are retried with bounded exponential backoff.
 * - The caller's AbortSignal (Ctrl-C, the app's Cancel) stops everything at once.
 *
 * The key travels only in the `Authorization` header. No message this module makes quotes it:
 * fetch's own error messages can quote header values, so only their error codes are used, and any
 * text from the other side is scrubbed of the key before it is shown.
 */
import { setMaxListeners } from 'node:events';
import { KeydeskError, type ErrorCode } from '../../common/errors.ts';

export interface ClientLimits {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** One request, from sending it to the last byte of its answer. */
  readonly requestTimeoutMs: number;
  /** The whole run, waits included. */
  readonly timeLimitMs: number;
  /** Tries per request for 5xx answers, timeouts and dropped connections. */
  readonly attempts: number;
  /** Rate-limit waits per request before giving up. */
  readonly rateLimitWaits: number;
  /** First backoff; it doubles per try up to `maxBackoffMs`, with jitter. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_LIMITS: ClientLimits = {
  concurrency: 4,
  requestTimeoutMs: 30_000,
  timeLimitMs: 60 * 60_000,
  attempts: 5,
  rateLimitWaits: 20,
  backoffMs: 500,
  maxBackoffMs: 8_000,
};

/** Answers larger than this are refused: a whole account's key list is a few hundred KB. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface ClientOptions {
  /** `https://api.sendgrid.com`, or a stand-in; checked by `checkBaseUrl`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly limits?: Partial<ClientLimits>;
  /** Aborting it cancels every request (see `Cancelled`). */
  readonly signal?: AbortSignal;
}

export interface GetRequest {
  /** `/v3/api_keys`, with any path segments already encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  /** `on-behalf-of`: a subuser's username. */
  readonly onBehalfOf?: string | null;
  /** A 404 answers null instead of failing (a key deleted between the list and its read). */
  readonly notFoundIsNull?: boolean;
}

export interface SendGridClient {
  /** The parsed JSON of a 2xx answer (null for a 404 when asked), or a KeydeskError naming the request. */
  get(request: GetRequest): Promise<unknown>;
  /** Requests in flight at once, at most. */
  readonly concurrency: number;
  /** Requests sent so far, retries included, and how many were retries. */
  readonly stats: { readonly requests: number; readonly retries: number };
}

/** The caller's signal aborted: nothing more is sent, and the caller decides what that means. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** The base URL as requests will use it, or a refusal: plain http only to this machine, which a stand-in is. */
export function checkBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KeydeskError('BAD_REQUEST', [{ field: 'base_url', message: 'base URL must be a URL such as https://api.sendgrid.com' }]);
  }
  const refuse = (message: string) => new KeydeskError('BAD_REQUEST', [{ field: 'base_url', message }]);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('base URL must start with https://');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw refuse('base URL must use https:// (plain http would send the key unencrypted; it is allowed only to this machine)');
  }
  if (url.username || url.password) throw refuse('base URL must not hold a user name or password');
  if (url.search || url.hash) throw refuse('base URL must not hold a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** A key as it may be sent in a header: printable ASCII, no spaces, of a sane length. */
export function checkApiKey(text: string): string {
  const key = text.trim();
  if (key === '') throw new KeydeskError('BAD_REQUEST', [{ field: 'api_key', message: 'the SendGrid API key is missing' }]);
  // Checked here, before any header is built: fetch's refusal of a bad header value quotes it.
  if (key.length > 512 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new KeydeskError('BAD_REQUEST', [
      { field: 'api_key', message: 'the SendGrid API key must be one line of printable characters (SG. followed by 66 characters)' },
    ]);
  }
  return key;
}

/** Sleeps, or rejects at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `limit` holders at once; the rest queue in order. */
class Slots {
  #free: number;
  readonly #queue: (() => void)[] = [];
  constructor(limit: number) {
    this.#free = limit;
  }
  /** Nothing to wait for while a slot is free: a pull of thousands would otherwise pay a turn per request. */
  acquire(): Promise<void> | null {
    if (this.#free > 0) {
      this.#free -= 1;
      return null;
    }
    return new Promise<void>((resolve) => this.#queue.push(resolve));
  }
  release(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#free += 1;
  }
}

/** How long SendGrid (or a proxy in front of it) asks us to wait, in ms from now; null when it does not say. */
export function rateLimitWaitMs(headers: Headers, now: number): number | null {
  const waits: number[] = [];
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d{1,12}$/.test(reset.trim())) {
    // The reset is a moment on SendGrid's clock. Where ours disagrees with its Date header by more
    // than that header's one-second grain, the wait is measured against the header, not our clock.
    const serverNow = Date.parse(headers.get('date') ?? '');
    const skewed = !Number.isNaN(serverNow) && (now < serverNow || now - serverNow >= 1000);
    waits.push(Number(reset) * 1000 - (skewed ? serverNow : now));
  }
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d{1,9}$/.test(retryAfter)) waits.push(Number(retryAfter) * 1000);
    else if (!Number.isNaN(Date.parse(retryAfter))) waits.push(Date.parse(retryAfter) - now);
  }
  return waits.length ? Math.max(0, ...waits) : null;
}

/** A transport failure's code (ECONNRESET, UND_ERR_SOCKET, ...): never its message, which may quote a header. */
function failureCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Transport failures that retrying will not cure: the name does not resolve, the certificate is wrong. */
const PERMANENT_TRANSPORT = /^(ENOTFOUND|ERR_INVALID_URL|CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/;

function transportProblem(code: string | null): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (ECONNREFUSED)';
    case 'ENOTFOUND':
      return 'the host name could not be resolved (ENOTFOUND)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return `the connection was dropped (${code})`;
    default:
      if (code && PERMANENT_TRANSPORT.test(code)) return `the TLS connection could not be trusted (${code})`;
      return code ? `the request failed (${code})` : 'the request failed';
  }
}

/** `30 s`, `0.3 s`: a limit as the user set it. */
const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;

const STATUS_CODES: Readonly<Record<number, ErrorCode>> = { 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'TOO_MANY_REQUESTS' };

export function createSendGridClient(options: ClientOptions): SendGridClient {
  const limits: ClientLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const baseUrl = checkBaseUrl(options.baseUrl);
  const apiKey = checkApiKey(options.apiKey);
  const secretPart = apiKey.split('.')[2];
  const cancelled = options.signal ?? new AbortController().signal;
  const timeLimit = AbortSignal.timeout(limits.timeLimitMs);
  /** Aborts on Cancel or at the time limit: every wait and request listens to it. */
  const stop = AbortSignal.any([cancelled, timeLimit]);
  const concurrency = Math.max(1, limits.concurrency);
  const slots = new Slots(concurrency);
  // Each request in its slot listens to `stop` while it waits (a backoff, a rate limit); tries in flight share one listener.
  setMaxListeners(concurrency + 10, stop);
  const stats = { requests: 0, retries: 0 };
  /** Until when every request waits (ms, local clock): SendGrid's rate limit is the account's, not one request's. */
  let pausedUntil = 0;

  /** Text from the other side, safe to show: one line, short, and never the key even if echoed back. */
  const scrub = (text: string): string => {
    let clean = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
    for (const secret of [apiKey, secretPart]) if (secret && secret.length >= 8) clean = clean.split(secret).join('[the key]');
    return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
  };

  /** The base URL is checked and the path encoded already: only a query is left to build. */
  const requestUrl = ({ path, query }: GetRequest): string => {
    if (!query) return `${baseUrl}${path}`;
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) search.set(name, String(value));
    return `${baseUrl}${path}?${search}`;
  };

  const describe = (request: GetRequest) =>
    `GET ${request.path}${request.onBehalfOf ? ` on behalf of "${request.onBehalfOf}"` : ''}`;

  /** What stopped us: the user's Cancel, or the overall time limit. */
  const stopped = (): Error =>
    cancelled.aborted
      ? new Cancelled()
      : new KeydeskError('UNAVAILABLE', [
          { field: null, message: `the pull did not finish within its time limit of ${seconds(limits.timeLimitMs)}` },
        ]);

  const backoff = (attempt: number) => {
    const ceiling = Math.min(limits.maxBackoffMs, limits.backoffMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  };

  /** SendGrid's error messages from a failed answer's body, scrubbed; the status text when it has none. */
  function remoteMessage(status: number, body: string): string {
    try {
      const parsed = JSON.parse(body) as { errors?: { message?: unknown }[] };
      const messages = (parsed.errors ?? []).map((e) => (typeof e.message === 'string' ? scrub(e.message) : '')).filter(Boolean);
      if (messages.length) return messages.slice(0, 3).join('; ');
    } catch {
      // not JSON: say so below
    }
    return status >= 500 ? 'no details given' : 'an answer that is not SendGrid JSON';
  }

  /** The body as text; null for one larger than MAX_BODY_BYTES, which is read no further. */
  function readBody(response: Response): Promise<string | null> {
    // A declared length is all undici reads: within the limit, the body is read whole, as a bare
    // fetch would (the loop below cost a pull of 2,000 keys about 20 ms). The loop is for the rest.
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    // Stryker disable next-line ConditionalExpression: without the shortcut the loop reads the same text
    return declared <= MAX_BODY_BYTES ? response.text() : readWithinLimit(response);
  }

  async function readWithinLimit(response: Response): Promise<string | null> {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Every try in flight: Cancel and the time limit abort them all through one listener on `stop`. */
  const inFlight = new Set<AbortController>();
  stop.addEventListener('abort', () => inFlight.forEach((controller) => controller.abort()), { once: true });

  /**
   * One try: the status, headers and body, or the transport failure's code. Its own controller
   * and timer rather than `AbortSignal.any` with `AbortSignal.timeout`: those leave weak
   * references for the collector to clear, two per request, which a pull of thousands felt.
   */
  async function attempt(url: string, headers: Record<string, string>) {
    stats.requests += 1;
    if (stop.aborted) throw stopped();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limits.requestTimeoutMs);
    inFlight.add(controller);
    try {
      const response = await fetch(url, { headers, signal: controller.signal, redirect: 'manual' });
      return { ok: true as const, response, body: await readBody(response) };
    } catch (error) {
      if (stop.aborted) throw stopped();
      return { ok: false as const, timedOut, code: timedOut ? null : failureCode(error) };
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
    }
  }

  async function waitTurn(): Promise<void> {
    try {
      for (let wait = pausedUntil - Date.now(); wait > 0; wait = pausedUntil - Date.now()) await sleep(wait, stop);
    } catch {
      throw stopped();
    }
  }

  async function pause(ms: number): Promise<void> {
    try {
      await sleep(ms, stop);
    } catch {
      throw stopped();
    }
  }

  /**
   * A request holds its slot through its retries and waits: `concurrency` is how many requests are
   * being worked on, and no more than that many ever wait on the signals.
   */
  async function get(request: GetRequest): Promise<unknown> {
    const queued = slots.acquire();
    if (queued) await queued;
    try {
      return await getInSlot(request);
    } finally {
      slots.release();
    }
  }

  async function getInSlot(request: GetRequest): Promise<unknown> {
    const url = requestUrl(request);
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: 'application/json' };
    if (request.onBehalfOf) headers['on-behalf-of'] = request.onBehalfOf;
    const fail = (code: ErrorCode, message: string) => new KeydeskError(code, [{ field: null, message: `${describe(request)}: ${message}` }]);

    let tries = 0;
    let rateLimited = 0;
    for (;;) {
      if (pausedUntil > Date.now()) await waitTurn();
      if (tries + rateLimited > 0) stats.retries += 1;
      const outcome = await attempt(url, headers);
      if (!outcome.ok) {
        tries += 1;
        const problem = outcome.timedOut ? `no answer within ${seconds(limits.requestTimeoutMs)}` : transportProblem(outcome.code);
        if ((outcome.code && PERMANENT_TRANSPORT.test(outcome.code)) || tries >= limits.attempts) {
          throw fail('UNAVAILABLE', tries > 1 ? `${problem}, after ${tries} tries` : problem);
        }
        await pause(backoff(tries));
        continue;
      }
      const { response, body } = outcome;
      if (body === null) throw fail('UNAVAILABLE', `an answer was larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
      const status = response.status;
      if (status === 429) {
        const wait = rateLimitWaitMs(response.headers, Date.now());
        rateLimited += 1;
        // No reset named, or one already past (clocks apart): back off rather than ask again at once.
        const until = Date.now() + (wait !== null && wait > 0 ? wait : backoff(rateLimited));
        if (rateLimited > limits.rateLimitWaits) throw fail('TOO_MANY_REQUESTS', `still rate limited after ${limits.rateLimitWaits} waits`);
        if (timeLimitEnds() < until) {
          throw fail('TOO_MANY_REQUESTS', `rate limited until ${new Date(until).toISOString()}, past the pull's time limit`);
        }
        pausedUntil = Math.max(pausedUntil, until);
        continue;
      }
      if (status >= 500) {
        tries += 1;
        if (tries >= limits.attempts) throw fail('UNAVAILABLE', `${status} (${remoteMessage(status, body)}), after ${tries} tries`);
        await pause(backoff(tries));
        continue;
      }
      if (status >= 300 && status < 400) {
        throw fail('UNAVAILABLE', `answered with a redirect (${status}) instead of data: check the base URL`);
      }
      if (status === 404 && request.notFoundIsNull) return null;
      if (status >= 400) throw fail(STATUS_CODES[status] ?? 'UNAVAILABLE', `${status} ${remoteMessage(status, body)}`);
      // A success that used up the allowance: everyone waits for the reset, instead of meeting a 429.
      if (response.headers.get('x-ratelimit-remaining')?.trim() === '0') {
        const wait = rateLimitWaitMs(response.headers, Date.now());
        if (wait !== null) pausedUntil = Math.max(pausedUntil, Date.now() + wait);
      }
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw fail('UNAVAILABLE', `answered ${status} with something that is not JSON`);
      }
    }
  }

  const startedAt = Date.now();
  const timeLimitEnds = () => startedAt + limits.timeLimitMs;

  return { get, concurrency, stats };
}
