/**
 * The pull over a SendGrid stand-in on loopback: what lands in the store (pulled records with
 * their real scopes, subusers as child accounts), what a second pull changes and how the audit
 * log records it, the scope checks on the pulling key, refusals that leave the store as it was,
 * paging past one page, and Cancel.
 */
import { describe, expect, it } from 'vitest';
import { FULL_ACCESS_SCOPES, scopesForLevels } from '../../../common/permissions.ts';
import { describeChange } from '../../../main/services/audit-changes.ts';
import { checkAuditIntegrity } from '../../../main/services/audit-integrity.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { Cancelled, pullFromSendGrid, type PullOptions } from '../../../main/services/sendgrid-pull.ts';
import type { PullProgress } from '../../../common/pull.ts';
import { standInKey, type StandIn } from '../../helpers/sendgrid-stand-in.ts';
import { standInPerTest } from '../../helpers/stand-in-per-test.ts';
import { snapshot, type TempStore } from '../../helpers/temp-store.ts';

const FAST = { backoffMs: 5, maxBackoffMs: 20, requestTimeoutMs: 2_000 };
const PULL_ACTOR = 'pull:standinstandinstandin1';

let t: TempStore;
let sg: StandIn;

function account() {
  return {
    keys: [
      standInKey(1, 'Auditor', ['api_keys.read', 'subusers.read']),
      standInKey(2, 'Production mailer', ['mail.send', 'stats.read']),
      standInKey(3, 'Everything', [...FULL_ACCESS_SCOPES]),
      standInKey(4, 'Finance', ['billing.read', 'billing.update']),
    ],
    subusers: {
      'acme-eu': [standInKey(10, 'EU mailer', ['mail.send']), standInKey(11, 'EU stats', scopesForLevels({ stats: 'read' }))],
      'acme-us': [standInKey(20, 'US admin', ['api_keys.create', 'api_keys.read', 'mail.send'])],
    },
  };
}

standInPerTest(account, (store, standIn) => {
  t = store;
  sg = standIn;
});

const pull = (options: Partial<PullOptions> = {}) =>
  pullFromSendGrid(t.store, { caller: t.owner(), clock: t.clock, apiKey: sg.key, baseUrl: sg.url, subusers: true, limits: FAST, ...options });

const stored = (accountName: string) =>
  t.store.keys.listLive(t.store.accounts.byName(accountName)!.id).map((k) => ({ api_key_id: k.api_key_id, name: k.name, scopes: [...k.scopes], origin: k.origin }));

const expectedKeys = (keys: { api_key_id: string; name: string; scopes: string[] }[]) =>
  keys.map((k) => ({ api_key_id: k.api_key_id, name: k.name, scopes: [...new Set(k.scopes)].sort(), origin: 'pulled' }));

