/**
 * A pull against a SendGrid stand-in that misbehaves on purpose: 429s with reset headers, 500s,
 * dropped connections, answers slower than the timeout, redirects, junk. Every run ends either with
 * the complete result, or with the store exactly as it was and a message naming the request that
 * failed and why. Retries honour the reset time SendGrid names; no more requests are in flight
 * than allowed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAuditIntegrity } from '../../main/services/audit-integrity.ts';
import { pullFromSendGrid, type PullOptions } from '../../main/services/sendgrid-pull.ts';
import { rateLimitWaitMs, type ClientLimits } from '../../main/services/sendgrid-client.ts';
import { standInKey, type Fault, type StandIn, type StandInAccount } from '../helpers/sendgrid-stand-in.ts';
import { standInPerTest } from '../helpers/stand-in-per-test.ts';
import { openTempStore, snapshot, type TempStore } from '../helpers/temp-store.ts';

const FAST: Partial<ClientLimits> = { backoffMs: 5, maxBackoffMs: 20, requestTimeoutMs: 300, attempts: 4 };

const account = (): StandInAccount => ({
  keys: [standInKey(1, 'Auditor', ['api_keys.read', 'subusers.read']), standInKey(2, 'Mailer', ['mail.send']), standInKey(3, 'Stats', ['stats.read'])],
  subusers: {
    eu: [standInKey(10, 'EU mailer', ['mail.send', 'mail.batch.read']), standInKey(11, 'EU billing', ['billing.read'])],
    us: [standInKey(20, 'US stats', ['stats.read', 'stats.global.read'])],
  },
});
const TOTAL_KEYS = 6;

let t: TempStore;
let sg: StandIn;
standInPerTest(account, (store, standIn) => {
  t = store;
  sg = standIn;
});

const pull = (options: Partial<PullOptions> = {}) =>
  pullFromSendGrid(t.store, { caller: t.owner(), clock: t.clock, apiKey: sg.key, baseUrl: sg.url, subusers: true, ...options, limits: { ...FAST, ...options.limits } });

const pulledKeyCount = () => t.store.db.prepare<[], number>("SELECT count(*) FROM keys WHERE origin = 'pulled' AND deleted_at IS NULL").pluck().get()!;

/** Faults for the first `n` requests to paths starting with `prefix`, then normal answers. */
function firstFaults(prefix: string, n: number, fault: Fault) {
  let given = 0;
  return (request: { path: string }) => (request.path.startsWith(prefix) && given++ < n ? fault : null);
}

describe('rate limits', () => {
  it('a 429 with X-RateLimit-Reset: the retry, and every other request, waits until the reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 2;
    const refuseFirst = firstFaults('/v3/api_keys/', 1, {
      kind: 'status',
      status: 429,
      headers: { 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { errors: [{ field: null, message: 'too many requests' }] },
    });
    // The other slots' answers take a while, so their next requests come after the 429 is in hand.
    sg.fault = (request) => refuseFirst(request) ?? (request.path.startsWith('/v3/api_keys/') && Date.now() < reset * 1000 ? { kind: 'delay', ms: 400 } : null);
    const result = await pull({ limits: { requestTimeoutMs: 2_000 } });
    expect(pulledKeyCount()).toBe(TOTAL_KEYS);
    expect(result.retries).toBe(1);
    const refused = sg.requests.find((r) => r.path.startsWith('/v3/api_keys/'))!;
    const again = sg.requests.filter((r) => r.path === refused.path && r.onBehalfOf === refused.onBehalfOf);
    expect(again).toHaveLength(2);
    expect(again[1]!.at).toBeGreaterThanOrEqual(reset * 1000);
    // Not only the refused request waits: whatever was sent once the 429 was in hand (after the
    // slow answers already on their way) arrived after the reset.
    const later = sg.requests.filter((r) => r.at > refused.at + 400);
    expect(later.length).toBeGreaterThan(2);
    expect(Math.min(...later.map((r) => r.at))).toBeGreaterThanOrEqual(reset * 1000);
  });

  it("a proxy's Retry-After (seconds) is honoured the same way", async () => {
    sg.fault = firstFaults('/v3/api_keys?', 1, { kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    await pull({ subusers: false, limits: { concurrency: 1 } });
    const [refused, retried] = sg.requests.filter((r) => r.path.startsWith('/v3/api_keys?'));
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1_000 - 5);
    expect(pulledKeyCount()).toBe(3);
  });

  it('a success reporting no requests remaining pauses the next ones until the reset, with no 429 needed', async () => {
    const reset = Math.floor(Date.now() / 1000) + 2;
    sg.fault = (request) =>
      request.path === '/v3/scopes' ? { kind: 'status', status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { scopes: ['api_keys.read'] } } : null;
    await pull({ subusers: false });
    expect(sg.requests[1]!.at).toBeGreaterThanOrEqual(reset * 1000);
  });

  it('gives up, writing nothing, when the reset lies past the time limit', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    sg.fault = firstFaults('/v3/api_keys?', 1, { kind: 'status', status: 429, headers: { 'x-ratelimit-reset': String(reset) } });
    const before = snapshot(t.store);
    await expect(pull({ subusers: false, limits: { timeLimitMs: 60_000 } })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      errors: [{ message: expect.stringMatching(/^GET \/v3\/api_keys: rate limited until .*past the pull's time limit$/) }, { message: expect.stringMatching(/nothing was written/) }],
    });
    expect(snapshot(t.store)).toEqual(before);
  });

  it('reads the reset against the answer\'s own Date, so a skewed local clock cannot make it early', () => {
    const headers = new Headers({ 'x-ratelimit-reset': '1000', date: new Date(990_000).toUTCString() });
    expect(rateLimitWaitMs(headers, 5_000_000)).toBe(10_000); // our clock is far ahead; SendGrid's says 10 s
    expect(rateLimitWaitMs(headers, 990_400)).toBe(9_600); // our clock within the Date header's second: ours is the finer
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '7' }), 0)).toBe(7_000);
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '2', 'x-ratelimit-reset': '10', date: new Date(9_000).toUTCString() }), 0)).toBe(2_000);
    expect(rateLimitWaitMs(new Headers({}), 0)).toBeNull();
  });
});

