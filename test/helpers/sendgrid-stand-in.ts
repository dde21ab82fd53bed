/**
 * A stand-in for SendGrid's API on loopback, for pull tests: the endpoints a pull reads, in
 * SendGrid's shapes (a single key under `result`, the form `keydesk serve` does not use), with
 * `on-behalf-of` for subusers, and faults on demand: any status with any headers (429 with
 * X-RateLimit-Reset, 500s), a dropped connection, a slow answer. It records every request, when it
 * arrived, and how many were in flight at once. Never contacts anything.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface StandInKey {
  readonly api_key_id: string;
  name: string;
  scopes: string[];
}

export interface StandInAccount {
  /** The parent's keys. */
  keys: StandInKey[];
  /** Each subuser's keys, by username. */
  subusers: Record<string, StandInKey[]>;
}

export type Fault =
  /** Any status; `body` is sent as JSON, or as it is when a string (default: SendGrid's 500 body). */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown }
  | { readonly kind: 'drop' }
  /** Answers normally after `ms` (past a client's timeout, it is never read). */
  | { readonly kind: 'delay'; readonly ms: number }
  /** A 200 of `bytes` bytes, its length declared up front, or sent in chunks with no length given. */
  | { readonly kind: 'oversized'; readonly bytes: number; readonly declared: boolean };

export interface RecordedRequest {
  readonly path: string;
  readonly onBehalfOf: string | null;
  readonly authorization: string | null;
  /** Arrival, ms since the epoch. */
  readonly at: number;
}

export interface StandIn {
  readonly url: string;
  /** The key a pull must present; `scopes` is what `/v3/scopes` answers for it. */
  readonly key: string;
  scopes: string[];
  account: StandInAccount;
  /** Decides a fault for each request (null: answer normally). Replace it at will. */
  fault: (request: RecordedRequest, index: number) => Fault | null;
  readonly requests: RecordedRequest[];
  /** Most requests in flight at once so far. */
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

/** A body as JSON; a string is sent as it is (junk, a proxy's HTML page). */
const json = (response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}) => {
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const errors = (message: string) => ({ errors: [{ field: null, message }] });

/** `bytes` of JSON-looking filler, 1 MiB a write, stopped once the client hangs up. */
function sendOversized(response: ServerResponse, bytes: number, declared: boolean): void {
  response.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(bytes) } : {}) });
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let left = bytes;
  const more = () => {
    while (left > 0 && !response.destroyed) {
      const part = chunk.subarray(0, Math.min(chunk.length, left));
      left -= part.length;
      if (!response.write(part)) return void response.once('drain', more);
    }
    if (!response.destroyed) response.end();
  };
  more();
}

export const STAND_IN_KEY = `SG.${'standinstandinstandin1'}.${'s'.repeat(43)}`;

export async function startStandIn(account: StandInAccount, scopes: string[] = ['api_keys.read', 'subusers.read']): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sockets = new Set<Socket>();
  const state = { scopes, account, fault: (() => null) as StandIn['fault'] };

  function answer(request: IncomingMessage, response: ServerResponse, url: URL, onBehalfOf: string | null): void {
    if (request.headers.authorization !== `Bearer ${STAND_IN_KEY}`) return json(response, 401, errors('authorization required'));
    const keys = onBehalfOf === null ? state.account.keys : state.account.subusers[onBehalfOf];
    if (!keys) return json(response, 403, errors('access forbidden'));
    if (url.pathname === '/v3/scopes') return json(response, 200, { scopes: state.scopes });
    if (url.pathname === '/v3/subusers') {
      const names = onBehalfOf === null ? Object.keys(state.account.subusers) : [];
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? names.length);
      return json(response, 200, names.slice(offset, offset + limit).map((username, i) => ({ disabled: false, id: 1000 + i, username, email: `${username}@example.com` })));
    }
    if (url.pathname === '/v3/api_keys') {
      const limit = Number(url.searchParams.get('limit') ?? keys.length);
      return json(response, 200, { result: keys.slice(0, limit).map(({ name, api_key_id }) => ({ name, api_key_id })) });
    }
    const id = /^\/v3\/api_keys\/([^/]+)$/.exec(url.pathname)?.[1];
    const key = keys.find((k) => k.api_key_id === id);
    if (!key) return json(response, 404, errors('unable to find API Key'));
    return json(response, 200, { result: [{ name: key.name, api_key_id: key.api_key_id, scopes: key.scopes }] });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const onBehalfOf = typeof request.headers['on-behalf-of'] === 'string' ? request.headers['on-behalf-of'] : null;
    const recorded: RecordedRequest = { path: `${url.pathname}${url.search}`, onBehalfOf, authorization: request.headers.authorization ?? null, at: Date.now() };
    requests.push(recorded);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => (inFlight -= 1));
    const fault = state.fault(recorded, requests.length - 1);
    if (fault?.kind === 'drop') return request.socket.destroy();
    if (fault?.kind === 'status') return json(response, fault.status, fault.body ?? errors('internal server error'), fault.headers);
    if (fault?.kind === 'oversized') return sendOversized(response, fault.bytes, fault.declared);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => answer(request, response, url, onBehalfOf), fault.ms);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    answer(request, response, url, onBehalfOf);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    key: STAND_IN_KEY,
    get scopes() {
      return state.scopes;
    },
    set scopes(value) {
      state.scopes = value;
    },
    get account() {
      return state.account;
    },
    set account(value) {
      state.account = value;
    },
    get fault() {
      return state.fault;
    },
    set fault(value) {
      state.fault = value;
    },
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A key with a SendGrid-shaped ID made from `n`. */
export function standInKey(n: number, name: string, scopes: string[]): StandInKey {
  return { api_key_id: `key${String(n).padStart(19, '0')}`, name, scopes };
}