describe('a first pull', () => {
  it('reproduces every key with its scopes in the right account, subusers as child accounts, all audit-logged', async () => {
    const result = await pull();
    const source = account();
    expect(stored('default')).toEqual(expectedKeys(source.keys));
    expect(stored('acme-eu')).toEqual(expectedKeys(source.subusers['acme-eu']));
    expect(stored('acme-us')).toEqual(expectedKeys(source.subusers['acme-us']));
    const eu = t.store.accounts.byName('acme-eu')!;
    expect(eu.parent_id).toBe(t.owner().account.id);
    expect(t.store.keys.find(standInKey(3, '', []).api_key_id)).toMatchObject({ access_type: 'full', last4: null });
    expect(t.store.keys.find(standInKey(4, '', []).api_key_id)).toMatchObject({ access_type: 'billing' });

    expect(result).toMatchObject({ base_url: sg.url, key_id: 'standinstandinstandin1', key_scopes: ['api_keys.read', 'subusers.read'], excess_scopes: [] });
    expect(result.accounts.map((a) => [a.account, a.subuser, a.created, a.added.length, a.changed.length, a.removed.length, a.unchanged])).toEqual([
      ['default', null, false, 4, 0, 0, 0],
      ['acme-eu', 'acme-eu', true, 2, 0, 0, 0],
      ['acme-us', 'acme-us', true, 1, 0, 0, 0],
    ]);

    const log = t.store.audit.list();
    expect(log.filter((e) => e.action === 'key.pull').map((e) => e.actor)).toEqual(Array(7).fill(PULL_ACTOR));
    expect(log.filter((e) => e.action === 'account.create').map((e) => [e.actor, (e.after as { name: string }).name])).toEqual([
      [PULL_ACTOR, 'acme-eu'],
      [PULL_ACTOR, 'acme-us'],
    ]);
    // Who ran the pull signs its summary, one per account.
    expect(log.filter((e) => e.action === 'inventory.pull').map((e) => [e.actor, e.after])).toEqual([
      ['owner', { base_url: sg.url, key_id: 'standinstandinstandin1', subuser: null, added: 4, changed: 0, removed: 0, unchanged: 0 }],
      ['owner', { base_url: sg.url, key_id: 'standinstandinstandin1', subuser: 'acme-eu', added: 2, changed: 0, removed: 0, unchanged: 0 }],
      ['owner', { base_url: sg.url, key_id: 'standinstandinstandin1', subuser: 'acme-us', added: 1, changed: 0, removed: 0, unchanged: 0 }],
    ]);
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: true });
    // Subusers were read on the parent's key, acting for each.
    expect(new Set(sg.requests.map((r) => r.onBehalfOf))).toEqual(new Set([null, 'acme-eu', 'acme-us']));
  });

  it('without subusers reads the key\'s own account only, and needs only api_keys.read', async () => {
    sg.scopes = ['api_keys.read'];
    const result = await pull({ subusers: false });
    expect(result.accounts.map((a) => a.account)).toEqual(['default']);
    expect(t.store.accounts.list().map((a) => a.name)).toEqual(['default']);
    expect(sg.requests.some((r) => r.path.startsWith('/v3/subusers'))).toBe(false);
  });

  it('a key deleted in SendGrid between the list and its read is simply not there', async () => {
    const gone = standInKey(3, '', []).api_key_id;
    sg.fault = (request) => (request.path === `/v3/api_keys/${gone}` ? { kind: 'status', status: 404, body: { errors: [{ field: null, message: 'unable to find API Key' }] } } : null);
    const result = await pull({ subusers: false });
    expect(result.accounts[0]!.added.map((k) => k.api_key_id)).not.toContain(gone);
    expect(result.accounts[0]!.added).toHaveLength(3);
  });

  it('pulled keys never verify: their secrets live in SendGrid', async () => {
    await pull();
    const id = standInKey(2, '', []).api_key_id;
    expect(t.verifier.verify(`SG.${id}.${'x'.repeat(43)}`)).toMatchObject({ ok: false });
  });
});

