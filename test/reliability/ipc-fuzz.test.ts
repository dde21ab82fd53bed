/**
 * Fuzzed IPC: every contract channel, called as Electron would call it, with random and hostile
 * payloads (wrong types, huge strings, deep objects, `__proto__`/`constructor` keys, arrays where
 * objects belong) next to valid ones. Every call resolves to a well-formed envelope; a refused call
 * leaves the store file, its write-ahead log and the settings file byte for byte as they were, and
 * the clipboard untouched; read-only channels never change a byte even when they succeed; nothing
 * pollutes Object.prototype; the host never throws.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../common/errors.ts';
import { MAX_VALIDATION_ERRORS } from '../../main/ipc/dispatcher.ts';
import { CHANNELS, type Channel } from '../../common/ipc/contract.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { startStandIn, type StandIn } from '../helpers/sendgrid-stand-in.ts';

/** Runs per channel: 35 channels × 150 = 5,250 payloads. */
const RUNS_PER_CHANNEL = 150;

let host: IpcHost;
/** What `pull:start` reads: a SendGrid stand-in on loopback, so no payload reaches a real host. */
let sendgrid: StandIn;
const settingsFile = () => join(host.dir, 'settings', 'settings.json');
beforeAll(async () => {
  sendgrid = await startStandIn({ keys: [], subusers: { 'fuzz-sub': [] } });
  host = openIpcHost();
  // Keeps the write-ahead log small (it is hashed before and after every call); checkpoints still
  // happen only when a call commits.
  host.store.db.pragma('wal_autocheckpoint = 64');
  await host.ipc.invoke('settings:get', appFrame); // conf writes its defaults on first use
  for (let i = 0; i < 5; i++) await host.ipc.invoke('keys:create', appFrame, { name: `seed ${i}`, scopes: ['mail.send'] });
});
afterAll(async () => {
  host.close();
  await sendgrid.close();
});

const sha = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null);
/** What must not move when a call is refused: the store, its log, the settings. */
const fingerprint = () => [sha(host.path), sha(`${host.path}-wal`), sha(settingsFile())];

/** Channels whose success changes nothing on disk either. */
const READ_ONLY: ReadonlySet<Channel> = new Set([
  'app:info',
  'scopes:catalog',
  'scopes:levels',
  'accounts:list',
  'keys:list',
  'keys:get',
  'keys:secrets',
  'keys:grace',
  'audit:list',
  'audit:verify',
  'audit:copy-head',
  'audit:findings',
  'store:backups',
  'settings:get',
  'settings:local-api-status',
  'keys:annotations',
  'reviews:findings',
  'reviews:list',
  'reviews:get',
]);

/** An ID of a live key, so valid-looking payloads reach real keys too. */
const liveId = () => host.store.keys.listLive(1)[0]?.api_key_id ?? 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * At least one valid payload per channel: the fuzz mutates these, so it reaches the handlers and
 * the services, not only validation. A new channel must add its own here (checked below).
 */
