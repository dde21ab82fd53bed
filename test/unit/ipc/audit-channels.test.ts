/**
 * The audit and inventory channels through main's real dispatcher and handlers, over a temp store
 * and real files: thresholds come from the settings, paths from the (scripted) native dialogs, a
 * cancelled dialog changes nothing, long runs push progress events, and no secret ever appears in
 * a result.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueKey } from '../../../main/core/key-format.ts';
import { scopesForLevels } from '../../../common/permissions.ts';
import { exportFileName } from '../../../main/ipc/audit-handlers.ts';
import { exportInventory } from '../../../main/services/inventory-export.ts';
import type { AuditEntryView, Result } from '../../../common/ipc/contract.ts';
import { keyRecordsOf, type KeyColumns } from '../../../common/key-list.ts';
import { appFrame, openIpcHost, type IpcHost } from '../../helpers/ipc-host.ts';
import { snapshot } from '../../helpers/temp-store.ts';
import type { AuditReport } from '../../../common/audit.ts';
import type { DiffResult, ExportResult, ImportResult, LeakReport } from '../../../common/inventory.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/sendgrid/', import.meta.url));
const DAY = 86_400_000;

let host: IpcHost;
beforeEach(() => (host = openIpcHost()));
afterEach(() => host.close());

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const result = (await host.ipc.invoke(channel, appFrame, input)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.errors)}`);
  return result.data;
}
const refusal = (channel: string, input?: unknown) => host.ipc.invoke(channel, appFrame, input) as Promise<Result<never>>;
const create = (name: string, scopes?: readonly string[]) => host.keys.create(host.owner(), { name, ...(scopes ? { scopes } : {}) });
const secretOf = (apiKey: string) => apiKey.split('.')[2]!;
const progressOf = (operation: string) =>
  host.events.filter((e) => e.event === 'operation:progress' && (e.payload as { operation: string }).operation === operation).map((e) => e.payload);

describe('audit:findings', () => {
  it('uses the unusedKeyDays and maxKeyAgeDays settings as thresholds', async () => {
    const used = create('Mailer', ['mail.send']);
    host.verifier.verify(used.api_key);
    host.clock.advance(40 * DAY);

    const defaults = await call<AuditReport>('audit:findings');
    expect(defaults).toMatchObject({ account: 'default', unused_days: 90, max_age_days: 365 });
    expect(defaults.findings.map((f) => f.rule)).not.toContain('unused');
    expect(defaults.findings.map((f) => f.rule)).not.toContain('too_old');

    await call('settings:set', { unusedKeyDays: 30, maxKeyAgeDays: 35 });
    const stricter = await call<AuditReport>('audit:findings');
    expect(stricter).toMatchObject({ unused_days: 30, max_age_days: 35 });
    for (const rule of ['unused', 'too_old'] as const) {
      expect(stricter.findings.find((f) => f.rule === rule)?.keys).toEqual([{ api_key_id: used.api_key_id, name: 'Mailer' }]);
    }
  });

  it('answers the chart figures for the same keys as the findings; an unknown account is refused', async () => {
    create('Everything');
    create('Billing', scopesForLevels({ billing: 'full' }));
    create('Sender', scopesForLevels({ mail_send: 'full', stats: 'read' }));
    const report = await call<AuditReport>('audit:findings', { account: 'default' });
    expect(report.statistics.total).toBe(3);
    expect(report.statistics.by_access_type).toEqual({ full: 1, restricted: 1, billing: 1 });
    expect(report.statistics.full_by_category.find((c) => c.category === 'mail_send')?.keys).toBe(2);
    expect(report.findings.find((f) => f.rule === 'full_access')?.keys.map((k) => k.name)).toEqual(['Everything']);
    expect(await refusal('audit:findings', { account: 'nobody' })).toMatchObject({ ok: false, code: 'NOT_FOUND', errors: [{ field: 'account' }] });
  });
});

describe('inventory:export', () => {
  it('writes the file chosen in the save dialog, pushes progress, and records the export', async () => {
    const key = create('Mailer', ['mail.send']);
    create('Stats', ['stats.read']);
    const path = join(host.dir, 'inventory.json');
    host.dialogAnswers.push(path);

    const result = await call<ExportResult>('inventory:export', { format: 'json' });
    expect(result).toMatchObject({ format: 'json', account: 'default', key_count: 2, path });
    expect(host.dialogRequests).toEqual([{ kind: 'save', title: 'Export key inventory' }]);
    const written = readFileSync(path, 'utf8');
    expect(JSON.parse(written).keys.map((k: { name: string }) => k.name).sort()).toEqual(['Mailer', 'Stats']);
    expect(written).not.toContain(secretOf(key.api_key));
    expect(JSON.stringify(result)).not.toContain(secretOf(key.api_key));

    const progress = progressOf('export');
    expect(progress[0]).toEqual({ operation: 'export', done: 0, total: 2 });
    expect(progress.at(-1)).toEqual({ operation: 'export', done: 2, total: 2 });
    expect(host.store.audit.list({ action: 'inventory.export' })).toHaveLength(1);
  });

  it('changes nothing and answers null when the dialog is cancelled', async () => {
    create('Mailer', ['mail.send']);
    const before = snapshot(host.store);
    expect(await call('inventory:export', { format: 'csv' })).toBeNull();
    expect(snapshot(host.store)).toEqual(before);
    expect(progressOf('export')).toEqual([]);
  });

  it('refuses an unknown format before any dialog opens', async () => {
    expect(await refusal('inventory:export', { format: 'xlsx' })).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'format' }] });
    expect(host.dialogRequests).toEqual([]);
  });

  it('offers a file name the account and date, safe for any file system', () => {
    const now = new Date('2026-03-04T10:00:00Z');
    expect(exportFileName('default', now, 'csv')).toBe('keydesk-default-2026-03-04.csv');
    expect(exportFileName('Acme EU / billing: "prod"', now, 'json')).toBe('keydesk-Acme-EU-billing-prod-2026-03-04.json');
    expect(exportFileName('../..', now, 'csv')).toBe('keydesk-account-2026-03-04.csv');
  });
});

describe('inventory:import', () => {
  it("imports SendGrid's API output from the file chosen, pushing progress; the keys are marked imported", async () => {
    host.dialogAnswers.push(join(FIXTURES, 'api-keys-per-line.jsonl'));
    const result = await call<ImportResult>('inventory:import');
    expect(result).toMatchObject({ format: 'sendgrid-keys', account: 'default', unchanged: 0, skipped_deleted: [], without_scopes: [] });
    expect(result.added.map((k) => k.name)).toEqual(['A New Hope', 'Mail Send']);
    expect(host.dialogRequests).toEqual([{ kind: 'open', title: 'Import keys' }]);
    expect(progressOf('import').at(-1)).toEqual({ operation: 'import', done: 2, total: 2 });
    const listed = keyRecordsOf(await call<KeyColumns>('keys:list'));
    expect(listed.map((k) => [k.name, k.origin])).toEqual([
      ['A New Hope', 'imported'],
      ['Mail Send', 'imported'],
    ]);
  });

  it('refuses a corrupt file whole, naming where, and changes nothing', async () => {
    const bad = join(host.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ result: [{ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'ok' }, { api_key_id: 'ynfH3dkkSYfdvQRKIjcP5Q' }] }));
    const before = snapshot(host.store);
    host.dialogAnswers.push(bad);
    expect(await refusal('inventory:import')).toEqual({
      ok: false,
      code: 'BAD_REQUEST',
      errors: [{ field: 'result[1].name', message: 'missing required argument' }],
    });
    expect(snapshot(host.store)).toEqual(before);
  });

  it('never hands back a secret pasted into the file', async () => {
    const pasted = issueKey('qfTQ6KG0QBiwWdJ0-pCLCA').apiKey;
    const file = join(host.dir, 'create-response.json');
    writeFileSync(file, JSON.stringify({ api_key: pasted, api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'Pasted', scopes: ['mail.send'] }));
    host.dialogAnswers.push(file);
    const result = await call<ImportResult>('inventory:import');
    expect(result.added).toEqual([{ api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'Pasted' }]);
    expect(JSON.stringify(result)).not.toContain(secretOf(pasted));
    expect(JSON.stringify(host.events)).not.toContain(secretOf(pasted));
  });
});

describe('inventory:diff', () => {
  it('compares the chosen file with the account now: exactly the planted changes', async () => {
    const kept = create('Kept', ['mail.send']);
    const renamed = create('Old name', ['mail.send']);
    const removed = create('Removed', ['mail.send']);
    const path = join(host.dir, 'before.json');
    await exportInventory(host.store, { path }, { format: 'json', caller: host.owner(), clock: host.clock });

    host.keys.rename(host.owner(), renamed.api_key_id, 'New name');
    host.keys.replace(host.owner(), kept.api_key_id, { name: 'Kept', scopes: ['mail.send', 'stats.read'] });
    host.keys.remove(host.owner(), removed.api_key_id);
    const added = create('Added', ['alerts.read']);
    host.dialogAnswers.push(path);

    const result = await call<DiffResult>('inventory:diff');
    expect(result).toMatchObject({ path, format: 'keydesk-export', exported_at: host.clock.now().toISOString(), exported_account: 'default' });
    expect(result.diff).toEqual({
      added: [{ api_key_id: added.api_key_id, name: 'Added' }],
      removed: [{ api_key_id: removed.api_key_id, name: 'Removed' }],
      renamed: [{ api_key_id: renamed.api_key_id, from: 'Old name', to: 'New name' }],
      scopes: [{ api_key_id: kept.api_key_id, name: 'Kept', gained: ['stats.read'], lost: [] }],
    });
    expect(host.dialogRequests).toEqual([{ kind: 'open', title: 'Compare with an inventory file' }]);
  });
});

describe('leaks:scan', () => {
  it('scans the folder chosen; statuses live, deleted and unknown; never a secret; progress pushed', async () => {
    const live = create('Prod mailer', ['mail.send']);
    const deleted = create('Old mailer', ['mail.send']);
    host.keys.remove(host.owner(), deleted.api_key_id);
    const unknown = issueKey().apiKey;
    const tree = join(host.dir, 'repo');
    mkdirSync(join(tree, 'node_modules', 'pkg'), { recursive: true });
    writeFileSync(join(tree, '.env'), `SENDGRID_API_KEY=${live.api_key}\n`);
    writeFileSync(join(tree, 'old.env'), `\nKEY=${deleted.api_key}\n`);
    writeFileSync(join(tree, 'notes.md'), `a key: ${unknown}\n`);
    writeFileSync(join(tree, 'node_modules', 'pkg', 'index.js'), `'${live.api_key}'`);

    host.dialogAnswers.push(tree);
    const report = await call<LeakReport>('leaks:scan');
    expect(host.dialogRequests).toEqual([{ kind: 'folder', title: 'Scan a folder for SendGrid keys' }]);
    expect(report.hits.map((h) => [h.file, h.line, h.status, h.redacted])).toEqual([
      ['.env', 1, 'live', `SG.${live.api_key_id}.…`],
      ['notes.md', 1, 'unknown', `SG.${unknown.split('.')[1]}.…`],
      ['old.env', 2, 'deleted', `SG.${deleted.api_key_id}.…`],
    ]);
    expect(report.skipped).toEqual([{ path: 'node_modules', reason: 'ignored_folder' }]);
    for (const secret of [live.api_key, deleted.api_key, unknown].map(secretOf)) {
      expect(JSON.stringify(report)).not.toContain(secret);
    }
    expect(progressOf('leaks').at(-1)).toEqual({ operation: 'leaks', done: 3, total: 3 });

    host.dialogAnswers.push(tree);
    const all = await call<LeakReport>('leaks:scan', { scan_ignored: true });
    expect(all.hits.map((h) => h.file)).toContain(join('node_modules', 'pkg', 'index.js'));
  });

  it('answers null when the folder dialog is cancelled', async () => {
    expect(await call('leaks:scan')).toBeNull();
    expect(progressOf('leaks')).toEqual([]);
  });
});

describe('audit:list', () => {
  it('gives each entry its change as data and the key name it recorded', async () => {
    const key = create('Mailer', ['mail.send']);
    host.keys.replace(host.owner(), key.api_key_id, { name: 'Mailer v2', scopes: ['stats.read'] });
    host.keys.remove(host.owner(), key.api_key_id);
    const entries = await call<AuditEntryView[]>('audit:list', { key_id: key.api_key_id });
    expect(entries.map((e) => [e.action, e.key_name, e.change.scopesAdded, e.change.scopesRemoved, e.change.renamed?.to])).toEqual([
      ['key.create', 'Mailer', ['mail.send'], [], undefined],
      ['key.update', 'Mailer v2', ['stats.read'], ['mail.send'], 'Mailer v2'],
      ['key.delete', 'Mailer v2', [], ['stats.read'], undefined],
    ]);
  });
});

it('a CSV export leaves the file chosen and no temp file beside it', async () => {
  create('Mailer', ['mail.send']);
  const folder = join(host.dir, 'exports');
  mkdirSync(folder);
  host.dialogAnswers.push(join(folder, 'out.csv'));
  await call('inventory:export', { format: 'csv' });
  expect(readdirSync(folder)).toEqual(['out.csv']);
  expect(readFileSync(join(folder, 'out.csv'), 'utf8').split('\n')[0]).toMatch(/^account,api_key_id,name,last4,access_type,/);
});

describe('audit:verify and audit:copy-head', () => {
  it('verify reports the seal and the head; copy-head puts SEQ:HASH on the clipboard and answers it', async () => {
    create('one', ['mail.send']);
    create('two', ['mail.send']);
    const head = host.store.audit.head();
    expect(await call('audit:verify')).toMatchObject({ intact: true, head, seal: { status: 'sealed' }, chain: { intact: true, rows: 2 } });
    expect(await call('audit:copy-head')).toEqual(head);
    expect(host.textCopies).toEqual([`2:${head.hash}`]);
    // Not a secret: it goes on the clipboard as it is, with no clear timer.
    expect(host.clipboardWrites).toEqual([]);
  });

  it('copy-head takes no input, and needs what reading the log needs', async () => {
    expect(await refusal('audit:copy-head', { seq: 1 })).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    const keyHost = openIpcHost({ actor: { kind: 'key', keyId: 'k', accountId: 1, scopes: ['mail.send'] } });
    try {
      expect(await keyHost.ipc.invoke('audit:copy-head', appFrame)).toEqual({ ok: false, code: 'FORBIDDEN', errors: [{ field: null, message: 'access forbidden' }] });
      expect(keyHost.textCopies).toEqual([]);
    } finally {
      keyHost.close();
    }
  });
});