describe('a second pull', () => {
  it('records renames, scope changes, new and vanished keys as the pull, and leaves what SendGrid does not own alone', async () => {
    await pull();
    const mailer = standInKey(2, '', []).api_key_id;
    const finance = standInKey(4, '', []).api_key_id;
    // Local facts: a disabled flag and an expiry are Keydesk's own, not SendGrid's.
    t.lifecycle.disable(t.owner(), mailer);
    t.lifecycle.setExpiry(t.owner(), mailer, '2027-01-01T00:00:00Z');
    t.clock.advance(86_400_000);

    const next = account();
    next.keys[1]!.name = 'Production mailer (EU)';
    next.keys[1]!.scopes = ['mail.send', 'templates.read'];
    next.keys.splice(3, 1); // Finance deleted in SendGrid
    next.keys.push(standInKey(5, 'Webhook signer', ['user.webhooks.event.settings.read']));
    delete (next.subusers as Record<string, unknown>)['acme-us']; // the subuser was deleted
    sg.account = next;
    const result = await pull();

    expect(result.accounts.map((a) => [a.account, a.added.length, a.changed.length, a.removed.length, a.unchanged, a.gone_from_sendgrid])).toEqual([
      ['default', 1, 1, 1, 2, false],
      ['acme-eu', 0, 0, 0, 2, false],
      ['acme-us', 0, 0, 1, 0, true],
    ]);
    expect(result.accounts[0]!.changed).toEqual([
      { api_key_id: mailer, name: 'Production mailer (EU)', renamed: { from: 'Production mailer', to: 'Production mailer (EU)' }, gained: ['templates.read'], lost: ['stats.read'] },
    ]);
    // Removed, not dropped: the row stays as a tombstone, and the log says the pull saw it go.
    expect(t.store.keys.find(finance)).toMatchObject({ name: 'Finance', deleted_at: t.clock.now().toISOString() });
    expect(stored('default').map((k) => k.api_key_id)).not.toContain(finance);
    expect(stored('acme-us')).toEqual([]);
    expect(t.store.keys.find(mailer)).toMatchObject({ disabled_at: expect.any(String), expires_at: '2027-01-01T00:00:00.000Z' });

    const changes = t.store.audit.list({ since: t.clock.now().toISOString() }).filter((e) => e.action.startsWith('key.'));
    expect(changes.map((e) => [e.action, e.actor, e.key_id])).toEqual([
      ['key.pull.update', PULL_ACTOR, mailer],
      ['key.pull', PULL_ACTOR, standInKey(5, '', []).api_key_id],
      ['key.pull.remove', PULL_ACTOR, finance],
      ['key.pull.remove', PULL_ACTOR, standInKey(20, '', []).api_key_id],
    ]);
    expect(changes[0]!.before).toMatchObject({ name: 'Production mailer', scopes: ['mail.send', 'stats.read'], disabled: true });
    expect(changes[0]!.after).toMatchObject({ name: 'Production mailer (EU)', scopes: ['mail.send', 'templates.read'], disabled: true });
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: true });
  });

  it('a pull with nothing changed in SendGrid writes only its summary', async () => {
    await pull();
    const before = t.store.audit.list().length;
    const result = await pull();
    expect(result.accounts.map((a) => a.unchanged)).toEqual([4, 2, 1]);
    expect(t.store.audit.list().slice(before).map((e) => e.action)).toEqual(['inventory.pull', 'inventory.pull', 'inventory.pull']);
  });

  it('a key SendGrid lists again after it was marked removed comes back', async () => {
    await pull();
    const finance = account().keys[3]!;
    sg.account = { ...account(), keys: account().keys.slice(0, 3) };
    await pull();
    sg.account = account();
    const result = await pull();
    expect(result.accounts[0]!.added).toEqual([{ api_key_id: finance.api_key_id, name: 'Finance' }]);
    expect(t.store.keys.find(finance.api_key_id)).toMatchObject({ deleted_at: null, origin: 'pulled' });
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: true });
  });

  it('a record imported from a file earlier is adopted: it now says it was pulled', async () => {
    const mailer = account().keys[1]!;
    importInventory(t.store, { format: 'sendgrid-keys', header: null, sha256: '0'.repeat(64), entries: [{ ...mailer }] }, { caller: t.owner(), clock: t.clock });
    const result = await pull();
    expect(result.accounts[0]).toMatchObject({ unchanged: 1 });
    expect(t.store.keys.find(mailer.api_key_id)).toMatchObject({ origin: 'pulled' });
    expect(t.store.audit.list({ keyId: mailer.api_key_id }).map((e) => [e.action, (e.after as { origin: string }).origin])).toEqual([
      ['key.import', 'imported'],
      ['key.pull.update', 'pulled'],
    ]);
    expect(checkAuditIntegrity(t.store)).toMatchObject({ intact: true });
  });
});