const VALID: Readonly<Record<Channel, () => readonly unknown[]>> = {
  'app:info': () => [undefined, {}],
  'scopes:catalog': () => [undefined],
  'scopes:levels': () => [{ scopes: ['mail.send', 'stats.read'] }],
  'accounts:list': () => [undefined],
  'keys:list': () => [undefined, {}, { account: 'default' }],
  'keys:get': () => [{ api_key_id: liveId() }],
  'keys:create': () => [{ name: 'fuzzed', scopes: ['mail.send'] }, { name: 'fuzzed full' }, { account: 'default', name: 'x', scopes: [] }],
  'keys:rename': () => [{ api_key_id: liveId(), name: 'renamed by the fuzz' }],
  'keys:replace': () => [{ api_key_id: liveId(), name: 'replaced', scopes: ['stats.read'] }],
  'keys:delete': () => [{ api_key_id: liveId() }],
  'keys:disable': () => [{ api_key_id: liveId() }],
  'keys:enable': () => [{ api_key_id: liveId() }],
  'keys:expire': () => [{ api_key_id: liveId(), expires_at: '2027-01-01T00:00:00Z' }, { api_key_id: liveId(), expires_at: null }],
  'keys:roll': () => [{ api_key_id: liveId(), grace: '1h' }, { api_key_id: liveId(), grace: 'now' }],
  'keys:secrets': () => [{ api_key_id: liveId() }],
  'keys:grace': () => [undefined, { account: 'default' }],
  'keys:bulk': () => [
    { action: 'disable', api_key_ids: [liveId()] },
    { action: 'expire', api_key_ids: [liveId()], expires_at: '2027-01-01T00:00:00Z' },
    { action: 'delete', api_key_ids: [liveId()] },
  ],
  'accounts:create': () => [{ name: 'fuzzed account' }, { name: 'fuzzed subuser', parent: 'default' }],
  'accounts:rename': () => [{ account: 'fuzzed account', name: 'renamed account' }],
  'accounts:delete': () => [{ account: 'renamed account' }, { account: 'fuzzed subuser', force: true }],
  'accounts:policy': () => [{ account: 'default', max_key_lifetime_days: 90 }, { account: 'default', max_key_lifetime_days: null }],
  'audit:list': () => [undefined, { action: 'key.create' }, { since: '2026-01-01T00:00:00Z' }],
  'audit:verify': () => [undefined],
  'audit:copy-head': () => [undefined],
  'audit:findings': () => [undefined, { account: 'default' }],
  // The file channels ask a dialog for a path; the host's dialogs answer Cancel, so these reach
  // the handler and stop there, as a user closing the dialog would.
  'inventory:export': () => [{ account: 'default', format: 'csv' }, { account: 'default', format: 'json' }],
  'inventory:import': () => [undefined, { account: 'default' }],
  'inventory:diff': () => [undefined, { account: 'default' }],
  'leaks:scan': () => [undefined, { account: 'default', scan_ignored: true }],
  'store:backups': () => [undefined],
  'store:restore-backup': () => [{ name: 'keydesk.db.schema-1.2026-01-15T09-00-00-000Z.backup' }],
  // Every one names the stand-in: a payload without a base URL would mean api.sendgrid.com.
  'pull:start': () => [
    { api_key: sendgrid.key, base_url: sendgrid.url },
    { account: 'default', api_key: sendgrid.key, base_url: sendgrid.url, subusers: true },
    { api_key: 'SG.not-the-stand-in-key', base_url: sendgrid.url },
  ],
  'pull:cancel': () => [undefined],
  'settings:get': () => [undefined],
  'settings:set': () => [
    { theme: 'dark' },
    { clipboardClearSeconds: 30 },
    { windowBounds: { x: 0, y: 0, width: 800, height: 600 } },
    // Off: the fuzz must not open ports; the switch still runs its stop path.
    { localApi: { enabled: false, port: 3017 } },
  ],
  // The host's dialog answers Cancel: the handler runs and changes nothing.
  'settings:choose-export-folder': () => [undefined],
  'settings:local-api-status': () => [undefined],
  'clipboard:copy-secret': () => [{ text: 'SG.fuzz' }],
  'keys:annotate': () => [
    { api_key_ids: [liveId()], owner: 'ops@example.com', purpose: 'fuzzed', add_tags: ['fuzz'] },
    { api_key_ids: [liveId()], owner: null, tags: [] },
  ],
  'keys:annotations': () => [undefined, { account: 'default' }],
  'reviews:findings': () => [undefined, { account: 'default' }],
  'reviews:list': () => [undefined],
  'reviews:get': () => [{}, { review_id: 1 }],
  'reviews:start': () => [undefined, { account: 'default' }],
  'reviews:decide': () => [{ api_key_id: liveId(), decision: 'keep', note: 'fuzzed' }, { api_key_id: liveId(), decision: 'disable' }],
  'reviews:close': () => [{}, { review_id: 1 }],
  // A closed review asks the dialog, which answers Cancel; an open one is refused before it.
  'reviews:save-report': () => [{ review_id: 1, format: 'html' }, { review_id: 1, format: 'pdf' }],
};

const deep = (depth: number, leaf: unknown = 'bottom'): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Values no form would send; built once (a 10 MB string per run would dominate the time). */
const HOSTILE: readonly unknown[] = [
  'x'.repeat(10 * 1024 * 1024),
  '<script>alert(1)</script>'.repeat(40_000),
  '\u202Egnp.exe',
  '\u0000\u001b[31m',
  '\uD800',
  deep(10_000),
  deep(10_000, []),
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"__proto__": {"polluted": "yes"}, "name": "x", "scopes": ["mail.send"]}'),
  Object.create(null),
  Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`key${i}`, i])),
  Array.from({ length: 100_000 }, (_, i) => i),
  [{ name: 'inside an array' }],
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  2n ** 80n,
  new Date(Number.NaN),
  new Map([['name', 'x']]),
  new Uint8Array(16),
  Symbol('s'),
  () => 'a function',
];

const anything = fc.anything({
  maxDepth: 4,
  stringUnit: 'binary', // any code point: controls, direction marks, astral planes
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withObjectString: true,
  withBoxedValues: true,
});
const hostile = fc.constantFrom(...HOSTILE);
/**
 * Strings that pass the contract's bounds but not the services' rules (or only just): these reach
 * the handlers, where a check made too late would already have written something.
 */
const nearlyValidText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.constantFrom('', ' ', '\u202Eevil', 'tab\there', 'x'.repeat(101), 'x'.repeat(1000), 'billing.read', 'mail.send', '2fa_required'),
);
const field = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('name', 'scopes', 'api_key_id', 'account', 'text', 'theme', 'clipboardClearSeconds') },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') },
  { weight: 1, arbitrary: fc.string() },
);

