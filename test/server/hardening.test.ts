/**
 * What keeps the local API local and quiet: loopback binding, the Host guard against DNS
 * rebinding, no CORS and no web page at all, a JSON-only body limit, timeouts, generic errors, and a request log with
 * no key in it.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeydeskError } from '../../common/errors.ts';
import { startLocalApi } from '../../main/server/local-api.ts';
import { createServices } from '../../main/services/services.ts';
import { snapshot } from '../helpers/temp-store.ts';
import { percentEncodeEvery, rawRequest, secretPiecesIn, sendgridError, startTestApi, type TestApi } from '../helpers/local-api.ts';

let t: TestApi;
afterEach(() => t.stop());

const HOST_REFUSED = sendgridError('the local API answers only requests addressed to 127.0.0.1, localhost or [::1]', 'host');
const secretOf = (key: string) => key.split('.')[2]!;

describe('loopback only', () => {
  it('refuses to bind to anything but a loopback address, and reports a port in use', async () => {
    t = await startTestApi();
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      const refused = await startLocalApi(t.services, { host, port: 0 }).catch((e: unknown) => e);
      expect(refused, host).toBeInstanceOf(KeydeskError);
      expect((refused as KeydeskError).toBody()).toEqual(sendgridError('the local API listens on loopback only: 127.0.0.1, ::1 or localhost', 'host'));
    }
    const taken = await startLocalApi(t.services, { port: t.api.port }).catch((e: unknown) => e);
    expect((taken as KeydeskError).toBody()).toEqual(sendgridError(`port ${t.api.port} is already in use`, 'port'));
    const bad = await startLocalApi(t.services, { port: 70_000 }).catch((e: unknown) => e);
    expect((bad as KeydeskError).code).toBe('BAD_REQUEST');
    expect(t.api.url).toBe(`http://127.0.0.1:${t.api.port}`);
  });

  it('answers only requests whose Host is a loopback name with this port (DNS-rebinding guard)', async () => {
    t = await startTestApi();
    const port = t.api.port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`, `localhost.:${port}`, '10.0.0.1']) {
      const before = snapshot(t.store);
      const response = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, headers: { host }, body: { name: 'rebound' } });
      expect([response.status, response.body], host).toEqual([403, HOST_REFUSED]);
      expect(snapshot(t.store)).toEqual(before);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`, 'localhost']) {
      expect((await t.request({ path: '/v3/scopes', key: t.admin.api_key, headers: { host } })).status, host).toBe(200);
    }
  });

  it('sends no CORS headers, to preflights or to anything else', async () => {
    t = await startTestApi();
    const preflight = await t.request({
      method: 'OPTIONS',
      path: '/v3/api_keys',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    const simple = await t.request({ path: '/v3/scopes', key: t.admin.api_key });
    expect(simple.status).toBe(200);
    for (const response of [preflight, simple]) {
      expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('no web page, whatever its origin', () => {
  const BROWSER_REFUSED = sendgridError('the local API does not answer web pages: requests with an Origin or Sec-Fetch-Site header are refused', 'origin');

  it('403 for a request with an Origin, a local one included, even with a valid key, before anything changes', async () => {
    t = await startTestApi();
    const origins = ['https://evil.example', 'http://localhost:3000', `http://127.0.0.1:${t.api.port}`, 'null'];
    for (const origin of origins) {
      const before = snapshot(t.store);
      const create = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, headers: { origin }, body: { name: 'from a page' } });
      expect([create.status, create.body], origin).toEqual([403, BROWSER_REFUSED]);
      const read = await t.request({ path: '/v3/scopes', key: t.admin.api_key, headers: { origin } });
      expect(read.status, origin).toBe(403);
      const preflight = await t.request({ method: 'OPTIONS', path: '/v3/api_keys', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(preflight.status, origin).toBe(403);
      expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(snapshot(t.store)).toEqual(before);
    }
  });

  it('403 for a request a browser labelled with Sec-Fetch-Site, typed-in navigations (none) included', async () => {
    t = await startTestApi();
    for (const site of ['cross-site', 'same-site', 'same-origin', 'none']) {
      const response = await t.request({ path: '/v3/scopes', key: t.admin.api_key, headers: { 'sec-fetch-site': site } });
      expect([response.status, response.body], site).toEqual([403, BROWSER_REFUSED]);
    }
  });

  it('refuses a page before its key is looked at: its wrong keys count no failure, its right key records no use', async () => {
    t = await startTestApi({ failedAuthLimit: { maxFailures: 2, windowMs: 60_000 } });
    const wrong = `${t.admin.api_key.slice(0, -1)}${t.admin.api_key.endsWith('A') ? 'B' : 'A'}`;
    for (let i = 0; i < 5; i++) {
      expect((await t.request({ path: '/v3/scopes', key: wrong, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    }
    expect((await t.request({ path: '/v3/scopes', key: wrong })).status).toBe(401); // not 429: nothing was counted
    const fresh = t.key(['mail.send']);
    await t.request({ path: '/v3/scopes', key: fresh.api_key, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(t.store.keys.find(fresh.api_key_id)?.last_used_at).toBeNull();
  });

  it('still answers clients that are not browsers: Node\'s fetch sends Sec-Fetch-Mode, and that is no sign of a page', async () => {
    t = await startTestApi();
    const response = await fetch(`${t.api.url}/v3/scopes`, { headers: { authorization: `Bearer ${t.admin.api_key}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ scopes: expect.any(Array) });
  });
});

describe('request bodies', () => {
  it('413 for a body over the limit, announced or chunked, before anything is written', async () => {
    t = await startTestApi({ bodyLimit: 1024 });
    expect((await t.request({ path: '/v3/scopes', key: t.admin.api_key })).status).toBe(200); // records "last used" now
    const before = snapshot(t.store);
    const body = { name: 'x', scopes: Array(100).fill('mail.send') };
    for (const chunked of [false, true]) {
      const big = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body, chunked });
      expect([big.status, big.body]).toEqual([413, sendgridError('request body is larger than 1024 bytes')]);
    }
    expect(snapshot(t.store)).toEqual(before);
  });

  it('takes a body of exactly 64 KB by default, and not a byte more', async () => {
    t = await startTestApi();
    const bodyOf = (bytes: number) => `{"name":"${'x'.repeat(bytes - '{"name":""}'.length)}"}`;
    const atLimit = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: bodyOf(64 * 1024) });
    expect(atLimit.body).toEqual(sendgridError('name must be at most 100 characters', 'name')); // read, parsed, judged
    const over = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: bodyOf(64 * 1024 + 1) });
    expect([over.status, over.body]).toEqual([413, sendgridError('request body is larger than 65536 bytes')]);
  });

  it('415 for anything but JSON, 400 for broken JSON, without echoing the body', async () => {
    t = await startTestApi();
    const plain = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect([plain.status, plain.body]).toEqual([415, sendgridError('request body must be JSON (Content-Type: application/json)')]);
    const form = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const broken = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: `{"name": ${t.admin.api_key}}` });
    expect([broken.status, broken.body]).toEqual([400, sendgridError('request body is not valid JSON')]);
    const poisoned = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: '{"name":"p","__proto__":{"x":1}}' });
    expect(poisoned.status).toBe(400);
  });

  it('an unexpected failure is a bare 500 "internal error"', async () => {
    t = await startTestApi();
    t.store.db.close(); // every query now throws
    const response = await t.request({ path: '/v3/scopes', key: t.admin.api_key });
    expect([response.status, response.body]).toEqual([500, sendgridError('internal error')]);
  });
});

describe('timeouts', () => {
  /** Resolves with what the server sent once it closes the connection; fails the test after 5 s. */
  const closedByServer = (socket: Socket): Promise<string> =>
    new Promise((resolve, reject) => {
      let received = '';
      const guard = setTimeout(() => reject(new Error('the server kept the connection open')), 5_000);
      socket.setEncoding('utf8').on('data', (d: string) => (received += d));
      socket.on('close', () => (clearTimeout(guard), resolve(received)));
      socket.on('error', () => undefined);
    });

  it('drops a client that sends its headers too slowly, even one that keeps trickling', async () => {
    t = await startTestApi({ timeouts: { headersMs: 300, requestMs: 600, idleMs: 60_000 } });
    const socket = connect(t.api.port, '127.0.0.1');
    socket.write(`GET /v3/scopes HTTP/1.1\r\nHost: 127.0.0.1:${t.api.port}\r\n`);
    const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    try {
      expect(await closedByServer(socket)).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a connection that sends nothing, and a kept-alive one left idle', async () => {
    t = await startTestApi({ timeouts: { idleMs: 300, keepAliveMs: 300 } });
    await closedByServer(connect(t.api.port, '127.0.0.1'));

    const socket = connect(t.api.port, '127.0.0.1');
    socket.write(`GET /v3/scopes HTTP/1.1\r\nHost: 127.0.0.1:${t.api.port}\r\nAuthorization: Bearer ${t.admin.api_key}\r\n\r\n`);
    expect(await closedByServer(socket)).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('request log', () => {
  it('logs requests without the Authorization header or any key, wherever the key was put', async () => {
    t = await startTestApi();
    const created = await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: { name: 'logged', scopes: ['mail.send'] } });
    const newKey = (created.body as { api_key: string }).api_key;
    await t.request({ path: '/v3/scopes', key: newKey });
    await t.request({ path: '/v3/scopes', key: newKey.slice(0, -1) + '_' });
    await t.request({ path: `/v3/api_keys/${t.admin.api_key}`, key: t.admin.api_key });
    await t.request({ path: `/v3/api_keys?limit=1&key=${secretOf(newKey)}`, key: t.admin.api_key });
    await t.request({ method: 'POST', path: '/v3/api_keys', key: t.admin.api_key, body: `{"name": ${newKey}` });
    t.store.db.close();
    await t.request({ path: '/v3/scopes', key: t.admin.api_key });

    const log = t.logged();
    const lines = log.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; res?: { statusCode: number } });
    // The log is real: every request is in it, failures included.
    expect(lines.filter((l) => l.msg === 'request completed').map((l) => l.res?.statusCode)).toEqual([201, 200, 401, 404, 200, 400, 500]);
    for (const secret of [secretOf(t.admin.api_key), secretOf(newKey), newKey.slice(0, -1) + '_']) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/authorization|bearer/i);
    expect(log).toContain('/v3/api_keys/[redacted]');
  });

  it('masks keys after percent-decoding, in the path, the query and every header, however deep the encoding', async () => {
    t = await startTestApi();
    const key = t.admin.api_key;
    const once = percentEncodeEvery(key, 20); // a character of the secret every 20: no 40-character run left
    const twice = once.replaceAll('%', '%25');
    const whole = [...key].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    const dotsOnly = key.replaceAll('.', '%2E');
    for (const encoded of [once, twice, whole, dotsOnly]) {
      await t.request({ path: `/v3/api_keys/${encoded}?api_key=${encoded}&q=${encoded}`, key, headers: { 'x-api-key': encoded, 'user-agent': `script ${encoded}`, [`x-${key.toLowerCase()}`]: encoded } });
    }
    const log = t.logged();
    const incoming = log.trim().split('\n').map((line) => JSON.parse(line) as { req?: { url: string; headers: Record<string, string> } }).filter((l) => l.req);
    // The log is real: every request is there, with the headers it came with, masked.
    expect(incoming).toHaveLength(4);
    for (const { req } of incoming) {
      expect(req!.url).toBe('/v3/api_keys/[redacted]?api_key=[redacted]&q=[redacted]');
      expect(req!.headers).toMatchObject({ 'x-api-key': '[redacted]', 'user-agent': 'script [redacted]', 'x-[redacted]': '[redacted]' });
      expect(req!.headers.host).toBe(`127.0.0.1:${t.api.port}`);
    }
    expect(secretPiecesIn(log, key.split('.')[2]!)).toEqual([]);
    expect(secretPiecesIn(log.toLowerCase(), key.split('.')[2]!.toLowerCase())).toEqual([]);
  });
});

it('the store stays usable by other services while the API runs (no exclusive lock)', async () => {
  t = await startTestApi();
  const services = createServices(t.store, t.clock);
  const made = services.keys.create(t.owner('default', 'cli'), { name: 'from the cli', scopes: ['mail.send'] });
  const listed = await rawRequest(t.api.port, { path: '/v3/api_keys', key: t.admin.api_key });
  expect(listed.body).toEqual({ result: expect.arrayContaining([{ name: 'from the cli', api_key_id: made.api_key_id }]) });
});