describe('who may pull', () => {
  it('a key needs api_keys.create, update and delete; with subusers, which makes accounts, only the owner may', async () => {
    const everything = t.asKey('knocker', [...FULL_ACCESS_SCOPES], 'default');
    await expect(pull({ caller: everything })).rejects.toMatchObject({ code: 'FORBIDDEN', errors: [{ message: 'access forbidden' }] });
    const readOnly = t.asKey('knocker', ['api_keys.read', 'api_keys.create', 'api_keys.update'], 'default');
    await expect(pull({ caller: readOnly, subusers: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(sg.requests).toEqual([]);
    const result = await pull({ caller: everything, subusers: false });
    expect(result.accounts.map((a) => a.added.length)).toEqual([4]);
  });
});

describe('the pulling key', () => {
  it('without api_keys.read is refused after one request, saying which scope to add in SendGrid', async () => {
    sg.scopes = ['mail.send'];
    const before = snapshot(t.store);
    await expect(pull({ subusers: false })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      errors: [
        { field: 'api_key', message: expect.stringMatching(/lacks api_keys\.read.*API Keys: Read Access/) },
        { field: null, message: 'nothing was written: the store is as it was before the pull' },
      ],
    });
    expect(sg.requests.map((r) => r.path)).toEqual(['/v3/scopes']);
    expect(snapshot(t.store)).toEqual(before);
  });

  it('with subusers, also needs subusers.read', async () => {
    sg.scopes = ['api_keys.read'];
    await expect(pull()).rejects.toMatchObject({ errors: [{ field: 'api_key', message: expect.stringMatching(/lacks subusers\.read.*Subusers: Read Access/) }, expect.anything()] });
  });

  it('holding more than the pull needs is reported, leaving out what SendGrid sets itself and what its UI grants with Read', async () => {
    sg.scopes = [...scopesForLevels({ api_keys: 'read', subusers: 'read' }), 'mail.send', 'api_keys.delete', '2fa_required'];
    expect((await pull()).excess_scopes).toEqual(['api_keys.delete', 'mail.send']);
    sg.scopes = ['api_keys.read', 'subusers.read', 'subusers.credits.read'];
    expect((await pull({ subusers: false })).excess_scopes).toEqual(['subusers.credits.read', 'subusers.read']);
  });

  it('is refused before any request when it is not one line of printable text, without quoting it', async () => {
    for (const bad of ['', '   ', 'SG.abc\ndef', 'SG.a b', `SG.${'é'.repeat(10)}`, `SG.${'x'.repeat(510)}`]) {
      const error = await pull({ apiKey: bad }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_REQUEST', errors: [{ field: 'api_key' }] });
      if (bad.trim()) expect(JSON.stringify(error)).not.toContain(bad.trim());
    }
    expect(sg.requests).toEqual([]);
  });

  it('goes only to https, or to plain http on this machine', async () => {
    for (const url of ['http://example.com', 'ftp://127.0.0.1', 'https://user:pw@api.sendgrid.com', 'not a url', 'https://api.sendgrid.com/?x=1']) {
      await expect(pull({ baseUrl: url })).rejects.toMatchObject({ code: 'BAD_REQUEST', errors: [{ field: 'base_url' }] });
    }
  });
});

describe('refusals leave the store as it was', () => {
  it('a key that belongs to another account here, and a subuser name taken by an unrelated account', async () => {
    t.accounts.create(t.owner(), { name: 'acme-us' }); // a separate account, not a subuser of default
    t.accounts.create(t.owner(), { name: 'elsewhere' });
    const eu = account().subusers['acme-eu'][0]!;
    importInventory(t.store, { format: 'sendgrid-keys', header: null, sha256: '0'.repeat(64), entries: [{ ...eu }] }, { caller: t.owner('elsewhere'), clock: t.clock });
    const before = snapshot(t.store);
    await expect(pull()).rejects.toMatchObject({
      code: 'CONFLICT',
      errors: [
        { field: 'subusers', message: 'subuser "acme-us" would go into account "acme-us", which is not a subuser of "default" here: rename that account first' },
        { field: 'api_key_id', message: `API Key ID ${eu.api_key_id} (from "acme-eu") already belongs to account "elsewhere" here` },
        { field: null, message: 'nothing was written: the store is as it was before the pull' },
      ],
    });
    expect(snapshot(t.store)).toEqual(before);
  });

  it("SendGrid's answers in a shape Keydesk cannot use: the request and the field named", async () => {
    sg.account = { keys: [], subusers: { 'café': [], 'bad\u202Ename': [] } };
    await expect(pull()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      errors: [{ field: null, message: 'GET /v3/subusers: unexpected answer: 0.username: username must be printable ASCII' }, expect.anything()],
    });
    sg.account = { keys: [], subusers: { 'bad\u202Ename': [] } };
    await expect(pull()).rejects.toMatchObject({
      errors: [{ message: 'GET /v3/subusers: unexpected answer: 0.username: username must not contain control or text-direction characters' }, expect.anything()],
    });
    expect(t.store.accounts.list().map((a) => a.name)).toEqual(['default']);
  });

  it('an API Key ID SendGrid lists in two accounts', async () => {
    const shared = account().keys[1]!;
    sg.account = { ...account(), subusers: { 'acme-eu': [shared] } };
    await expect(pull()).rejects.toMatchObject({
      code: 'CONFLICT',
      errors: [{ field: 'api_key_id', message: `API Key ID ${shared.api_key_id} is listed in both "default" and "acme-eu"` }, expect.anything()],
    });
    expect(t.store.keys.listLive(1)).toEqual([]);
  });

  it('a subuser account cannot pull subusers', async () => {
    t.accounts.create(t.owner(), { name: 'child', parent: 'default' });
    await expect(pull({ caller: t.owner('child') })).rejects.toMatchObject({ code: 'CONFLICT', errors: [{ field: 'subusers' }] });
    expect(sg.requests).toEqual([]);
  });
});

describe('paging', () => {
  it('asks for a larger key page while one comes back full, and pages subusers with limit and offset', async () => {
    const many = Array.from({ length: 150 }, (_, i) => standInKey(100 + i, `key ${i}`, ['mail.send']));
    const subusers = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`sub-${String(i).padStart(3, '0')}`, []]));
    sg.account = { keys: many, subusers };
    const result = await pull();
    expect(stored('default')).toHaveLength(150);
    expect(result.accounts).toHaveLength(131);
    const own = sg.requests.filter((r) => r.onBehalfOf === null).map((r) => r.path);
    expect(own.filter((p) => p.startsWith('/v3/api_keys?'))).toEqual(['/v3/api_keys?limit=100', '/v3/api_keys?limit=1000']);
    expect(own.filter((p) => p.startsWith('/v3/subusers'))).toEqual(['/v3/subusers?limit=100&offset=0', '/v3/subusers?limit=100&offset=100']);
  });
});

