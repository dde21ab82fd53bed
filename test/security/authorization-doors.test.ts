/**
 * The authorization table (main/core/authorization.ts) holds at every door: the app's IPC, the
 * CLI under KEYDESK_API_KEY (a real process), and the local API (real HTTP). For each operation,
 * a key holding every scope but the ones the table names is refused with SendGrid's 403 and
 * changes nothing, while a key holding them (or the owner, for owner-only operations) gets
 * through. A service that checked the wrong scope, or none, fails here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_ACCESS_SCOPES } from '../../common/permissions.ts';
import { OPERATIONS, requiredScopes, type Operation } from '../../main/core/authorization.ts';
import type { Actor } from '../../main/services/caller.ts';
import { cliFor, parseErrors, storeRows } from '../helpers/cli.ts';
import { appFrame, openIpcHost, type IpcHost } from '../helpers/ipc-host.ts';
import { startTestApi, type TestApi } from '../helpers/local-api.ts';
import { openTempStore, snapshot, type TempStore } from '../helpers/temp-store.ts';
import { startStandIn, type StandIn } from '../helpers/sendgrid-stand-in.ts';

/** Who knocks: the owner, a key holding every scope (non-billing) but the operation's, or one holding them all. */
type Knocker = 'owner' | 'without' | 'with';
type Verdict = 'forbidden' | 'allowed';

/** A key's scopes for `knocker` at `operation`. */
function scopesFor(operation: Operation, knocker: Exclude<Knocker, 'owner'>): string[] {
  const needed = requiredScopes(operation) ?? [];
  return knocker === 'with' ? [...FULL_ACCESS_SCOPES] : FULL_ACCESS_SCOPES.filter((s) => !needed.includes(s));
}

/** Who is let in: for owner-only operations only the owner, else a key holding the operation's scopes. */
const expected = (operation: Operation, knocker: Knocker): Verdict =>
  knocker === 'without' || (knocker === 'with' && requiredScopes(operation) === null) ? 'forbidden' : 'allowed';

