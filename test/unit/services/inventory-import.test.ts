/** Import: SendGrid's real response shapes and Keydesk exports; bad files change nothing. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeydeskError } from '../../../common/errors.ts';
import { issueKey } from '../../../main/core/key-format.ts';
import { exportInventory } from '../../../main/services/inventory-export.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import { importInventory, importInventoryFile } from '../../../main/services/inventory-import.ts';
import { addAccount, openTempStore, snapshot, type TempStore } from '../../helpers/temp-store.ts';

const FIXTURES = new URL('../../fixtures/sendgrid/', import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;
const HOPE = 'qfTQ6KG0QBiwWdJ0-pCLCA';
const MAIL = 'ynfH3dkkSYfdvQRKIjcP5Q';

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const importFile = (path: string, account = 'default') => importInventoryFile(t.store, path, { caller: t.owner(account), clock: t.clock });
const importText = (text: string, account = 'default') =>
  importInventory(t.store, parseInventory(Buffer.from(text)), { caller: t.owner(account), clock: t.clock });

function writeTemp(name: string, text: string): string {
  const path = join(t.dir, name);
  writeFileSync(path, text);
  return path;
}

async function rejection(work: () => unknown): Promise<KeydeskError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(KeydeskError);
    return error as KeydeskError;
  }
  throw new Error('expected the import to be refused');
}

describe("SendGrid's responses", () => {
  it('imports GET /v3/api_keys: names and IDs, scopes unknown and said so', async () => {
    const result = await importFile(fixture('api-keys-list.json'));
    expect(result.format).toBe('sendgrid-list');
    expect(result.added).toEqual([
      { api_key_id: HOPE, name: 'A New Hope' },
      { api_key_id: MAIL, name: 'Mail Send' },
    ]);
    expect(result.without_scopes).toEqual(result.added);
    const stored = t.keys.get(t.owner(), HOPE);
    expect(stored).toMatchObject({ origin: 'imported', scopes: [], last4: null, created_at: t.clock.now().toISOString() });
    expect(t.store.keys.secrets(HOPE)).toEqual([]);
  });

  it('imports a flat GET /v3/api_keys/{id}, keeping the scopes SendGrid sets itself', async () => {
    const result = await importFile(fixture('api-key-flat.json'));
    expect(result.format).toBe('sendgrid-keys');
    expect(t.keys.get(t.owner(), MAIL)).toMatchObject({
      name: 'Mail Send',
      access_type: 'restricted',
      scopes: ['2fa_required', 'mail.send', 'sender_verification_eligible', 'sender_verification_legacy'],
    });
  });

  it('imports GET /v3/api_keys/{id} under result, and one response per line', async () => {
    expect((await importFile(fixture('api-key-result.json'))).added).toEqual([{ api_key_id: HOPE, name: 'A New Hope' }]);
    const perLine = await importFile(fixture('api-keys-per-line.jsonl'));
    expect(perLine).toMatchObject({ added: [{ api_key_id: MAIL, name: 'Mail Send' }], unchanged: 1 });
    expect(t.keys.get(t.owner(), HOPE).scopes).toEqual(['alerts.create', 'alerts.read', 'mail.send', 'mail_settings.bounce_purge.read']);
  });

  it('imported keys never verify, whatever secret is presented', async () => {
    await importFile(fixture('api-key-flat.json'));
    const presented = issueKey(MAIL).apiKey;
    expect(t.verifier.verify(presented)).toMatchObject({ ok: false, reason: 'not_issued_here' });
  });

  it('never stores the secret of a pasted create response', () => {
    const created = issueKey();
    importText(JSON.stringify({ api_key: created.apiKey, api_key_id: created.id, name: 'pasted', scopes: ['mail.send'] }));
    expect(JSON.stringify(snapshot(t.store))).not.toContain(created.apiKey.split('.')[2]);
    expect(t.keys.get(t.owner(), created.id).last4).toBeNull();
  });

  it('is not capped at 100 keys: the records describe keys that live elsewhere', () => {
    const result = Array.from({ length: 120 }, (_, i) => ({ api_key_id: `imported${String(i).padStart(14, '0')}`, name: `k${i}` }));
    expect(importText(JSON.stringify({ result })).added).toHaveLength(120);
    expect(t.keys.list(t.owner())).toHaveLength(120);
  });
});

describe('importing again', () => {
  it('changes nothing when the file is the same', async () => {
    await importFile(fixture('api-key-result.json'));
    const before = snapshot(t.store);
    const again = await importFile(fixture('api-key-result.json'));
    expect(again).toMatchObject({ added: [], updated: [], unchanged: 1 });
    expect(snapshot(t.store)).toEqual(before);
  });

  it('updates changed names and scopes, each change audit-logged', () => {
    importText(JSON.stringify({ api_key_id: HOPE, name: 'A New Hope', scopes: ['alerts.read', 'mail.send'] }));
    t.clock.advance(60_000);
    const result = importText(JSON.stringify({ api_key_id: HOPE, name: 'Return of the Jedi', scopes: ['alerts.read', 'stats.read'] }));
    expect(result.updated).toEqual([{ api_key_id: HOPE, name: 'Return of the Jedi' }]);
    expect(t.keys.get(t.owner(), HOPE)).toMatchObject({ name: 'Return of the Jedi', scopes: ['alerts.read', 'stats.read'], updated_at: t.clock.now().toISOString() });
    const [entry] = t.store.audit.list({ keyId: HOPE, action: 'key.import.update' });
    expect(entry).toMatchObject({ before: { name: 'A New Hope', scopes: ['alerts.read', 'mail.send'] }, after: { name: 'Return of the Jedi', scopes: ['alerts.read', 'stats.read'] } });
    expect(t.store.audit.list({ action: 'inventory.import' })).toHaveLength(2);
  });

  it('a key list (no scopes) renames but keeps the scopes on record', async () => {
    await importFile(fixture('api-key-result.json'));
    importText(JSON.stringify({ result: [{ name: 'Renamed in SendGrid', api_key_id: HOPE }] }));
    expect(t.keys.get(t.owner(), HOPE)).toMatchObject({ name: 'Renamed in SendGrid', scopes: ['alerts.create', 'alerts.read', 'mail.send', 'mail_settings.bounce_purge.read'] });
  });

  it('skips keys deleted here before, and says so', async () => {
    await importFile(fixture('api-keys-list.json'));
    t.keys.remove(t.owner(), HOPE);
    const result = await importFile(fixture('api-keys-list.json'));
    expect(result).toMatchObject({ added: [], skipped_deleted: [{ api_key_id: HOPE, name: 'A New Hope' }], unchanged: 1 });
    expect(t.store.keys.find(HOPE)!.deleted_at).not.toBeNull();
  });
});

describe('refused files change nothing', () => {
  const cases: [string, string, { field: string | null; message: RegExp }][] = [
    ['invalid JSON', '{\n  "result": [\n    {"name": "a" "api_key_id": "x"}\n  ]\n}', { field: 'file', message: /not valid JSON at line 3, column 18/ }],
    ['truncated JSON', '{"result": [{"name": "a", ', { field: 'file', message: /ends too early/ }],
    ['empty file', '  \n', { field: 'file', message: /empty/ }],
    ['a missing name', JSON.stringify({ result: [{ name: 'ok', api_key_id: HOPE }, { api_key_id: MAIL }] }), { field: 'result[1].name', message: /missing required argument/ }],
    ['a bad API Key ID', JSON.stringify({ result: [{ name: 'a', api_key_id: 'some-apikey-id' }] }), { field: 'result[0].api_key_id', message: /22-character API Key ID/ }],
    ['scopes that are not a list', JSON.stringify({ api_key_id: HOPE, name: 'a', scopes: 'mail.send' }), { field: 'scopes', message: /list of scope strings/ }],
    ['a scope with spaces', JSON.stringify({ api_key_id: HOPE, name: 'a', scopes: ['"mail.send"'] }), { field: 'scopes[0]', message: /scope string/ }],
    ['a control character in a name', JSON.stringify({ api_key_id: HOPE, name: 'a\u202Eb' }), { field: 'name', message: /control or text-direction/ }],
    ['the same key twice', JSON.stringify({ result: [{ name: 'a', api_key_id: HOPE }, { name: 'b', api_key_id: HOPE }] }), { field: 'result[1].api_key_id', message: /listed twice \(also at result\[0\]\)/ }],
    ['a bad line among responses', `${JSON.stringify({ api_key_id: HOPE, name: 'a' })}\n{"api_key_id": oops}\n`, { field: 'file', message: /^line 2: not valid JSON$/ }],
    ['a bad key on line 2', `${JSON.stringify({ api_key_id: HOPE, name: 'a' })}\n${JSON.stringify({ api_key_id: MAIL, name: '' })}\n`, { field: 'name', message: /^line 2: missing required argument/ }],
    ['something else entirely', JSON.stringify({ users: [1, 2] }), { field: 'file', message: /expected SendGrid's key objects/ }],
    ['a broken line among responses', `${JSON.stringify({ api_key_id: HOPE, name: 'a' })}\n{"api_key_id": "${MAIL}",}\n`, { field: 'file', message: /^line 2: not valid JSON at column 41$/ }],
    ['a bare number', '42', { field: 'file', message: /expected SendGrid's key objects/ }],
  ];

  for (const [what, text, expected] of cases) {
    it(`a file with ${what}`, async () => {
      await importFile(fixture('api-key-flat.json')); // something to keep
      const before = snapshot(t.store);
      const error = await rejection(() => importFile(writeTemp('bad.json', text)));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.errors[0]).toEqual({ field: expected.field, message: expect.stringMatching(expected.message) });
      expect(snapshot(t.store)).toEqual(before);
    });
  }

  it('a scope list like one already accepted, one scope apart, is still checked scope by scope', async () => {
    const good = ['mail.send', 'stats.read'];
    await importText(JSON.stringify({ result: [{ api_key_id: HOPE, name: 'a', scopes: good }] }));
    const before = snapshot(t.store);
    const bad = JSON.stringify({ result: [{ api_key_id: MAIL, name: 'b', scopes: good }, { api_key_id: issueKey().id, name: 'c', scopes: ['mail.send', 'stats read'] }] });
    const error = await rejection(() => importText(bad));
    expect(error.errors).toEqual([{ field: 'result[1].scopes[1]', message: expect.stringMatching(/scope string/) }]);
    expect(snapshot(t.store)).toEqual(before);
  });

  it('keys that share a scope list each get it, sorted, with its access type', async () => {
    const listed = ['stats.read', 'mail.send', 'mail.send'];
    const ids = [issueKey().id, issueKey().id, issueKey().id];
    await importText(JSON.stringify({ result: [...ids.map((api_key_id, i) => ({ api_key_id, name: `k${i}`, scopes: [...listed] })), { api_key_id: HOPE, name: 'billing', scopes: ['billing.read'] }] }));
    for (const id of ids) expect(t.keys.get(t.owner(), id)).toMatchObject({ scopes: ['mail.send', 'stats.read'], access_type: 'restricted' });
    expect(t.keys.get(t.owner(), HOPE)).toMatchObject({ scopes: ['billing.read'], access_type: 'billing' });
  });

  it('a file that is not UTF-8 text, or not there', async () => {
    const before = snapshot(t.store);
    expect((await rejection(() => importFile(writeTemp('latin1.json', '')))).errors[0]!.message).toMatch(/empty/);
    writeFileSync(join(t.dir, 'bin.json'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect((await rejection(() => importFile(join(t.dir, 'bin.json')))).errors[0]!.message).toMatch(/not UTF-8/);
    expect((await rejection(() => importFile(join(t.dir, 'nowhere.json')))).errors[0]).toEqual({ field: 'file', message: expect.stringMatching(/no such file/) });
    expect(snapshot(t.store)).toEqual(before);
  });

  it('never quotes the file in an error: it may hold a secret', async () => {
    const secret = issueKey().apiKey;
    for (const text of [`{"api_key": "${secret}" x}`, `{"api_key": ${secret}}`, `[${secret}]`]) {
      const error = await rejection(() => importFile(writeTemp('secret.json', text)));
      expect(JSON.stringify(error.toBody())).not.toContain(secret.split('.')[2]!.slice(0, 8));
      expect(error.message).not.toContain(secret.split('.')[2]!.slice(0, 8));
    }
  });

  it('a key that belongs to another account: named, and nothing imported', async () => {
    addAccount(t.store, 'subuser');
    await importFile(fixture('api-key-flat.json'), 'subuser');
    const before = snapshot(t.store);
    const error = await rejection(() => importFile(fixture('api-keys-per-line.jsonl')));
    expect(error.code).toBe('CONFLICT');
    expect(error.errors).toEqual([{ field: 'api_key_id', message: `API Key ID ${MAIL} already belongs to account "subuser"` }]);
    expect(snapshot(t.store)).toEqual(before);
  });

  it('a change to a key issued here: those change through keys update, never by import', () => {
    const issued = t.keys.create(t.owner(), { name: 'issued', scopes: ['mail.send'] });
    const before = snapshot(t.store);
    expect(() => importText(JSON.stringify({ api_key_id: issued.api_key_id, name: 'issued', scopes: ['mail.send', 'api_keys.create'] }))).toThrow(
      /was issued by this store/,
    );
    expect(snapshot(t.store)).toEqual(before);
    expect(importText(JSON.stringify({ api_key_id: issued.api_key_id, name: 'issued', scopes: ['mail.send'] })).unchanged).toBe(1);
  });

  it('needs api_keys.create and api_keys.update', async () => {
    const key = t.keys.create(t.owner(), { name: 'creator', scopes: ['api_keys.create', 'api_keys.read'] });
    const before = snapshot(t.store);
    await expect(
      importInventoryFile(t.store, fixture('api-key-flat.json'), { caller: t.asKey(key.api_key_id, ['api_keys.create', 'api_keys.read']) }),
    ).rejects.toThrow(/access forbidden/);
    expect(snapshot(t.store)).toEqual(before);
  });
});

describe('Keydesk exports', () => {
  async function exported(): Promise<string> {
    t.keys.create(t.owner(), { name: 'one', scopes: ['mail.send'] });
    t.keys.create(t.owner(), { name: 'two', scopes: ['stats.read'] });
    const result = await exportInventory(t.store, { path: join(t.dir, 'export.json') }, { format: 'json', caller: t.owner(), clock: t.clock });
    return readFileSync(result.path!, 'utf8');
  }

  /** The export, imported into a fresh account so only the file's own checks can stop it. */
  async function importEdited(text: string) {
    addAccount(t.store, 'fresh');
    const before = snapshot(t.store);
    const error = await rejection(() => importFile(writeTemp('edited.json', text), 'fresh'));
    expect(snapshot(t.store)).toEqual(before);
    return error.errors[0];
  }

  it('refuses an edited export: the keys no longer match body_sha256', async () => {
    const text = (await exported()).replace('"name":"one"', '"name":"uno"');
    expect(await importEdited(text)).toEqual({ field: 'header.body_sha256', message: expect.stringMatching(/edited or is incomplete/) });
  });

  it('refuses an export with a key cut out', async () => {
    const lines = (await exported()).split('\n');
    const cut = [...lines.slice(0, 3), lines[3]!.replace(/,$/, ''), ...lines.slice(5)].join('\n');
    expect(await importEdited(cut)).toEqual({ field: 'header.key_count', message: expect.stringMatching(/says 2 keys but the file holds 1/) });
  });

  it('refuses an export from another tool, naming the field', async () => {
    const text = (await exported()).replace('"tool":"keydesk"', '"tool":"other"');
    expect((await importEdited(text))!.field).toBe('header.tool');
  });

  it('refuses an export with a bad key, naming it', async () => {
    const text = (await exported()).replace(/"created_at":"[^"]+"/, '"created_at":"yesterday"');
    expect(await importEdited(text)).toEqual({ field: 'keys[0].created_at', message: expect.stringMatching(/ISO-8601/) });
  });
});