describe('faults that retrying cures', () => {
  it.each<[string, Fault]>([
    ['500s', { kind: 'status', status: 500 }],
    ['503s', { kind: 'status', status: 503, body: 'Service Unavailable' }],
    ['dropped connections', { kind: 'drop' }],
    ['answers slower than the timeout', { kind: 'delay', ms: 1_000 }],
  ])('%s, then good answers: the complete result', async (_, fault) => {
    sg.fault = firstFaults('/v3/api_keys/', 2, fault);
    const result = await pull({ limits: { concurrency: 1 } });
    expect(pulledKeyCount()).toBe(TOTAL_KEYS);
    expect(result.retries).toBe(2);
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: true });
  });
});

describe('faults that do not clear: the store as it was, and the request named', () => {
  const cases: [string, Fault, RegExp][] = [
    ['500 every time', { kind: 'status', status: 500, body: { errors: [{ field: null, message: 'internal server error' }] } }, /^GET \/v3\/api_keys\/key0+\d+ on behalf of "eu": 500 \(internal server error\), after 4 tries$/],
    ['a dropped connection every time', { kind: 'drop' }, /^GET \/v3\/api_keys\/key0+\d+ on behalf of "eu": the connection was dropped \(\w+\), after 4 tries$/],
    ['no answer within the timeout', { kind: 'delay', ms: 2_000 }, /^GET \/v3\/api_keys\/key0+\d+ on behalf of "eu": no answer within 0\.3 s, after 4 tries$/],
    ['403 with SendGrid\'s message', { kind: 'status', status: 403, body: { errors: [{ field: null, message: 'access forbidden' }] } }, /^GET \/v3\/api_keys\/key0+\d+ on behalf of "eu": 403 access forbidden$/],
    ['a redirect', { kind: 'status', status: 302, headers: { location: 'https://example.com/' } }, /redirect \(302\).*check the base URL/],
    ['a 200 that is not JSON', { kind: 'status', status: 200, body: '<html>a proxy page</html>' }, /^GET \/v3\/api_keys\/key0+\d+ on behalf of "eu": answered 200 with something that is not JSON$/],
    ['a 200 in another shape', { kind: 'status', status: 200, body: { result: [{ api_key_id: 'short', name: 'x', scopes: [] }] } }, /^GET \/v3\/api_keys\/key0+\d+ on behalf of "eu": unexpected answer: /],
  ];
  it.each(cases)('%s', async (_, fault, message) => {
    // Only the subuser "eu"'s key reads fail: its parent's keys were read fine and must not land either.
    sg.fault = (request) => (request.onBehalfOf === 'eu' && request.path.startsWith('/v3/api_keys/') ? fault : null);
    const before = snapshot(t.store);
    const error = await pull().catch((e: unknown) => e);
    expect(error).toMatchObject({ errors: [{ field: null, message: expect.stringMatching(message) }, { field: null, message: 'nothing was written: the store is as it was before the pull' }] });
    expect(snapshot(t.store)).toEqual(before);
  });

  it.each([
    ['with its length declared', true],
    ['sent in chunks, no length given', false],
  ])('an answer larger than 32 MiB, %s: refused once read that far, nothing written', async (_, declared) => {
    sg.fault = (request) => (request.path.startsWith('/v3/api_keys/') ? { kind: 'oversized', bytes: 33 * 1024 * 1024, declared } : null);
    const before = snapshot(t.store);
    await expect(pull()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      errors: [{ message: expect.stringMatching(/^GET \/v3\/api_keys\/\S+: an answer was larger than 32 MiB$/) }, expect.anything()],
    });
    expect(snapshot(t.store)).toEqual(before);
  });

  it('a 401 from SendGrid: refused at the first request', async () => {
    sg.fault = () => ({ kind: 'status', status: 401, body: { errors: [{ field: null, message: 'authorization required' }] } });
    await expect(pull()).rejects.toMatchObject({ code: 'UNAUTHORIZED', errors: [{ message: 'GET /v3/scopes: 401 authorization required' }, expect.anything()] });
    expect(sg.requests).toHaveLength(1);
  });

  it('an error message that echoes the key back is shown without it', async () => {
    sg.fault = () => ({ kind: 'status', status: 400, body: { errors: [{ field: null, message: `bad key ${sg.key}` }] } });
    const error = await pull().catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain(sg.key.split('.')[2]);
    expect(error).toMatchObject({ errors: [{ message: 'GET /v3/scopes: 400 bad key [the key]' }, expect.anything()] });
  });

  it('the overall time limit ends the pull, writing nothing', async () => {
    sg.fault = (request) => (request.path.startsWith('/v3/api_keys/') ? { kind: 'delay', ms: 250 } : null);
    const before = snapshot(t.store);
    await expect(pull({ limits: { timeLimitMs: 400, requestTimeoutMs: 5_000 } })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      errors: [{ message: 'the pull did not finish within its time limit of 0.4 s' }, expect.anything()],
    });
    expect(snapshot(t.store)).toEqual(before);
  });
});

