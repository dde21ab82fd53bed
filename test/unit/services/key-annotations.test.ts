/** Owners, purposes and tags: kept apart from key rows, so imports and pulls keep them; findings; export columns. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../common/durations.ts';
import type { KeydeskError } from '../../../common/errors.ts';
import { exportInventory } from '../../../main/services/inventory-export.ts';
import { importInventoryFile } from '../../../main/services/inventory-import.ts';
import { bodySha256 } from '../../../main/services/inventory.ts';
import { pullFromSendGrid } from '../../../main/services/sendgrid-pull.ts';
import { standInKey, startStandIn } from '../../helpers/sendgrid-stand-in.ts';
import { openTempStore, snapshot, type TempStore } from '../../helpers/temp-store.ts';

const FIXTURES = new URL('../../fixtures/sendgrid/', import.meta.url);
const HOPE = 'qfTQ6KG0QBiwWdJ0-pCLCA';
const POLICY = { rotationDays: 90, departedOwners: ['Gone@Example.com'] };

let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const importList = (path = new URL('api-keys-list.json', FIXTURES).pathname) => importInventoryFile(t.store, path, { caller: t.owner(), clock: t.clock });
const keyWith = (name: string, scopes = ['mail.send']) => t.keys.create(t.owner(), { name, scopes }).api_key_id;
const rulesOf = (id: string) => t.annotations.findings(t.owner(), POLICY).filter((f) => f.api_key_id === id).map((f) => f.rule);

describe('annotations', () => {
  it('survive re-importing SendGrid’s list and a Keydesk export that renames the key', async () => {
    await importList();
    t.annotations.annotate(t.owner(), [HOPE], { owner: 'ops@example.com', purpose: 'Order mail', add_tags: ['prod'] });
    t.clock.advance(DAY_MS);
    await importList();
    expect(t.annotations.get(t.owner(), HOPE)).toEqual({ owner: 'ops@example.com', purpose: 'Order mail', tags: ['prod'] });

    // A Keydesk export of the account, the key renamed in it, imported back over the same store.
    const file = join(t.dir, 'export.json');
    await exportInventory(t.store, { path: file }, { format: 'json', caller: t.owner(), clock: t.clock });
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { header: { body_sha256: string }; keys: { api_key_id: string; name: string }[] };
    const hope = exported.keys.find((k) => k.api_key_id === HOPE)!;
    expect(hope).toMatchObject({ owner: 'ops@example.com', purpose: 'Order mail', tags: ['prod'], last_review_decision: null });
    hope.name = 'Renamed in the file';
    exported.header.body_sha256 = bodySha256(exported.keys.map((k) => JSON.stringify(k)));
    writeFileSync(file, JSON.stringify(exported));
    await importInventoryFile(t.store, file, { caller: t.owner(), clock: t.clock });
    expect(t.keys.get(t.owner(), HOPE).name).toBe('Renamed in the file');
    expect(t.annotations.get(t.owner(), HOPE)).toEqual({ owner: 'ops@example.com', purpose: 'Order mail', tags: ['prod'] });
  });

  it('are all or nothing: one unknown key, or one bad field, changes nothing and logs nothing', () => {
    const a = keyWith('a');
    const before = snapshot(t.store);
    expect(() => t.annotations.annotate(t.owner(), [a, 'abcdefghijklmnopqrstuv'], { owner: 'ops@example.com' })).toThrow(/unable to find API Key/);
    const bad = (() => {
      try {
        t.annotations.annotate(t.owner(), [a], { owner: 'not an email', purpose: 'x\u202Ey', add_tags: ['ok', 'not ok'] });
      } catch (error) {
        return error as KeydeskError;
      }
      throw new Error('expected a refusal');
    })();
    expect(bad.errors.map((e) => e.field)).toEqual(['owner', 'purpose', 'add_tags']);
    expect(snapshot(t.store)).toEqual(before);
  });

  it('are refused to a key without api_keys.update, and changed by one that holds it', () => {
    const a = keyWith('a');
    expect(() => t.annotations.annotate(t.asKey('reader', ['api_keys.read']), [a], { owner: 'ops@example.com' })).toThrow('access forbidden');
    t.annotations.annotate(t.asKey('editor', ['api_keys.update']), [a], { owner: 'ops@example.com' });
    expect(t.store.audit.list({ action: 'key.annotate' }).map((e) => e.actor)).toEqual(['key:editor']);
  });

  it('go with their account when it is deleted', () => {
    const kept = keyWith('kept');
    t.annotations.annotate(t.owner(), [kept], { owner: 'ops@example.com' });
    t.accounts.create(t.owner(), { name: 'other' });
    const gone = t.keys.create(t.owner('other'), { name: 'gone', scopes: ['mail.send'] }).api_key_id;
    t.annotations.annotate(t.owner('other'), [gone], { owner: 'ops@example.com' });
    t.accounts.remove(t.owner(), 'other', { force: true });
    expect(t.store.db.prepare('SELECT key_id FROM key_annotations').pluck().all()).toEqual([kept]);
  });
});

describe('ownership findings', () => {
  it('name keys without an owner, with an owner who has left (any letter case), and with a secret older than rotationDays', () => {
    const none = keyWith('none');
    const gone = keyWith('gone');
    const fine = keyWith('fine');
    t.annotations.annotate(t.owner(), [gone], { owner: 'gone@example.com' });
    t.annotations.annotate(t.owner(), [fine], { owner: 'ops@example.com' });
    expect([rulesOf(none), rulesOf(gone), rulesOf(fine)]).toEqual([['no_owner'], ['departed_owner'], []]);

    t.clock.advance(90 * DAY_MS);
    expect(rulesOf(fine)).toEqual([]);
    t.clock.advance(DAY_MS);
    expect(rulesOf(fine)).toEqual(['not_rotated']);
    // A roll restarts the count.
    t.lifecycle.roll(t.owner(), fine);
    expect(rulesOf(fine)).toEqual([]);
    expect(t.annotations.findings(t.owner(), POLICY).find((f) => f.rule === 'not_rotated')!.reason).toMatch(/more than 90 days ago/);
  });
});

describe('the inventory export', () => {
  it('adds owner, purpose, tags, last rotation and last review decision as CSV columns', async () => {
    const a = keyWith('a');
    t.clock.advance(DAY_MS);
    t.lifecycle.roll(t.owner(), a);
    t.annotations.annotate(t.owner(), [a], { owner: 'ops@example.com', purpose: '=cmd|calc', add_tags: ['prod', 'mail'] });
    t.reviews.start(t.owner(), { reviewer: 'alice', policy: POLICY });
    t.reviews.decide(t.owner(), { reviewer: 'alice', api_key_id: a, decision: 'keep' });
    t.reviews.close(t.owner(), { reviewer: 'alice' });
    const file = join(t.dir, 'export.csv');
    await exportInventory(t.store, { path: file }, { format: 'csv', caller: t.owner(), clock: t.clock });
    const [header, row] = readFileSync(file, 'utf8').trim().split('\n');
    expect(header!.split(',').slice(-5)).toEqual(['owner', 'purpose', 'tags', 'last_rotated_at', 'last_review_decision']);
    // Free text is made safe for spreadsheets; the last rotation is the roll's time.
    expect(row!.split(',').slice(-5)).toEqual(['ops@example.com', "'=cmd|calc", 'mail prod', t.clock.now().toISOString(), 'keep']);
  });
});

describe('annotations and a re-pull', () => {
  it('survive pulling the account again from SendGrid (a local stand-in), the key renamed and its scopes changed there', async () => {
    const key = standInKey(1, 'Order mail', ['mail.send', 'stats.read']);
    const standIn = await startStandIn({ keys: [key], subusers: {} });
    try {
      const pull = () => pullFromSendGrid(t.store, { caller: t.owner(), apiKey: standIn.key, baseUrl: standIn.url, subusers: false, clock: t.clock });
      await pull();
      t.annotations.annotate(t.owner(), [key.api_key_id], { owner: 'ops@example.com', purpose: 'Order mail', add_tags: ['prod'] });
      standIn.account.keys[0]!.name = 'Order mail (EU)';
      standIn.account.keys[0]!.scopes = ['mail.send'];
      t.clock.advance(DAY_MS);
      await pull();
      expect(t.keys.get(t.owner(), key.api_key_id)).toMatchObject({ name: 'Order mail (EU)', scopes: ['mail.send'] });
      expect(t.annotations.get(t.owner(), key.api_key_id)).toEqual({ owner: 'ops@example.com', purpose: 'Order mail', tags: ['prod'] });
    } finally {
      await standIn.close();
    }
  });
});
