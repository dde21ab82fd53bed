/**
 * The Inventory page over main's real store and real files, with the native dialogs scripted:
 * export with a progress bar (the file parsed back), import of SendGrid's API output (the keys
 * then marked Imported in the list), a refused file, diff against an earlier export, the leak
 * check of a folder, and the menu's Export command. No secret reaches the page.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { issueKey } from '../../main/core/key-format.ts';
import { exportInventory } from '../../main/services/inventory-export.ts';
import { snapshot } from '../helpers/temp-store.ts';
import { AppPages, importRecords, keyIds } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

const SENDGRID = fileURLToPath(new URL('../fixtures/sendgrid/', import.meta.url));
const secretOf = (apiKey: string) => apiKey.split('.')[2]!;

/** Every text the progress bars showed, in order (recorded in the page as it changes). */
const RECORD_PROGRESS = `(() => {
  const seen = [];
  window.progressSeen = seen;
  new MutationObserver(() => {
    for (const element of document.querySelectorAll('.progress__text')) {
      if (seen.at(-1) !== element.textContent) seen.push(element.textContent);
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`;

test('exports with a progress bar to the file chosen; the JSON and CSV parse back whole, with no secret', async ({ keydesk, page }) => {
  const main = keydesk.main;
  const issued = seedKeys(main, [
    { name: 'Mailer', scopes: ['mail.send'] },
    { name: '=HYPERLINK("x")', scopes: ['stats.read'] },
  ]);
  // Enough keys for the bar to move: imported records are not capped at 100.
  importRecords(main, keyIds(1000).map((api_key_id, i) => ({ api_key_id, name: `service ${i}`, scopes: ['mail.send'] })));
  await page.addInitScript({ content: RECORD_PROGRESS });
  await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Inventory');
  const panel = ui.panel('Export');

  const jsonPath = join(main.dir, 'keys.json');
  main.dialogAnswers.push(jsonPath);
  await panel.getByRole('radio', { name: /^JSON/ }).click();
  await panel.getByRole('button', { name: 'Export…' }).click();
  await expect(panel.getByRole('status')).toContainText(`Exported 1,002 keys of “default” to ${jsonPath}`);

  // Main reported the run as it went, and the bar showed its figures in order. (How many of them
  // the page painted depends on how fast the export ran: React may fold several into one frame.)
  const reported = main.events.flatMap(({ event, payload }) => (event === 'operation:progress' ? [(payload as { done: number }).done] : []));
  expect(reported.filter((n) => n > 0 && n < 1002).length).toBeGreaterThan(0);
  expect(main.events.at(-1)).toEqual({ event: 'operation:progress', payload: { operation: 'export', done: 1002, total: 1002 } });
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  const done = seen.flatMap((text) => /^([\d,]+) of 1,002 keys$/.exec(text)?.[1]?.replaceAll(',', '') ?? []).map(Number);
  expect(done, `progress seen: ${seen.join(' | ')}`).toEqual([...done].sort((a, b) => a - b));
  expect(done.every((n) => reported.includes(n))).toBe(true);

  const json = readFileSync(jsonPath, 'utf8');
  const doc = JSON.parse(json) as { header: { key_count: number; body_sha256: string }; keys: { name: string }[] };
  expect(doc.header.key_count).toBe(1002);
  expect(doc.keys).toHaveLength(1002);
  expect(createHash('sha256').update(JSON.stringify(doc.keys)).digest('hex')).toBe(doc.header.body_sha256);

  const csvPath = join(main.dir, 'keys.csv');
  main.dialogAnswers.push(csvPath);
  await panel.getByRole('radio', { name: /^CSV/ }).click();
  await panel.getByRole('button', { name: 'Export…' }).click();
  await expect(panel.getByRole('status')).toContainText(`to ${csvPath}`);
  const csv = readFileSync(csvPath, 'utf8');
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(1002);
  expect(rows.find((row) => row.api_key_id === issued[0]!.api_key_id)).toMatchObject({ name: 'Mailer', mail_send: 'custom', origin: 'issued' });
  // A name a spreadsheet would run as a formula is written as text.
  expect(rows.find((row) => row.api_key_id === issued[1]!.api_key_id)?.name).toBe(`'=HYPERLINK("x")`);

  for (const secret of issued.map((key) => secretOf(key.api_key))) {
    expect(json).not.toContain(secret);
    expect(csv).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
  }
  expect(main.dialogRequests).toEqual([
    { kind: 'save', title: 'Export key inventory' },
    { kind: 'save', title: 'Export key inventory' },
  ]);
  expect(main.store.audit.list({ action: 'inventory.export' })).toHaveLength(2);
});

test('a cancelled save dialog exports nothing and keeps the last result', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'Mailer', scopes: ['mail.send'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Inventory');
  const panel = ui.panel('Export');
  const path = join(keydesk.main.dir, 'first.csv');
  keydesk.main.dialogAnswers.push(path);
  await panel.getByRole('button', { name: 'Export…' }).click();
  await expect(panel.getByRole('status')).toContainText(`Exported 1 key of “default” to ${path}`);

  const before = snapshot(keydesk.main.store);
  await panel.getByRole('button', { name: 'Export…' }).click();
  await expect.poll(() => keydesk.main.dialogRequests.length).toBe(2);
  await expect(panel.getByRole('status')).toContainText(`to ${path}`);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  expect(snapshot(keydesk.main.store)).toEqual(before);
});