describe('concurrency', () => {
  it.each([undefined, 1, 7])('keeps at most the allowed number of requests in flight (%s; 4 by default), and uses them', async (concurrency) => {
    sg.account = { keys: Array.from({ length: 40 }, (_, i) => standInKey(100 + i, `k${i}`, ['mail.send'])), subusers: {} };
    sg.fault = (request) => (request.path.startsWith('/v3/api_keys/') ? { kind: 'delay', ms: 30 } : null);
    await pull({ subusers: false, limits: concurrency === undefined ? {} : { concurrency } });
    expect(sg.maxInFlight()).toBe(concurrency ?? 4);
    expect(pulledKeyCount()).toBe(40);
  });
});

describe('any mix of faults', () => {
  const faultArb: fc.Arbitrary<Fault | null> = fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom<Fault>({ kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 }) },
    { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'drop' }) },
    { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'delay', ms: 400 }) },
    { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'status', status: 429, headers: { 'retry-after': '0' } }) },
  );

  it('ends with the complete result, or with the store unchanged and a message naming the request', async () => {
    let complete = 0;
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(faultArb, { minLength: 20, maxLength: 40 }), async (schedule) => {
        const store = openTempStore();
        sg.requests.length = 0;
        sg.fault = (_, index) => schedule[index] ?? null;
        const before = snapshot(store.store);
        try {
          const result = await pullFromSendGrid(store.store, {
            caller: store.owner(),
            clock: store.clock,
            apiKey: sg.key,
            baseUrl: sg.url,
            subusers: true,
            limits: { ...FAST, requestTimeoutMs: 200, attempts: 3 },
          });
          complete += 1;
          expect(result.accounts.map((a) => a.added.length)).toEqual([3, 2, 1]);
          expect(checkAuditIntegrity(store.store)).toMatchObject({ intact: true });
        } catch (error) {
          failed += 1;
          expect(error).toMatchObject({
            errors: [{ field: null, message: expect.stringMatching(/^GET \/v3\/\S+( on behalf of "\w+")?: /) }, { message: 'nothing was written: the store is as it was before the pull' }],
          });
          expect(snapshot(store.store)).toEqual(before);
        } finally {
          store.close();
        }
      }),
      { numRuns: 25 },
    );
    // Both endings occurred, so both were checked.
    expect(complete).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  }, 120_000);
});
