/** Inventory export: valid CSV and checkable JSON, never a secret, atomic, audit-logged. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../common/catalog.ts';
import { levelsOfScopes, scopesForLevels } from '../../../common/permissions.ts';
import { CSV_COLUMNS, exportInventory } from '../../../main/services/inventory-export.ts';
import { bodySha256, type ExportFilter } from '../../../main/services/inventory.ts';
import { parseInventory } from '../../../main/services/inventory-file.ts';
import { importInventory } from '../../../main/services/inventory-import.ts';
import { openTempStore, snapshot, type TempStore } from '../../helpers/temp-store.ts';
import type { ExportFormat } from '../../../common/inventory.ts';
import type { CreatedKey } from '../../../common/key-results.ts';

const DAY = 86_400_000;
let t: TempStore;
beforeEach(() => (t = openTempStore()));
afterEach(() => t.close());

const exportTo = (file: string, format: ExportFormat, onProgress?: (done: number, total: number) => void) =>
  exportInventory(t.store, { path: join(t.dir, file) }, { format, caller: t.owner(), clock: t.clock, ...(onProgress ? { onProgress } : {}) });

/** A store with keys in every state an export has to describe. */
function populate(): { created: CreatedKey[]; listedId: string } {
  const used = t.keys.create(t.owner(), { name: 'Prod mailer, "EU"', scopes: scopesForLevels({ mail_send: 'full', stats: 'read' }) });
  const full = t.keys.create(t.owner(), { name: '=HYPERLINK("http://evil")' });
  const custom = t.keys.create(t.owner(), { name: 'custom', scopes: ['alerts.create', 'mail.send'] });
  const disabled = t.keys.create(t.owner(), { name: 'disabled', scopes: ['stats.read'] });
  const gone = t.keys.create(t.owner(), { name: 'deleted', scopes: ['mail.send'] });
  t.verifier.verify(used.api_key);
  t.store.write(() => t.store.keys.update(disabled.api_key_id, { disabled_at: t.clock.now().toISOString() }));
  t.store.write(() => t.store.keys.update(custom.api_key_id, { expires_at: new Date(t.clock.now().getTime() + DAY).toISOString() }));
  t.keys.remove(t.owner(), gone.api_key_id);
  const listed = { name: 'listed in SendGrid', api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA' };
  importInventory(t.store, parseInventory(Buffer.from(JSON.stringify({ result: [listed] }))), { caller: t.owner(), clock: t.clock });
  t.clock.advance(2 * DAY); // the custom key has expired by export time
  return { created: [used, full, custom, disabled, gone], listedId: listed.api_key_id };
}

const secretsOf = (keys: CreatedKey[]) => keys.flatMap((k) => [k.api_key, k.api_key.split('.')[2]!]);

describe('CSV export', () => {
  it('parses back as CSV: one row per live key, a column per category, explicit sentinels', async () => {
    const { created, listedId } = populate();
    const result = await exportTo('keys.csv', 'csv');
    const text = readFileSync(join(t.dir, 'keys.csv'), 'utf8');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const header = (parse(text, { to_line: 1 }) as string[][])[0];
    expect(header).toEqual(CSV_COLUMNS);
    expect(CATEGORIES.every((c) => header!.includes(c.id))).toBe(true);
    expect(result.key_count).toBe(5);
    expect(rows).toHaveLength(5); // the deleted key is not listed

    const row = (id: string) => rows.find((r) => r.api_key_id === id)!;
    const [used, full, custom, disabled] = created;
    expect(row(used!.api_key_id)).toMatchObject({
      account: 'default',
      name: 'Prod mailer, "EU"',
      last4: used!.api_key.slice(-4),
      access_type: 'restricted',
      mail_send: 'full',
      stats: 'read',
      alerts: 'none',
      scope_count: String(used!.scopes.length),
      last_used_at: '2026-01-15T09:00:00.000Z',
      expires_at: 'N/A',
      status: 'active',
      origin: 'issued',
    });
    expect(row(full!.api_key_id)).toMatchObject({ access_type: 'full', billing: 'none', last_used_at: 'never_used' });
    const customLevels = levelsOfScopes(custom!.scopes);
    expect(row(custom!.api_key_id)).toMatchObject({ alerts: customLevels.alerts, mail_send: 'custom', status: 'expired' });
    expect(row(disabled!.api_key_id).status).toBe('disabled');
    // Imported from SendGrid's list, which omits scopes: its access is unknown, never "none".
    expect(row(listedId)).toMatchObject({ last4: 'N/A', last_used_at: 'no_information', origin: 'imported', access_type: 'unknown', scope_count: 'unknown' });
    expect(CATEGORIES.map((c) => row(listedId)[c.id])).toEqual(CATEGORIES.map(() => 'unknown'));
  });

  it('holds no secret', async () => {
    const { created } = populate();
    await exportTo('keys.csv', 'csv');
    const text = readFileSync(join(t.dir, 'keys.csv'), 'utf8');
    for (const secret of secretsOf(created)) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/SG\./);
  });

  it('makes names that a spreadsheet would run as formulas plain text', async () => {
    const { created } = populate();
    await exportTo('keys.csv', 'csv');
    const rows = parse(readFileSync(join(t.dir, 'keys.csv')), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.api_key_id === created[1]!.api_key_id)!.name).toBe(`'=HYPERLINK("http://evil")`);
  });
});