test("imports SendGrid's API output: a summary with reasons, and the keys marked Imported in the list", async ({ keydesk }) => {
  const main = keydesk.main;
  // "Mail Send" was imported once and deleted here since: a later import must not bring it back.
  importRecords(main, [{ api_key_id: 'ynfH3dkkSYfdvQRKIjcP5Q', name: 'Mail Send', scopes: ['mail.send'] }]);
  main.keys.remove(main.owner(), 'ynfH3dkkSYfdvQRKIjcP5Q');
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Inventory');
  const panel = ui.panel('Import');

  main.dialogAnswers.push(join(SENDGRID, 'api-keys-list.json'));
  await panel.getByRole('button', { name: 'Import a file…' }).click();
  const result = panel.getByRole('status');
  await expect(result).toContainText("Imported into “default” from SendGrid's key list (GET /v3/api_keys)");
  await expect(result.locator('.counts')).toHaveText(/Added\s*1\s*Updated\s*0\s*Unchanged\s*0\s*Skipped\s*1/);
  await expect(result.locator('.key-group').filter({ hasText: 'Skipped' })).toContainText(
    'Deleted here earlier: an import does not undo a deletion.Mail Send ynfH3dkkSYfdvQRKIjcP5Q',
  );
  await expect(result.locator('.key-group').filter({ hasText: 'No scopes on record' })).toContainText("SendGrid's key list omits scopes");

  // The per-key responses fill in the scopes: an update, not a new key.
  main.dialogAnswers.push(join(SENDGRID, 'api-key-result.json'));
  await panel.getByRole('button', { name: 'Import a file…' }).click();
  await expect(result).toContainText("from SendGrid's key objects (GET /v3/api_keys/{id})");
  await expect(result.locator('.counts')).toHaveText(/Added\s*0\s*Updated\s*1\s*Unchanged\s*0\s*Skipped\s*0/);
  await expect(result.locator('.key-group').filter({ hasText: 'Updated' })).toContainText('A New Hope qfTQ6KG0QBiwWdJ0-pCLCA');

  await ui.goTo('Keys');
  const keys = new KeysPage(page);
  await expect(keys.dataRows()).toHaveCount(1);
  await expect(keys.row(/^A New Hope/)).toContainText('Imported');
  await expect(keys.row(/^A New Hope/)).toContainText('qfTQ6KG0QBiwWdJ0-pCLCA');
  expect(main.store.keys.find('qfTQ6KG0QBiwWdJ0-pCLCA')).toMatchObject({ origin: 'imported', scopes: ['alerts.create', 'alerts.read', 'mail.send', 'mail_settings.bounce_purge.read'] });
});

test('a file with a fault is refused whole, naming where, and nothing changes', async ({ keydesk }) => {
  const main = keydesk.main;
  const bad = join(main.dir, 'bad.jsonl');
  writeFileSync(
    bad,
    '{"api_key_id":"qfTQ6KG0QBiwWdJ0-pCLCA","name":"A New Hope","scopes":["mail.send"]}\n{"api_key_id":"short","name":"Broken"}\n',
  );
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Inventory');
  const before = snapshot(main.store);
  main.dialogAnswers.push(bad);
  await ui.panel('Import').getByRole('button', { name: 'Import a file…' }).click();
  const alert = ui.panel('Import').getByRole('alert');
  await expect(alert).toContainText('Nothing was imported: the file was refused whole.');
  await expect(alert.getByRole('listitem')).toHaveText(['api_key_id: line 2: expected a 22-character API Key ID']);
  expect(snapshot(main.store)).toEqual(before);
});

test('compares an earlier export with the keys now: exactly the changes made since', async ({ keydesk }) => {
  const main = keydesk.main;
  const [kept, renamed, removed] = seedKeys(main, [
    { name: 'Kept', scopes: ['mail.send', 'stats.read'] },
    { name: 'Old name', scopes: ['mail.send'] },
    { name: 'Removed', scopes: ['mail.send'] },
  ]);
  const path = join(main.dir, 'before.json');
  await exportInventory(main.store, { path }, { format: 'json', caller: main.owner(), clock: main.clock });
  main.keys.rename(main.owner(), renamed!.api_key_id, 'New name');
  main.keys.replace(main.owner(), kept!.api_key_id, { name: 'Kept', scopes: ['mail.send', 'alerts.read'] });
  main.keys.remove(main.owner(), removed!.api_key_id);
  const [added] = seedKeys(main, [{ name: 'Added', scopes: ['alerts.read'] }]);

  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Inventory');
  const panel = ui.panel('Compare');
  main.dialogAnswers.push(path);
  await panel.getByRole('button', { name: 'Compare with a file…' }).click();
  const result = panel.getByRole('status');
  await expect(result).toContainText(`From ${path} (a Keydesk export, exported Jan 15, 2026, 9:00 AM from “default”) to the keys now.`);
  await expect(result.getByRole('heading', { level: 3 })).toHaveText(['Added (1)', 'Removed (1)', 'Renamed (1)', 'Scopes changed (1)']);
  await expect(result.locator('.key-group').nth(0).getByRole('listitem')).toHaveText([`Added ${added!.api_key_id}`]);
  await expect(result.locator('.key-group').nth(1).getByRole('listitem')).toHaveText([`Removed ${removed!.api_key_id}`]);
  await expect(result.locator('.key-group').nth(2).getByRole('listitem')).toHaveText([`“Old name” → “New name” ${renamed!.api_key_id}`]);
  await expect(result.locator('.key-group').nth(3).locator('.scope-diff li')).toHaveText(['+ gained alerts.read', '− lost stats.read']);

  // Against an export of the keys as they are now: nothing.
  const now = join(main.dir, 'now.json');
  await exportInventory(main.store, { path: now }, { format: 'json', caller: main.owner(), clock: main.clock });
  main.dialogAnswers.push(now);
  await panel.getByRole('button', { name: 'Compare with a file…' }).click();
  await expect(result).toContainText('No differences: the keys are as the file lists them.');
});