const KEY_LIST = JSON.stringify({ result: [{ name: 'from SendGrid', api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA' }] });

/** What a pull reads: a SendGrid stand-in on loopback with one key. */
let sendgrid: StandIn;
beforeAll(async () => void (sendgrid = await startStandIn({ keys: [{ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'in SendGrid', scopes: ['mail.send'] }], subusers: {} })));
afterAll(() => sendgrid.close());

// ---- The app's door: the real dispatcher and handlers, acting as an owner or a key.

type IpcProbe = (host: IpcHost) => [channel: string, input?: unknown];
const IPC: Partial<Record<Operation, IpcProbe>> = {
  'keys.read': () => ['keys:list', {}],
  'keys.create': () => ['keys:create', { name: 'made', scopes: ['mail.send'] }],
  'keys.update': (h) => ['keys:rename', { api_key_id: target(h).api_key_id, name: 'renamed' }],
  'keys.delete': (h) => ['keys:delete', { api_key_id: target(h).api_key_id }],
  'audit.read': () => ['audit:list', {}],
  'inventory.read': (h) => (h.dialogAnswers.push(join(h.dir, 'export.json')), ['inventory:export', { format: 'json' }]),
  'inventory.import': (h) => {
    writeFileSync(join(h.dir, 'list.json'), KEY_LIST);
    h.dialogAnswers.push(join(h.dir, 'list.json'));
    return ['inventory:import', {}];
  },
  'inventory.pull': () => ['pull:start', { api_key: sendgrid.key, base_url: sendgrid.url }],
  'accounts.read': () => ['accounts:list'],
  'accounts.manage': () => ['accounts:create', { name: 'new account' }],
  'store.backups': () => ['store:backups'],
  'annotations.manage': (h) => ['keys:annotate', { api_key_ids: [target(h).api_key_id], owner: 'ops@example.com' }],
  'reviews.read': () => ['reviews:list'],
  'reviews.manage': () => ['reviews:start'],
};

const target = (t: TempStore) => t.keys.create(t.owner(), { name: 'target', scopes: ['mail.send'] });

async function throughIpc(operation: Operation, knocker: Knocker): Promise<Verdict> {
  const actor: Actor = knocker === 'owner' ? { kind: 'owner' } : { kind: 'key', keyId: 'knocker', accountId: 1, scopes: scopesFor(operation, knocker) };
  const host = openIpcHost({ actor });
  try {
    const [channel, input] = IPC[operation]!(host);
    const before = snapshot(host.store);
    const result = (await host.ipc.invoke(channel, appFrame, input)) as { ok: boolean; code?: string; errors?: { message: string }[] };
    if (result.ok) return 'allowed';
    expect(result, `${operation} via ${channel}`).toEqual({ ok: false, code: 'FORBIDDEN', errors: [{ field: null, message: 'access forbidden' }] });
    expect(snapshot(host.store), `${channel} refused, store unchanged`).toEqual(before);
    return 'forbidden';
  } finally {
    host.close();
  }
}

// ---- The CLI: the real process, with KEYDESK_API_KEY holding the knocker's key.

type CliProbe = (t: TempStore) => string[];
const CLI: Partial<Record<Operation, CliProbe>> = {
  'keys.read': () => ['keys', 'list'],
  'keys.create': () => ['keys', 'create', '--name', 'made', '--scopes', 'mail.send'],
  'keys.update': (t) => ['keys', 'rename', target(t).api_key_id, '--name', 'renamed'],
  'keys.delete': (t) => ['keys', 'delete', target(t).api_key_id],
  'audit.read': () => ['log'],
  'audit.read-all-accounts': () => ['log', '--all'],
  'audit.reseal': () => ['log', '--reseal'],
  'inventory.read': () => ['export', '--format', 'json'],
  'inventory.import': (t) => {
    writeFileSync(join(t.dir, 'list.json'), KEY_LIST);
    return ['import', join(t.dir, 'list.json')];
  },
  // The SendGrid key comes from SENDGRID_API_KEY, which throughCli sets for every probe.
  'inventory.pull': () => ['pull', '--base-url', sendgrid.url],
  'accounts.read': () => ['accounts', 'list'],
  'accounts.manage': () => ['accounts', 'create', 'new-account'],
  'store.backups': () => ['restore-backup', '--list'],
  'annotations.manage': (t) => ['keys', 'annotate', target(t).api_key_id, '--owner', 'ops@example.com'],
  'reviews.read': () => ['review', 'list'],
  'reviews.manage': (t) => (closeOpenReview(t), ['review', 'start', '--reviewer', 'probe']),
};

/** Closes the account's open review, if any (deciding what is left), so the next start is not refused as a second one. */
function closeOpenReview(t: TempStore): void {
  const open = t.reviews.list(t.owner()).find((r) => r.closed_at === null);
  if (!open) return;
  for (const { key, decision } of t.reviews.get(t.owner(), open.id).items) {
    if (decision !== null) continue;
    const live = t.keys.list(t.owner()).some((k) => k.api_key_id === key.api_key_id);
    t.reviews.decide(t.owner(), { reviewer: 'probe', api_key_id: key.api_key_id, decision: live ? 'keep' : 'delete' });
  }
  t.reviews.close(t.owner(), { reviewer: 'probe' });
}

let cliStore: TempStore;
beforeAll(() => void (cliStore = openTempStore()));
afterAll(() => cliStore.close());

async function throughCli(operation: Operation, knocker: Knocker): Promise<Verdict> {
  const knock = knocker === 'owner' ? {} : { KEYDESK_API_KEY: cliStore.keys.create(cliStore.owner(), { name: knocker, scopes: scopesFor(operation, knocker) }).api_key };
  const env = { ...knock, SENDGRID_API_KEY: sendgrid.key };
  const args = CLI[operation]!(cliStore);
  const before = storeRows(cliStore.path);
  const result = await cliFor(cliStore.path)(args, { env });
  if (result.code === 0) return 'allowed';
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(1);
  expect(parseErrors(result.stderr), args.join(' ')).toEqual([{ field: null, message: 'access forbidden' }]);
  // Verifying the key records its use; nothing else may change.
  const { keys: _keys, ...rest } = storeRows(cliStore.path) as Record<string, unknown>;
  const { keys: _keysBefore, ...restBefore } = before as Record<string, unknown>;
  expect(rest, `${args.join(' ')} refused, store unchanged`).toEqual(restBefore);
  return 'forbidden';
}

// ---- The local API: SendGrid's key endpoints over HTTP, each caller its own key.

type ApiProbe = (api: TestApi) => { method: string; path: string; body?: unknown };
const API: Partial<Record<Operation, ApiProbe>> = {
  'keys.read': () => ({ method: 'GET', path: '/v3/api_keys' }),
  'keys.create': () => ({ method: 'POST', path: '/v3/api_keys', body: { name: 'made', scopes: ['mail.send'] } }),
  'keys.update': (api) => ({ method: 'PATCH', path: `/v3/api_keys/${target(api).api_key_id}`, body: { name: 'renamed' } }),
  'keys.delete': (api) => ({ method: 'DELETE', path: `/v3/api_keys/${target(api).api_key_id}` }),
  'subusers.read': () => ({ method: 'GET', path: '/v3/subusers' }),
};

let api: TestApi;
beforeAll(async () => void (api = await startTestApi()));
afterAll(() => api.stop());

async function throughApi(operation: Operation, knocker: Exclude<Knocker, 'owner'>): Promise<Verdict> {
  const key = api.key(scopesFor(operation, knocker));
  const request = API[operation]!(api);
  const before = api.store.keys.listLive(1).map(({ last_used_at: _, last_used_by: __, ...k }) => k);
  const response = await api.request({ ...request, key: key.api_key });
  if (response.status < 300) return 'allowed';
  expect(response.status, `${request.method} ${request.path}: ${response.text}`).toBe(403);
  expect(response.body).toEqual({ errors: [{ field: null, message: 'access forbidden' }] });
  expect(api.store.keys.listLive(1).map(({ last_used_at: _, last_used_by: __, ...k }) => k)).toEqual(before);
  return 'forbidden';
}

// ---- The walk.

describe.each(OPERATIONS.map((operation) => [operation, requiredScopes(operation)?.join(' + ') ?? 'the owner only'] as const))(
  '%s (needs %s)',
  (operation) => {
    it('is reachable through at least one door, and every key operation through all three', () => {
      const doors = [IPC, CLI, API].filter((door) => door[operation] !== undefined).length;
      expect(doors).toBeGreaterThan(0);
      if (operation.startsWith('keys.')) expect(doors).toBe(3);
    });

    it.runIf(IPC[operation] !== undefined)('through the app', async () => {
      expect(await throughIpc(operation, 'without')).toBe(expected(operation, 'without'));
      expect(await throughIpc(operation, 'with')).toBe(expected(operation, 'with'));
      expect(await throughIpc(operation, 'owner')).toBe('allowed');
    });

    it.runIf(CLI[operation] !== undefined)('through the CLI', async () => {
      expect(await throughCli(operation, 'without')).toBe(expected(operation, 'without'));
      expect(await throughCli(operation, 'with')).toBe(expected(operation, 'with'));
      expect(await throughCli(operation, 'owner')).toBe('allowed');
    });

    it.runIf(API[operation] !== undefined)('through the local API', async () => {
      expect(await throughApi(operation, 'without')).toBe(expected(operation, 'without'));
      expect(await throughApi(operation, 'with')).toBe(expected(operation, 'with'));
    });
  },
);

it('names a door for every probe it knows, and no operation the table lacks', () => {
  for (const door of [IPC, CLI, API]) expect(Object.keys(door).filter((op) => !OPERATIONS.includes(op as Operation))).toEqual([]);
});
