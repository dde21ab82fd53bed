/** Leak check over a real temp tree: live, deleted, imported and unknown keys; what is skipped. */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueKey } from '../../../main/core/key-format.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { checkLeaks, findKeyShapedText, type LeakCheckOptions } from '../../../main/services/leak-check.ts';
import { addAccount, openTempStore, tempDir, type TempStore } from '../../helpers/temp-store.ts';
import type { CreatedKey } from '../../../common/key-results.ts';

let t: TempStore;
let tree: string;
let outside: string;
beforeEach(() => {
  t = openTempStore();
  tree = join(t.dir, 'repo');
  outside = tempDir('keydesk-outside-');
  mkdirSync(tree);
});
afterEach(() => {
  t.close();
  rmSync(outside, { recursive: true, force: true });
});

function put(path: string, content: string | Buffer): void {
  mkdirSync(join(tree, path, '..'), { recursive: true });
  writeFileSync(join(tree, path), content);
}

const scan = (options: Partial<LeakCheckOptions> = {}) => checkLeaks(t.store, tree, { caller: t.owner(), clock: t.clock, ...options });
const secretOf = (key: string) => key.split('.')[2]!;

describe('leak check', () => {
  let live: CreatedKey;
  let deleted: CreatedKey;
  const unknown = issueKey().apiKey;
  const importedId = 'qfTQ6KG0QBiwWdJ0-pCLCA';

  beforeEach(() => {
    live = t.keys.create(t.owner(), { name: 'Prod mailer', scopes: ['mail.send'] });
    deleted = t.keys.create(t.owner(), { name: 'Old mailer', scopes: ['mail.send'] });
    t.keys.remove(t.owner(), deleted.api_key_id);
    importInventory(t.store, parseInventory(Buffer.from(JSON.stringify({ api_key_id: importedId, name: 'In SendGrid', scopes: ['mail.send'] }))), {
      caller: t.owner(),
      clock: t.clock,
    });
  });

  it('finds planted keys and tells live, deleted, imported and unknown apart', async () => {
    put('src/config.js', `export const key = '${live.api_key}';\n`);
    put('deploy/.env', `# old\nSENDGRID_API_KEY=${deleted.api_key}\n`);
    put('notes/keys.md', `first\nsecond\n  token: "${unknown}"\nimported: ${issueKey(importedId).apiKey}\n`);
    put('README.md', 'no keys here, only SG.short.strings\n');

    const report = await scan();
    expect(report.files_scanned).toBe(4);
    expect(report.hits).toEqual([
      { file: join('deploy', '.env'), line: 2, column: 18, api_key_id: deleted.api_key_id, account: 'default', name: 'Old mailer', status: 'deleted', redacted: `SG.${deleted.api_key_id}.…` },
      { file: join('notes', 'keys.md'), line: 3, column: 11, api_key_id: unknown.split('.')[1], account: null, name: null, status: 'unknown', redacted: `SG.${unknown.split('.')[1]}.…` },
      { file: join('notes', 'keys.md'), line: 4, column: 11, api_key_id: importedId, account: 'default', name: 'In SendGrid', status: 'imported', redacted: `SG.${importedId}.…` },
      { file: join('src', 'config.js'), line: 1, column: 21, api_key_id: live.api_key_id, account: 'default', name: 'Prod mailer', status: 'live', redacted: `SG.${live.api_key_id}.…` },
    ]);
  });

  it('never reports the secret part', async () => {
    put('a.txt', `${live.api_key}\n${deleted.api_key}\n${unknown}\n`);
    const text = JSON.stringify(await scan());
    for (const key of [live.api_key, deleted.api_key, unknown]) expect(text).not.toContain(secretOf(key));
  });

  it('says wrong_secret for a known ID with a secret that is not its own', async () => {
    put('a.txt', issueKey(live.api_key_id).apiKey);
    expect((await scan()).hits.map((h) => h.status)).toEqual(['wrong_secret']);
  });

  it('says retired for a secret replaced by a roll whose grace period is over', async () => {
    const rolled = issueKey(live.api_key_id);
    const past = new Date(t.clock.now().getTime() - 1000).toISOString();
    t.store.write(() => t.store.keys.rollSecret(live.api_key_id, rolled.digest, past));
    put('a.txt', live.api_key);
    expect((await scan()).hits.map((h) => h.status)).toEqual(['retired']);
  });

  it("says disabled or expired for a key's own secret, as verify does, and live again once it works", async () => {
    put('a.txt', live.api_key);
    const status = async () => (await scan()).hits.map((h) => h.status);
    t.lifecycle.disable(t.owner(), live.api_key_id);
    expect(t.verifier.verify(live.api_key)).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await status()).toEqual(['disabled']);
    t.lifecycle.enable(t.owner(), live.api_key_id);
    t.lifecycle.setExpiry(t.owner(), live.api_key_id, new Date(t.clock.now().getTime() + 60_000).toISOString());
    t.clock.advance(120_000);
    expect(t.verifier.verify(live.api_key)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await status()).toEqual(['expired']);
    t.lifecycle.setExpiry(t.owner(), live.api_key_id, null);
    expect(await status()).toEqual(['live']);
  });

  it('does not follow a symlink that points outside the tree', async () => {
    writeFileSync(join(outside, 'secrets.env'), `KEY=${live.api_key}\n`);
    symlinkSync(outside, join(tree, 'linked-folder'));
    symlinkSync(join(outside, 'secrets.env'), join(tree, 'linked.env'));
    const report = await scan();
    expect(report.hits).toEqual([]);
    expect(report.skipped).toEqual([
      { path: 'linked-folder', reason: 'symlink' },
      { path: 'linked.env', reason: 'symlink' },
    ]);
  });

  it('skips binary and oversized files', async () => {
    put('image.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]), Buffer.from(live.api_key)]));
    put('big.log', `${'x'.repeat(2000)}\n${live.api_key}\n`);
    put('small.txt', deleted.api_key);
    const report = await scan({ maxFileBytes: 1000 });
    expect(report.hits.map((h) => h.status)).toEqual(['deleted']);
    expect(report.skipped).toEqual([
      { path: 'big.log', reason: 'too_large' },
      { path: 'image.png', reason: 'binary' },
    ]);
  });

  it('leaves .git and node_modules out unless asked', async () => {
    put('.git/config', `[sendgrid]\n\tkey = ${live.api_key}\n`);
    put('node_modules/pkg/index.js', `'${live.api_key}'`);
    const report = await scan();
    expect(report.hits).toEqual([]);
    expect(report.skipped.map((s) => s.reason)).toEqual(['ignored_folder', 'ignored_folder']);
    const all = await scan({ scanIgnoredFolders: true });
    expect(all.hits.map((h) => [h.file, h.status])).toEqual([
      [join('.git', 'config'), 'live'],
      [join('node_modules', 'pkg', 'index.js'), 'live'],
    ]);
  });

  it('scans a single file', async () => {
    put('one.env', `KEY=${live.api_key}`);
    const report = await checkLeaks(t.store, join(tree, 'one.env'), { caller: t.owner() });
    expect(report.hits).toMatchObject([{ file: join(tree, 'one.env'), line: 1, status: 'live' }]);
  });

  it('as a key, sees only its own account', async () => {
    addAccount(t.store, 'subuser');
    const reader = t.keys.create(t.owner('subuser'), { name: 'reader', scopes: ['api_keys.read'] });
    put('a.txt', live.api_key);
    const report = await scan({ caller: t.asKey(reader.api_key_id, ['api_keys.read'], 'subuser') });
    expect(report.hits).toMatchObject([{ status: 'unknown', account: null, name: null }]);
  });

  it('refuses a path that does not exist', async () => {
    await expect(checkLeaks(t.store, join(tree, 'nowhere'), { caller: t.owner() })).rejects.toMatchObject({
      errors: [{ field: 'path', message: expect.stringMatching(/no such file or folder/) }],
    });
  });

  it('reports progress per file', async () => {
    for (let i = 0; i < 5; i++) put(`f${i}.txt`, 'nothing');
    const calls: [number, number][] = [];
    await scan({ onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([[0, 5], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
  });
});

describe("gitleaks' SendGrid shape", () => {
  const key = issueKey().apiKey;

  it('finds keys wherever a quote, space, semicolon, escape or line end closes them', () => {
    const text = [`"${key}"`, `k=${key};`, `'${key}\\n'`, `${key}`, `url?key=${key}&x=1`, `x ${key}`].join('\n');
    expect(findKeyShapedText(text).map((f) => [f.line, f.column])).toEqual([
      [1, 2],
      [2, 3],
      [3, 2],
      [4, 1],
      [5, 9],
      [6, 3],
    ]);
  });

  it('ignores longer runs and keys glued to a word', () => {
    expect(findKeyShapedText(`${key}A`)).toEqual([]);
    expect(findKeyShapedText(`xSG.${key.slice(3)}`)).toEqual([]);
    expect(findKeyShapedText('SG.too.short')).toEqual([]);
  });

  it("reports gitleaks-shaped text that is not a whole key as unknown, without an ID", async () => {
    const odd = `SG.${'a'.repeat(30)}.${'b'.repeat(35)}`; // 66 characters after SG., dots elsewhere
    expect(findKeyShapedText(odd)).toHaveLength(1);
    put('odd.txt', odd);
    expect((await scan()).hits).toMatchObject([{ api_key_id: null, status: 'unknown', redacted: 'SG.…' }]);
  });
});