test('checks a folder for leaked keys: live, deleted and unknown, never a secret on the page', async ({ keydesk, page }) => {
  const main = keydesk.main;
  const [live, deleted] = seedKeys(main, [
    { name: 'Prod mailer', scopes: ['mail.send'] },
    { name: 'Old mailer', scopes: ['mail.send'] },
  ]);
  main.keys.remove(main.owner(), deleted!.api_key_id);
  const unknown = issueKey().apiKey;
  const tree = join(main.dir, 'shop');
  mkdirSync(join(tree, 'config'), { recursive: true });
  mkdirSync(join(tree, 'node_modules', 'sdk'), { recursive: true });
  writeFileSync(join(tree, 'config', '.env'), `# mail\nSENDGRID_API_KEY=${live!.api_key}\n`);
  writeFileSync(join(tree, 'deploy.sh'), `#!/bin/sh\n\nexport KEY='${deleted!.api_key}'\n`);
  writeFileSync(join(tree, 'notes.md'), `found in a chat: ${unknown}\n`);
  writeFileSync(join(tree, 'node_modules', 'sdk', 'test.js'), `const k = "${unknown}";\n`);

  await page.addInitScript({ content: RECORD_PROGRESS });
  await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Inventory');
  const panel = ui.panel('Leak check');
  main.dialogAnswers.push(tree);
  await panel.getByRole('button', { name: 'Scan a folder…' }).click();

  await expect(panel.getByRole('status')).toHaveText(`Scanned 3 files in ${tree} (1 skipped): 3 SendGrid-shaped keys, 1 live.`);
  await expect(panel.getByText('Delete or roll every live key found')).toBeVisible();
  const rows = panel.getByRole('table', { name: 'Keys found' }).getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveText([
    new RegExp(`^config/\\.env:2:18SG\\.${live!.api_key_id}\\.…Livedefault: Prod mailer$`),
    new RegExp(`^deploy\\.sh:3:13SG\\.${deleted!.api_key_id}\\.…Deleteddefault: Old mailer$`),
    new RegExp(`^notes\\.md:1:18SG\\.${unknown.split('.')[1]}\\.…Unknownnone$`),
  ]);
  await panel.getByText('1 path skipped').click();
  await expect(panel.locator('.skipped li')).toHaveText(['node_modules left out (.git, node_modules)']);
  const content = await page.content();
  for (const secret of [live!.api_key, deleted!.api_key, unknown].map(secretOf)) expect(content).not.toContain(secret);
  expect(main.dialogRequests).toEqual([{ kind: 'folder', title: 'Scan a folder for SendGrid keys' }]);

  // node_modules too, when asked.
  main.dialogAnswers.push(tree);
  await panel.getByLabel('Also scan .git and node_modules folders').check();
  await panel.getByRole('button', { name: 'Scan a folder…' }).click();
  await expect(panel.getByRole('status')).toHaveText(`Scanned 4 files in ${tree} (0 skipped): 4 SendGrid-shaped keys, 1 live.`);
});

test("the menu's Export... opens the Inventory page with focus on Export", async ({ keydeskPage: page, keydesk }) => {
  const ui = new AppPages(page);
  await expect(ui.nav.getByRole('button', { name: 'Keys' })).toHaveAttribute('aria-current', 'page');
  await keydesk.emit('menu:command', { command: 'export-inventory' });
  await expect(ui.heading('Inventory')).toBeVisible();
  await expect(ui.panel('Export').getByRole('button', { name: 'Export…' })).toBeFocused();
  await expect(ui.nav.getByRole('button', { name: 'Inventory' })).toHaveAttribute('aria-current', 'page');

  // Already there, the command still brings focus back to Export.
  await ui.panel('Import').getByRole('button', { name: 'Import a file…' }).focus();
  await keydesk.emit('menu:command', { command: 'export-inventory' });
  await expect(ui.panel('Export').getByRole('button', { name: 'Export…' })).toBeFocused();
});