describe('JSON export', () => {
  it('has a header a reader can check the keys against, and every scope', async () => {
    const { created } = populate();
    const head = t.store.audit.head();
    await exportTo('keys.json', 'json');
    const doc = JSON.parse(readFileSync(join(t.dir, 'keys.json'), 'utf8'));
    // The log's head before the export's own entry, which follows it: a witness for `log --verify --against`.
    expect(t.store.audit.list({ action: 'inventory.export' })[0]!.seq).toBe(head.seq + 1);
    expect(doc.header).toEqual({
      tool: 'keydesk',
      version: JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version,
      exported_at: t.clock.now().toISOString(),
      account: 'default',
      key_count: 5,
      body_sha256: createHash('sha256').update(JSON.stringify(doc.keys)).digest('hex'),
      audit_head: { seq: head.seq, hash: head.hash },
    });
    expect(head.seq).toBeGreaterThan(0);
    expect(doc.keys.map((k: { name: string }) => k.name).sort()).toEqual(
      ['Prod mailer, "EU"', '=HYPERLINK("http://evil")', 'custom', 'disabled', 'listed in SendGrid'].sort(),
    );
    const full = doc.keys.find((k: { api_key_id: string }) => k.api_key_id === created[1]!.api_key_id);
    expect(full).toMatchObject({ access_type: 'full', scopes: created[1]!.scopes, last4: created[1]!.api_key.slice(-4), status: 'active' });
    const text = readFileSync(join(t.dir, 'keys.json'), 'utf8');
    for (const secret of secretsOf(created)) expect(text).not.toContain(secret);
  });

  it('says a key\'s scopes are unknown (null, with its access type) rather than listing none', async () => {
    const { listedId } = populate();
    await exportTo('keys.json', 'json');
    const doc = JSON.parse(readFileSync(join(t.dir, 'keys.json'), 'utf8'));
    expect(doc.keys.find((k: { api_key_id: string }) => k.api_key_id === listedId)).toMatchObject({ access_type: null, scopes: null, last4: null });
    // ...and reading it back keeps them unknown: a diff does not report every scope as lost.
    expect(parseInventory(readFileSync(join(t.dir, 'keys.json'))).entries.find((e) => e.api_key_id === listedId)?.scopes).toBeNull();
  });

  it('computes body_sha256 the way the header documents it', () => {
    const keys = [{ a: 1 }, { b: 'two' }];
    expect(bodySha256(keys.map((k) => JSON.stringify(k)))).toBe(createHash('sha256').update(JSON.stringify(keys)).digest('hex'));
    expect(bodySha256([])).toBe(createHash('sha256').update('[]').digest('hex'));
  });
});

describe('round trip', () => {
  it("export → import into another store → export gives the same bytes apart from the header's time and audit head", async () => {
    populate();
    const first = await exportTo('first.json', 'json');
    const other = openTempStore();
    try {
      other.clock.advance(30 * DAY);
      const file = parseInventory(readFileSync(first.path!));
      const imported = importInventory(other.store, file, { caller: other.owner(), clock: other.clock });
      expect(imported.added).toHaveLength(5);
      const again = await exportInventory(other.store, { path: join(other.dir, 'again.json') }, { format: 'json', caller: other.owner(), clock: other.clock });
      const withoutTime = (path: string) => readFileSync(path, 'utf8').replace(/"exported_at":"[^"]+"/, '"exported_at":""');
      const withoutHead = (text: string) => text.replace(/"audit_head":\{"seq":\d+,"hash":"[0-9a-f]{64}"\}/, '"audit_head":{}');
      expect(withoutHead(withoutTime(again.path!))).toBe(withoutHead(withoutTime(first.path!)));
      expect(withoutTime(again.path!)).not.toBe(withoutTime(first.path!)); // each store's own head
    } finally {
      other.close();
    }
  });

  it('importing an export back into its own store changes nothing', async () => {
    populate();
    const exported = await exportTo('keys.json', 'json');
    const before = snapshot(t.store);
    const result = importInventory(t.store, parseInventory(readFileSync(exported.path!)), { caller: t.owner(), clock: t.clock });
    expect(result).toMatchObject({ added: [], updated: [], unchanged: 5 });
    expect(snapshot(t.store)).toEqual(before);
  });
});

