/**
 * The Activity log page over main's real audit log: entries newest first with what changed,
 * filters by key, action and day, and the hash chain's and the seal's verdicts, which turn to
 * "broken at row N" when the SQLite file is edited behind the app's back; and the log's head,
 * with Copy head.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rowHash } from '../../main/store/audit-log.ts';
import { sealKeyDir } from '../../main/store/seal-keys.ts';
import { AppPages, DAY } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { seedKeys } from './keys-page.ts';

test('lists changes newest first and filters them by action, key and day', async ({ keydesk }) => {
  const main = keydesk.main;
  // 2026-01-15: two keys created; the 17th: one renamed, the other given a scope; the 20th: the first deleted.
  const [mailer, stats] = seedKeys(main, [
    { name: 'Mailer', scopes: ['mail.send'] },
    { name: 'Stats', scopes: ['stats.read'] },
  ]);
  main.clock.advance(2 * DAY);
  main.keys.rename(main.owner(), mailer!.api_key_id, 'Mailer v2');
  main.keys.replace(main.owner(), stats!.api_key_id, { name: 'Stats', scopes: ['stats.read', 'alerts.read'] });
  main.clock.advance(3 * DAY);
  main.keys.remove(main.owner(), mailer!.api_key_id);

  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(page.getByRole('status').filter({ hasText: 'Audit log intact' })).toContainText('all 5 entries verified');
  await expect(ui.logRows()).toHaveCount(5);
  await expect(ui.loggedActions()).toHaveText(['Key deleted', 'Key updated', 'Key renamed', 'Key created', 'Key created']);
  await expect(ui.logRows().first()).toContainText('Owner via app');
  // The app's one time format: relative, with the exact time (local and UTC) on hover.
  await expect(ui.logRows().first().getByRole('cell').nth(1)).toHaveText('just now');
  await expect(ui.logRows().first().locator('time')).toHaveAttribute('title', 'Jan 20, 2026, 9:00 AM · 2026-01-20 09:00 UTC');

  // Before → after: the scopes the update added, the rename's old and new names.
  const update = ui.logRows().filter({ hasText: 'Key updated' });
  await expect(update.getByRole('listitem')).toHaveText(['+ added alerts.read']);
  await expect(ui.logRows().filter({ hasText: 'Key renamed' })).toContainText('renamed "\u2068Mailer\u2069" → "\u2068Mailer v2\u2069"');

  await page.getByLabel('Action').selectOption({ label: 'Key renamed' });
  await expect(ui.loggedActions()).toHaveText(['Key renamed']);
  await expect(page.getByText('1 entry match the filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(ui.logRows()).toHaveCount(5);

  // A key's name in a row filters to that key, deleted or not.
  await ui.logRows().first().getByRole('button', { name: /Mailer v2/ }).click();
  await expect(page.getByLabel('Key', { exact: true })).toHaveValue(mailer!.api_key_id);
  await expect(ui.loggedActions()).toHaveText(['Key deleted', 'Key renamed', 'Key created']);

  // Days are the user's: the 17th alone, for every key.
  await page.getByLabel('Key', { exact: true }).fill('');
  await page.getByLabel('From').fill('2026-01-17');
  await page.getByLabel('To').fill('2026-01-17');
  await expect(ui.loggedActions()).toHaveText(['Key updated', 'Key renamed']);
  await page.getByLabel('From').fill('2026-01-18');
  await page.getByLabel('To').fill('');
  await expect(ui.loggedActions()).toHaveText(['Key deleted']);
});

test('a key typed or pasted into the key filter: a whole key is cut to its ID, a partial one filters nothing', async ({ keydesk }) => {
  const [mailer] = seedKeys(keydesk.main, [{ name: 'Mailer', scopes: ['mail.send'] }, { name: 'Stats', scopes: ['stats.read'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(ui.logRows()).toHaveCount(2);

  const keyBox = page.getByLabel('Key', { exact: true });
  await keyBox.fill(mailer!.api_key_id.slice(0, 10));
  await expect(keyBox).toHaveAttribute('aria-invalid', 'true');
  await expect(ui.logRows()).toHaveCount(2);

  await keyBox.fill(`SENDGRID_API_KEY=${mailer!.api_key}`);
  await expect(keyBox).toHaveValue(mailer!.api_key_id);
  await expect(ui.logRows()).toHaveCount(1);
  await expect(ui.logRows().first()).toContainText('Mailer');
  expect(await page.content()).not.toContain(mailer!.api_key.split('.')[2]);

  // Deleting a character of a whole ID leaves the text as typed, and every key shown again.
  await keyBox.press('End');
  await keyBox.press('Backspace');
  await expect(ui.logRows()).toHaveCount(2);
  await expect(keyBox).toHaveValue(mailer!.api_key_id.slice(0, -1));
});

test('an audit log edited in the SQLite file shows its chain broken at that row', async ({ keydesk }) => {
  seedKeys(keydesk.main, [
    { name: 'One', scopes: ['mail.send'] },
    { name: 'Two', scopes: ['mail.send'] },
    { name: 'Three', scopes: ['mail.send'] },
  ]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(page.getByText('Audit log intact:')).toBeVisible();

  // As an attacker with the sqlite3 shell would: drop the guard, rewrite what row 2 granted.
  const raw = new Database(keydesk.main.path);
  raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET after = replace(after, '"name":"Two"', '"name":"Mine"') WHERE seq = 2`);
  raw.close();

  // The commit by another connection reaches the page as store:changed, and the log is checked again.
  const alert = page.getByRole('alert').filter({ hasText: 'Hash chain broken' });
  await expect(alert).toContainText('Hash chain broken at row 2: its contents were changed.');
  await expect(ui.logRows().filter({ hasText: 'Chain broken here' })).toHaveCount(1);
  await expect(ui.logRows().filter({ hasText: 'Chain broken here' }).getByRole('cell').first()).toHaveText(/^2/);
  await expect(page.getByText('Audit log intact:')).toHaveCount(0);
});

test("a key's scopes edited in the SQLite file show as a difference from the log's replay", async ({ keydesk }) => {
  const [mailer] = seedKeys(keydesk.main, [{ name: 'Mailer', scopes: ['mail.send'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(page.getByText('Audit log intact:')).toBeVisible();

  // The chain itself stays whole: only the keys table is changed, to a scope set the log never granted.
  const raw = new Database(keydesk.main.path);
  raw.exec(
    "INSERT INTO scope_sets (scopes) VALUES ('[\"billing.read\"]'); " +
      "UPDATE keys SET scope_set_id = (SELECT max(id) FROM scope_sets) WHERE name = 'Mailer'",
  );
  raw.close();

  const alert = page.getByRole('alert').filter({ hasText: 'differs from its audit log' });
  await expect(alert).toContainText('The key store differs from its audit log in 1 place');
  await expect(alert.getByRole('listitem')).toContainText(mailer!.api_key_id);
  await expect(page.getByText('Hash chain broken')).toHaveCount(0);
});

test('shows where the log ends, and Copy head puts SEQ:HASH on the clipboard for a ticket', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'One', scopes: ['mail.send'] }, { name: 'Two', scopes: ['mail.send'] }]);
  const head = keydesk.main.store.audit.head();
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(page.getByRole('status').filter({ hasText: 'Audit log intact' })).toContainText('sealed with this computer');
  await expect(page.locator('.log-head__value')).toHaveText(`2:${head.hash}`);
  await page.getByRole('button', { name: 'Copy head' }).click();
  await expect(page.getByText(`Copied 2:${head.hash.slice(0, 12)}… to the clipboard.`)).toBeVisible();
  expect(keydesk.main.textCopies).toEqual([`2:${head.hash}`]);
  expect(keydesk.main.clipboardWrites).toEqual([]);
});

test('a row appended by hand, hashed and with the head moved to it, shows the seal broken at that row', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'One', scopes: ['mail.send'] }, { name: 'Two', scopes: ['mail.send'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(page.getByText('Audit log intact:')).toBeVisible();

  // Issue 15's first attack: the chain alone accepts it.
  const raw = new Database(keydesk.main.path);
  const last = raw.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Parameters<typeof rowHash>[0] & { hash: string };
  const forged = { ...last, seq: 3, prev_hash: last.hash, action: 'key.rename' };
  const hash = rowHash(forged);
  raw.prepare('INSERT INTO audit_log (seq, at, actor, via, action, account_id, key_id, before, after, prev_hash, hash) VALUES (@seq, @at, @actor, @via, @action, @account_id, @key_id, @before, @after, @prev_hash, @hash)').run({ ...forged, hash });
  raw.prepare('UPDATE audit_head SET seq = 3, hash = ? WHERE id = 1').run(hash);
  raw.close();

  const alert = page.getByRole('alert').filter({ hasText: 'Seal broken' });
  await expect(alert).toContainText('Seal broken at row 3: row 3: no seal covers it, so it was added outside Keydesk.');
  await expect(ui.logRows().filter({ hasText: 'Seal broken here' }).getByRole('cell').first()).toHaveText(/^3/);
  await expect(page.getByText('Hash chain broken')).toHaveCount(0);
});

test('without the seal key on this computer, the page says the seal cannot be checked, and why changes are refused', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'One', scopes: ['mail.send'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Activity log');
  await expect(page.getByText('Audit log intact:')).toBeVisible();

  const storeId = keydesk.main.store.db.prepare('SELECT store_id FROM audit_seal').pluck().get() as string;
  const keyFile = join(sealKeyDir(), `${storeId}.key`);
  expect(existsSync(keyFile)).toBe(true);
  rmSync(keyFile);
  // Any commit by another process (here a key's use, which is not audited) has the page check again.
  const raw = new Database(keydesk.main.path);
  raw.exec("UPDATE keys SET last_used_at = '2026-01-16T00:00:00.000Z'");
  raw.close();

  const warning = page.getByRole('status').filter({ hasText: 'The seal cannot be checked on this computer' });
  await expect(warning).toContainText('its seal key is not on this machine');
  await expect(warning).toContainText('keydesk log --reseal');
  await expect(page.getByText('Audit log intact:')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