describe('progress and Cancel', () => {
  it('reports each account from waiting to read, and the least-privilege warning once known', async () => {
    const seen: PullProgress[] = [];
    sg.scopes = ['api_keys.read', 'subusers.read', 'mail.send'];
    await pull({ onProgress: (p) => seen.push(p) });
    expect(seen[0]).toEqual({ phase: 'checking', accounts: [], excess_scopes: null });
    expect(seen.find((p) => p.excess_scopes !== null)?.excess_scopes).toEqual(['mail.send']);
    const reading = seen.filter((p) => p.phase === 'reading').at(-1)!;
    expect(reading.accounts).toEqual([
      { account: 'default', state: 'read', done: 4, total: 4 },
      { account: 'acme-eu', state: 'read', done: 2, total: 2 },
      { account: 'acme-us', state: 'read', done: 1, total: 1 },
    ]);
    // Along the way too: an account is "read" only once every key is, and its count never goes back.
    const reports = seen.flatMap((p) => p.accounts);
    expect(reports.filter((a) => a.state === 'read' && a.done !== (a.total ?? 0))).toEqual([]);
    for (const name of ['default', 'acme-eu', 'acme-us']) {
      const counts = reports.filter((a) => a.account === name).map((a) => a.done);
      expect(counts).toEqual([...counts].sort((x, y) => x - y));
    }
    expect(seen.at(-1)!.phase).toBe('writing');
  });

  it('Cancel mid-pull rejects with Cancelled, writes nothing, and sends nothing more', async () => {
    const controller = new AbortController();
    let atCancel = 0;
    sg.fault = (request, index) => {
      if (!request.path.startsWith('/v3/api_keys/')) return null;
      if (!controller.signal.aborted) {
        atCancel = index + 1;
        controller.abort();
      }
      return { kind: 'delay', ms: 5_000 };
    };
    const before = snapshot(t.store);
    const started = Date.now();
    await expect(pull({ signal: controller.signal })).rejects.toBeInstanceOf(Cancelled);
    expect(Date.now() - started).toBeLessThan(2_000); // not waiting out the slow answers
    await new Promise((resolve) => setTimeout(resolve, 200));
    const settled = sg.requests.length;
    // At most the requests already on their way in the other three slots; no retries, no new ones.
    expect(settled).toBeLessThanOrEqual(atCancel + 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sg.requests.length).toBe(settled);
    expect(snapshot(t.store)).toEqual(before);
  });
});

describe("the audit log's replay knows what a pull did", () => {
  const differing = () => {
    const report = checkAuditIntegrity(t.store);
    return report.replay.consistent ? [] : report.replay.differences.map((d) => [d.id, d.field]);
  };

  it('catches a pulled key given a secret, a removed one revived, or one passed off as issued, edited in SQLite', async () => {
    await pull();
    sg.account = { ...account(), keys: account().keys.slice(0, 3) };
    await pull();
    const [mailer, everything, finance] = [2, 3, 4].map((n) => standInKey(n, '', []).api_key_id);
    expect(differing()).toEqual([]);
    t.store.db.prepare('UPDATE keys SET digest = randomblob(32) WHERE id = ?').run(mailer);
    t.store.db.prepare('UPDATE keys SET deleted_at = NULL WHERE id = ?').run(finance);
    t.store.db.prepare("UPDATE keys SET origin = 'issued' WHERE id = ?").run(everything);
    expect(differing()).toEqual(expect.arrayContaining([[mailer, 'secret'], [finance, 'deleted'], [everything, 'origin']]));
  });

  it('describes each pull entry in words', async () => {
    await pull();
    sg.account = { ...account(), keys: account().keys.slice(0, 3) };
    sg.account.keys[1]!.name = 'Mailer';
    await pull();
    const words = t.store.audit.list({ accountId: 1 }).map((e) => [e.action, describeChange(e)]);
    expect(words).toEqual(
      expect.arrayContaining([
        ['key.pull', 'pulled from SendGrid: Restricted, 2 scopes'],
        ['key.pull.update', 'renamed "Production mailer" → "Mailer"'],
        ['key.pull.remove', 'removed from SendGrid'],
        ['inventory.pull', `pulled from ${sg.url}: 0 added, 1 changed, 1 removed, 2 unchanged`],
      ]),
    );
  });
});
