/** The local API on a free loopback port over a temp store, and raw HTTP requests to it. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import { startLocalApi, type LocalApi, type LocalApiOptions } from '../../main/server/local-api.ts';
import { createServices, type Services } from '../../main/services/services.ts';
import { openTempStore, type TempStore } from './temp-store.ts';
import type { CreatedKey } from '../../common/key-results.ts';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty. */
  readonly body: unknown;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  /** Sent as `Authorization: Bearer <key>`. */
  readonly key?: string;
  /** Sent as JSON unless it is a string (sent as is). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the body chunked, with no Content-Length to judge it by. */
  readonly chunked?: boolean;
}

/** One HTTP request with full control of headers (fetch will not send a chosen Host header). */
export function rawRequest(port: number, req: RawRequest): Promise<RawResponse> {
  const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    // Without Content-Length, Node sends the body chunked.
    ...(payload !== undefined && !req.chunked ? { 'content-length': String(Buffer.byteLength(payload)) } : {}),
    ...(req.key !== undefined ? { authorization: `Bearer ${req.key}` } : {}),
    ...req.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method ?? 'GET', path: req.path, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: text ? JSON.parse(text) : undefined }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

export interface TestApi extends TempStore {
  readonly services: Services;
  readonly api: LocalApi;
  /** A Full Access key of the "default" account, made by its owner. */
  readonly admin: CreatedKey;
  /** Everything the request log has written so far. */
  logged(): string;
  /** A key of `account` with exactly `scopes`, made by the owner. */
  key(scopes: readonly string[], account?: string): CreatedKey;
  request(req: RawRequest): Promise<RawResponse>;
  stop(): Promise<void>;
}

export async function startTestApi(options: Omit<LocalApiOptions, 'port' | 'log'> = {}): Promise<TestApi> {
  const t = openTempStore();
  const services = createServices(t.store, t.clock);
  const log = new PassThrough();
  let logged = '';
  log.setEncoding('utf8').on('data', (d: string) => (logged += d));
  const api = await startLocalApi(services, { ...options, port: 0, log });
  const key = (scopes: readonly string[], account?: string) =>
    t.keys.create(t.owner(account), { name: `key with ${scopes.length} scopes`, scopes });
  return {
    ...t,
    services,
    api,
    admin: t.keys.create(t.owner(), { name: 'admin' }),
    logged: () => logged,
    key,
    request: (req) => rawRequest(api.port, req),
    stop: async () => {
      await api.close();
      t.close();
    },
  };
}

/** SendGrid's error body with one message. */
export const sendgridError = (message: string, field: string | null = null) => ({ errors: [{ field, message }] });

/** `text` with every `every`-th character percent-encoded (`%XX`): what slipped a key past a mask that did not decode. */
export const percentEncodeEvery = (text: string, every: number): string =>
  [...text].map((c, i) => (i % every === every - 1 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c)).join('');

/**
 * Every 12-character piece of `secret` found in `text`, as written or percent-decoded (three
 * times over): [] when nothing of it leaked. Decoded here independently of the code under test.
 */
export function secretPiecesIn(text: string, secret: string, size = 12): string[] {
  let decoded = text;
  for (let i = 0; i < 3; i++) decoded = decoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const pieces = Array.from({ length: secret.length - size + 1 }, (_, i) => secret.slice(i, i + size));
  return pieces.filter((piece) => text.includes(piece) || decoded.includes(piece));
}