describe('every account, and filters', () => {
  const exportWith = (file: string, format: ExportFormat, options: { allAccounts?: boolean; filter?: ExportFilter }) =>
    exportInventory(t.store, { path: join(t.dir, file) }, { format, caller: t.owner(), clock: t.clock, ...options });

  it('--all-accounts: every account\'s keys in one file, each naming its account; an import refuses it', async () => {
    populate();
    t.accounts.create(t.owner(), { name: 'marketing', parent: null });
    const other = t.keys.create(t.owner('marketing'), { name: 'newsletter', scopes: ['mail.send'] });
    const csv = await exportWith('all.csv', 'csv', { allAccounts: true });
    const rows = parse(readFileSync(csv.path!, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.api_key_id === other.api_key_id)?.account).toBe('marketing');
    expect(rows.filter((r) => r.account === 'default')).toHaveLength(5);

    const json = await exportWith('all.json', 'json', { allAccounts: true });
    const doc = JSON.parse(readFileSync(json.path!, 'utf8'));
    expect(doc.header).toMatchObject({ account: null, key_count: 6 });
    expect(doc.keys.find((k: { api_key_id: string }) => k.api_key_id === other.api_key_id)).toMatchObject({ account: 'marketing', name: 'newsletter' });
    expect(() => parseInventory(readFileSync(json.path!))).toThrow(/every account's keys .*import one account's export/);
    const logged = t.store.audit.list({ action: 'inventory.export' }).at(-1)!;
    expect(logged.after).toMatchObject({ all_accounts: true, key_count: 6 });
  });

  it('--all-accounts is the owner\'s: a key holding api_keys.read is refused, and nothing is written', async () => {
    const key = t.keys.create(t.owner(), { name: 'reader', scopes: ['api_keys.read'] });
    await expect(
      exportInventory(t.store, { path: join(t.dir, 'x.csv') }, { format: 'csv', caller: t.asKey(key.api_key_id, ['api_keys.read']), allAccounts: true }),
    ).rejects.toThrow(/access forbidden/);
    expect(existsSync(join(t.dir, 'x.csv'))).toBe(false);
  });

  it('filters by status, access type and origin; a JSON header says which keys it holds', async () => {
    const { created, listedId } = populate();
    const ids = async (filter: ExportFilter) => {
      const result = await exportWith('f.csv', 'csv', { filter });
      return (parse(readFileSync(result.path!, 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => r.api_key_id).sort();
    };
    const [used, full, custom, disabled] = created.map((k) => k.api_key_id);
    expect(await ids({ status: 'disabled' })).toEqual([disabled]);
    expect(await ids({ status: 'expired' })).toEqual([custom]);
    expect(await ids({ origin: 'imported' })).toEqual([listedId]);
    expect(await ids({ access: 'full' })).toEqual([full]);
    // The imported key's scopes are unknown: it is not counted as restricted.
    expect(await ids({ access: 'restricted' })).toEqual([used, custom, disabled].sort());
    expect(await ids({ status: 'active', origin: 'issued' })).toEqual([used, full].sort());

    const json = await exportWith('f.json', 'json', { filter: { status: 'active', access: 'full' } });
    const doc = JSON.parse(readFileSync(json.path!, 'utf8'));
    expect(doc.header).toMatchObject({ account: 'default', filter: { status: 'active', access: 'full' }, key_count: 1 });
    expect(parseInventory(readFileSync(json.path!)).entries.map((e) => e.api_key_id)).toEqual([full]);
  });
});

describe('writing', () => {
  it('audit-logs each export with the SHA-256 of the bytes written', async () => {
    populate();
    const result = await exportTo('keys.csv', 'csv');
    const bytes = readFileSync(join(t.dir, 'keys.csv'));
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.bytes).toBe(bytes.length);
    const entry = t.store.audit.list({ action: 'inventory.export' }).at(-1);
    expect(entry).toMatchObject({ actor: 'owner', key_id: null, before: null, after: { format: 'csv', key_count: 5, sha256: result.sha256 } });
    expect(t.store.audit.verifyChain().intact).toBe(true);
  });

  it('writes to a stream (stdout) the same bytes, also audit-logged', async () => {
    populate();
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const result = await exportInventory(t.store, { stream: sink }, { format: 'json', caller: t.owner(), clock: t.clock });
    const fileResult = await exportTo('keys.json', 'json');
    // Apart from the head, which the stream export's own entry moved on by one.
    const streamed = Buffer.concat(chunks).toString('utf8');
    const [, seq] = /"audit_head":\{"seq":(\d+)/.exec(streamed)!;
    const next = t.store.audit.list({ action: 'inventory.export' })[0]!;
    expect(next.seq).toBe(Number(seq) + 1);
    expect(readFileSync(fileResult.path!, 'utf8')).toBe(streamed.replace(/"audit_head":\{[^}]+\}/, `"audit_head":{"seq":${next.seq},"hash":"${next.hash}"}`));
    expect(result).toMatchObject({ path: null, sha256: createHash('sha256').update(streamed).digest('hex') });
    expect(t.store.audit.list({ action: 'inventory.export' })).toHaveLength(2);
  });

  it('replaces an existing file whole and leaves no temp file', async () => {
    populate();
    writeFileSync(join(t.dir, 'keys.csv'), 'old contents');
    await exportTo('keys.csv', 'csv');
    expect(readFileSync(join(t.dir, 'keys.csv'), 'utf8')).toMatch(/^account,api_key_id,/);
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes no file when the audit entry cannot be written, and keeps the old one', async () => {
    populate();
    writeFileSync(join(t.dir, 'keys.json'), 'previous export');
    const before = snapshot(t.store);
    // Another process holds the write lock for longer than we wait.
    t.store.db.pragma('busy_timeout = 50');
    const other = new BetterSqlite3(t.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(exportTo('keys.json', 'json')).rejects.toThrow();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(readFileSync(join(t.dir, 'keys.json'), 'utf8')).toBe('previous export');
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(snapshot(t.store)).toEqual(before);
  });

  it('names the path when it cannot be written, changing nothing', async () => {
    populate();
    mkdirSync(join(t.dir, 'a-folder'));
    const before = snapshot(t.store);
    await expect(exportTo('missing/keys.csv', 'csv')).rejects.toMatchObject({ errors: [{ field: 'path', message: expect.stringMatching(/folder does not exist/) }] });
    await expect(exportTo('a-folder', 'csv')).rejects.toMatchObject({ errors: [{ field: 'path', message: expect.stringMatching(/is a folder/) }] });
    expect(snapshot(t.store)).toEqual(before);
    expect(existsSync(join(t.dir, 'missing'))).toBe(false);
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to write over the key store itself', async () => {
    populate();
    const before = snapshot(t.store);
    for (const path of [t.path, `${t.path}-wal`]) {
      await expect(exportInventory(t.store, { path }, { format: 'csv', caller: t.owner() })).rejects.toMatchObject({
        errors: [{ field: 'path', message: expect.stringMatching(/it is the key store itself/) }],
      });
    }
    expect(snapshot(t.store)).toEqual(before);
  });

  it('reports progress from 0 to the key count', async () => {
    const result = Array.from({ length: 250 }, (_, i) => ({ api_key_id: `key${String(i).padStart(19, '0')}`, name: `k${i}`, scopes: ['mail.send'] }));
    importInventory(t.store, parseInventory(Buffer.from(JSON.stringify({ result }))), { caller: t.owner(), clock: t.clock });
    for (const format of ['csv', 'json'] as const) {
      const calls: [number, number][] = [];
      await exportTo(`keys.${format}`, format, (done, total) => calls.push([done, total]));
      expect(calls[0]).toEqual([0, 250]);
      expect(calls.at(-1)).toEqual([250, 250]);
      expect(calls.every(([done], i) => i === 0 || done > calls[i - 1]![0])).toBe(true);
      expect(calls.length).toBeLessThanOrEqual(102);
    }
  });

  it('needs api_keys.read', async () => {
    const key = t.keys.create(t.owner(), { name: 'sender', scopes: ['mail.send'] });
    await expect(
      exportInventory(t.store, { path: join(t.dir, 'x.csv') }, { format: 'csv', caller: t.asKey(key.api_key_id, ['mail.send']) }),
    ).rejects.toThrow(/access forbidden/);
    expect(existsSync(join(t.dir, 'x.csv'))).toBe(false);
  });
});