/** A payload for `channel`: random, hostile, a valid one, or a valid one with a field made hostile. */
function payloads(channel: Channel): fc.Arbitrary<unknown> {
  const valid = fc.constantFrom(...VALID[channel]()).map((v) => (typeof v === 'object' && v !== null ? { ...v } : v));
  const mutated = fc.tuple(valid, field, fc.oneof(anything, hostile, nearlyValidText, fc.array(nearlyValidText, { maxLength: 4 }))).map(([base, key, value]) => {
    const object = typeof base === 'object' && base !== null ? { ...(base as object) } : {};
    // defineProperty makes an own property even for "__proto__", as JSON.parse or structured clone would.
    Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
    return object;
  });
  return fc.oneof(
    { weight: 3, arbitrary: anything },
    { weight: 2, arbitrary: hostile },
    { weight: 2, arbitrary: valid },
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: valid.map((v) => [v]) },
  );
}

interface Envelope {
  readonly ok: boolean;
  readonly data?: unknown;
  readonly code?: string;
  readonly errors?: readonly { readonly field: unknown; readonly message: unknown }[];
}

function assertEnvelope(channel: Channel, result: unknown): asserts result is Envelope {
  expect(typeof result).toBe('object');
  const envelope = result as Envelope;
  if (envelope.ok === true) {
    expect(Object.keys(envelope).sort()).toEqual(['data', 'ok']);
    // Electron sends the reply by structured clone: it must survive one.
    expect(() => structuredClone(envelope)).not.toThrow();
    return;
  }
  expect(envelope.ok).toBe(false);
  expect(Object.keys(envelope).sort()).toEqual(['code', 'errors', 'ok']);
  // A typed error, never an internal one: an INTERNAL here is a bug the fuzz found.
  expect(ERROR_CODES).toContain(envelope.code);
  expect(envelope.code, `${channel} answered INTERNAL`).not.toBe('INTERNAL');
  expect(envelope.errors!.length).toBeGreaterThan(0);
  expect(envelope.errors!.length).toBeLessThanOrEqual(MAX_VALIDATION_ERRORS);
  for (const error of envelope.errors!) {
    expect(error.field === null || typeof error.field === 'string').toBe(true);
    expect(typeof error.message).toBe('string');
    expect((error.message as string).length).toBeGreaterThan(0);
  }
  // Small, whatever came in: a 10 MB payload gets a short answer.
  expect(JSON.stringify(envelope).length).toBeLessThan(16 * 1024);
}

describe('fuzzed IPC', () => {
  it('has a valid payload to mutate for every contract channel', () => {
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort());
  });

  let fuzzed = 0;
  const outcomes = new Map<string, number>();
  const problems: unknown[] = [];
  const onProblem = (error: unknown) => problems.push(error);
  beforeAll(() => {
    process.on('unhandledRejection', onProblem);
    process.on('uncaughtException', onProblem);
  });
  afterAll(() => {
    process.off('unhandledRejection', onProblem);
    process.off('uncaughtException', onProblem);
  });

  it.each(CHANNELS)('%s: every payload gets an envelope; refused ones change no byte', async (channel) => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    await fc.assert(
      fc.asyncProperty(payloads(channel), async (payload) => {
        fuzzed += 1;
        const before = fingerprint();
        const clipboardWrites = host.clipboardWrites.length;
        const result = await host.ipc.invoke(channel, appFrame, payload);
        assertEnvelope(channel, result);
        const outcome = result.ok ? 'ok' : result.code!;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (!result.ok || READ_ONLY.has(channel)) {
          expect(fingerprint()).toEqual(before);
          if (!result.ok) expect(host.clipboardWrites.length).toBe(clipboardWrites);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      }),
      { numRuns: RUNS_PER_CHANNEL },
    );
    expect(problems).toEqual([]);
  });

  it('the store is still whole, and its log verifies, after everything', async () => {
    expect(host.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await host.ipc.invoke('audit:verify', appFrame)).toMatchObject({ ok: true, data: { intact: true } });
    // Reported in docs/security.md (Reliability guarantees): the payloads fuzzed by one run of this file.
    expect(fuzzed).toBe(CHANNELS.length * RUNS_PER_CHANNEL);
    console.info(`ipc fuzz: ${fuzzed} payloads over ${CHANNELS.length} channels:`, Object.fromEntries(outcomes));
    // Some got through to the handlers and succeeded; most were refused, each with a typed error.
    expect(outcomes.get('ok')).toBeGreaterThan(fuzzed / 20);
    expect(outcomes.get('BAD_REQUEST')).toBeGreaterThan(fuzzed / 2);
  });
});
