/**
 * The administrator's daily work (issue 17), each as a user does it in the real renderer against
 * main's real store: windows of every size, stale-key cleanup from the audit, the detail panel,
 * the permission editor, forms that ask before throwing work away, one count model, leak-check
 * statuses, words, bulk notices, rolled keys in grace, one time format, and one primary action
 * per page. A few rich flows rather than many small tests: the suite runs on two cores.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { scopesForLevels } from '../../common/permissions.ts';
import { cliFor } from '../helpers/cli.ts';
import type { IpcHost } from '../helpers/ipc-host.ts';
import { AppPages, DAY, importRecords, keyIds } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

const HOUR = 3_600_000;

/** Rows of the key table wholly inside its scrolling body and the window: what a user sees without scrolling. */
async function visibleRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const body = document.querySelector('.key-table__body')!.getBoundingClientRect();
    const bottom = Math.min(body.bottom, window.innerHeight);
    return [...document.querySelectorAll('.key-table__row')].filter((row) => {
      const box = row.getBoundingClientRect();
      return box.top >= body.top - 0.5 && box.bottom <= bottom + 0.5;
    }).length;
  });
}

/** 40 keys issued here (some with long names), 12 records imported from SendGrid. */
function seedAccount(main: IpcHost) {
  const issued = seedKeys(
    main,
    Array.from({ length: 40 }, (_, i) => ({
      name: i % 3 ? `service ${String(i).padStart(2, '0')} mailer` : `Production integration for customer ${i}`,
      scopes: scopesForLevels({ mail_send: 'full', stats: 'read' }),
    })),
  );
  importRecords(main, keyIds(12, 'imp').map((id, i) => ({ api_key_id: id, name: `sendgrid-user-${i}`, scopes: ['mail.send'] })));
  return issued;
}

const box = async (locator: Locator) => (await locator.boundingBox())!;

test('at 720×480 and 1280×800 the list shows at least 5 and 12 rows, names get the spare width, notices can be dismissed, the Activity log keeps its Change column', async ({ keydesk, page }) => {
  seedAccount(keydesk.main);
  // One key inside the 30-day expiry warning: its notice takes room until dismissed.
  const soon = seedKeys(keydesk.main, [{ name: 'expiring soon' }])[0]!;
  keydesk.main.lifecycle.setExpiry(keydesk.main.owner(), soon.api_key_id, new Date(keydesk.main.clock.now().getTime() + 5 * DAY).toISOString());
  await page.setViewportSize({ width: 720, height: 480 });
  await keydesk.open();
  const ui = new KeysPage(page);
  await expect(ui.dataRows().first()).toBeVisible();

  const notice = page.getByRole('note').filter({ hasText: /expires? within/ });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss the expiry notice' }).click();
  await expect(notice).toHaveCount(0);
  expect(await visibleRows(page)).toBeGreaterThanOrEqual(5);
  // The page itself does not scroll: the header and filters take one row each.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);

  // An imported key's whole name shows at 720 px (it read "sendgrid-u…" when other columns kept their room).
  await ui.search.fill('sendgrid-user-11');
  const imported = ui.row(/^sendgrid-user-11/).locator('.key-name');
  expect(await imported.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await ui.search.fill('');

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(() => visibleRows(page)).toBeGreaterThanOrEqual(12);
  // The name column is the widest: the others take what their text needs.
  const widths = await page.locator('.key-table__header-row > [role="columnheader"]').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
  expect(Math.max(...widths)).toBe(widths[1]);

  // The Activity log at 720 px: no sideways scroll, and the Change column keeps room to read.
  await page.setViewportSize({ width: 720, height: 480 });
  const pages = new AppPages(page);
  await pages.goTo('Activity log');
  const frame = page.locator('.log-table__frame');
  await expect(pages.logRows().first()).toBeVisible();
  expect(await frame.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect((await box(page.getByRole('columnheader', { name: 'Change' }))).width).toBeGreaterThanOrEqual(150);
});

test('stale-key cleanup: from an Audit finding to a bulk Disable in 3 actions; the filters use the audit threshold and leave a key made today alone', async ({ keydesk, page }) => {
  const { main } = keydesk;
  const stale = seedKeys(main, Array.from({ length: 10 }, (_, i) => ({ name: `stale ${i}`, scopes: ['mail.send'] })));
  for (const key of stale) main.verifier.verify(key.api_key, { caller: 'cron-host' });
  const idle = seedKeys(main, [{ name: 'never used, old', scopes: ['mail.send'] }])[0]!;
  main.clock.advance(120 * DAY);
  const fresh = seedKeys(main, [{ name: 'made today', scopes: ['mail.send'] }])[0]!;
  const busy = seedKeys(main, [{ name: 'in use', scopes: ['mail.send'] }])[0]!;
  main.verifier.verify(busy.api_key, { caller: 'web-1' });
  await keydesk.open();
  const pages = new AppPages(page);
  await pages.goTo('Audit');

  // 1: "Select these keys" on the finding. 2: Disable in the bulk bar. 3: confirm.
  const finding = pages.finding('Unused keys');
  await finding.getByRole('button', { name: /^Select these keys/ }).click();
  await expect(pages.nav.getByRole('button', { name: 'Keys', exact: true })).toHaveAttribute('aria-current', 'page');
  const ui = new KeysPage(page);
  await expect(ui.dataRows()).toHaveCount(10);
  await expect(page.getByRole('region', { name: 'Selected keys' })).toContainText('10 keys selected');
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Audit: Unused keys (10)');
  const disable = page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Disable' });
  await expect(disable).toBeFocused();
  await disable.click();
  await ui.alertDialog.getByRole('button', { name: 'Disable 10 keys' }).click();
  await expect(ui.alertDialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Disabled: 10 keys.' })).toBeVisible();
  for (const key of stale) expect(main.verifier.verify(key.api_key)).toMatchObject({ ok: false, reason: 'disabled' });
  expect(main.store.keys.find(fresh.api_key_id)?.disabled_at).toBeNull();

  // The list's own filters, by the same threshold: "never used" leaves out the key made today.
  await page.getByRole('button', { name: /show every key$/ }).click();
  await expect(ui.dataRows()).toHaveCount(13);
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('group', { name: 'Use' }).getByRole('menuitemradio', { name: 'Never used, older than 90 days' }).click();
  await page.keyboard.press('Escape');
  expect(await ui.names()).toEqual(['never used, old']);
  await page.getByRole('button', { name: /^Remove filter Use/ }).click();
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('group', { name: 'Use' }).getByRole('menuitemradio', { name: 'Unused for over 90 days' }).click();
  await page.keyboard.press('Escape');
  await expect(ui.dataRows()).toHaveCount(10);
  expect(await ui.names()).not.toContain('in use');
  expect(idle.api_key_id).toBeTruthy();

  // Disable is reachable wherever a key is shown: an audit finding's key opens its detail panel.
  await pages.goTo('Audit');
  await pages.finding('Keys never used').getByRole('button', { name: /never used, old/ }).click();
  const sheet = page.getByRole('dialog', { name: 'never used, old' });
  await sheet.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Disable' }).click();
  await ui.alertDialog.getByRole('button', { name: /^Disable/ }).click();
  await expect(sheet.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Enable' })).toBeVisible();
  expect(main.store.keys.find(idle.api_key_id)?.disabled_at).not.toBeNull();
});

test('the detail panel: opened by a row click or Enter, every section, every action, its history matching keydesk log, focus back on the row', async ({ keydesk, page }) => {
  const { main } = keydesk;
  const [key] = seedKeys(main, [{ name: 'Production mailer', scopes: scopesForLevels({ mail_send: 'full', stats: 'read' }) }]);
  main.clock.advance(HOUR);
  main.verifier.verify(key!.api_key, { caller: 'worker-7' });
  main.clock.advance(2 * HOUR);
  main.keys.rename(main.owner('default', 'cli'), key!.api_key_id, 'Prod mailer');
  main.lifecycle.roll(main.owner(), key!.api_key_id, { grace_ms: 24 * HOUR });
  await keydesk.open();
  const ui = new KeysPage(page);

  await ui.row(/^Prod mailer/).locator('.col--created_at').click();
  const sheet = page.getByRole('dialog', { name: 'Prod mailer' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toHaveAccessibleDescription(`API Key ID ${key!.api_key_id}`);
  for (const section of ['Status', 'Access', 'Secrets', 'History']) await expect(sheet.getByRole('region', { name: section })).toBeVisible();
  await expect(sheet.getByRole('region', { name: 'Access' })).toContainText(/Mail Send\s*Full Access\s*mail\.batch\.create/);
  await expect(sheet.getByRole('region', { name: 'Access' })).toContainText(/Stats\s*Read Access\s*.*stats\.read/);
  await expect(sheet.getByRole('region', { name: 'Status' })).toContainText(/Last used\s*2 hours ago by worker-7/);
  const secrets = sheet.getByRole('region', { name: 'Secrets' }).getByRole('listitem');
  await expect(secrets).toHaveCount(2);
  await expect(secrets.nth(0)).toContainText('Current');
  await expect(secrets.nth(1)).toContainText(/Old, still working\s*stops in 24 hours/);
  await expect(sheet.getByRole('group', { name: 'Actions' }).getByRole('button')).toHaveText(['Edit', 'Disable', 'Set expiry', 'Roll', 'Delete']);

  // The history is the key's own entries in the audit log, as `keydesk log` prints them.
  const log = await cliFor(main.path)(['log', '--json']);
  expect(log.code).toBe(0);
  const own = (JSON.parse(log.stdout) as { seq: number; action: string; key_id: string | null }[]).filter((e) => e.key_id === key!.api_key_id);
  const history = sheet.getByRole('list', { name: 'Audit entries for this key, newest first' }).getByRole('listitem');
  await expect(history).toHaveCount(own.length);
  expect(await history.evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.seq)))).toEqual(own.map((e) => e.seq).sort((a, b) => b - a));
  await expect(history).toHaveText([/^Key rolled/, /^Key renamed.*via cli/, /^Key created/]);

  // An action from the panel comes back to it when done.
  await sheet.getByRole('button', { name: 'Set expiry' }).click();
  await ui.dialog.getByRole('radio', { name: '30 days' }).click();
  await page.getByRole('button', { name: 'Save expiry' }).click();
  await expect(sheet.getByRole('region', { name: 'Status' })).toContainText('expires in 30 days');
  await expect(history).toHaveCount(own.length + 1);

  // Escape closes it, and focus is back on the row.
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  const box = page.getByRole('checkbox', { name: 'Select Prod mailer' });
  await expect(box).toBeFocused();
  // Enter on the row opens it again.
  await page.keyboard.press('Enter');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
});

test('the permission editor: levels in fixed columns, one filter over categories and scopes, tri-state scope groups with counts, the summary in view', async ({ keydeskPage: page }) => {
  const ui = new KeysPage(page);
  await ui.openCreate();
  await ui.chooseAccess('Restricted Access');

  // Every category's No, Read and Full sit at the same x; a level a category lacks leaves its cell empty.
  const xs = await ui.dialog.locator('.matrix__row[data-category]').evaluateAll((rows) =>
    rows.map((row) => Object.fromEntries([...row.querySelectorAll<HTMLElement>('[role="radio"]')].map((r) => [r.dataset.level, Math.round(r.getBoundingClientRect().left)]))),
  );
  expect(xs.length).toBeGreaterThanOrEqual(15);
  for (const level of ['none', 'read', 'full']) expect(new Set(xs.map((x) => x[level]).filter((x) => x !== undefined)).size).toBe(1);
  const emailActivity = xs[(await ui.dialog.locator('.matrix__row[data-category]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.category))).indexOf('email_activity')]!;
  expect(emailActivity.full).toBeUndefined();
  expect(emailActivity.read).toBe(xs[0]!.read);

  // The filter narrows the categories, then the scopes.
  const filter = ui.dialog.getByLabel('Filter categories and scopes');
  await filter.fill('suppression');
  await expect(ui.dialog.locator('.matrix__row[data-category]')).toHaveCount(1);
  await expect(ui.levels('Suppressions')).toBeVisible();
  await filter.fill('');
  await ui.setLevel('Stats', 'Read Access');
  await ui.dialog.getByRole('tab', { name: 'Individual scopes' }).click();
  const mailSend = ui.dialog.getByRole('checkbox', { name: 'All of Mail Send' });
  await mailSend.check();
  await expect(ui.dialog.getByRole('group', { name: /^All of Mail Send|Mail Send/ }).first()).toContainText('(9 of 9)');
  await ui.dialog.getByRole('checkbox', { name: 'mail.batch.read', exact: true }).uncheck();
  await expect(mailSend).toHaveAttribute('aria-checked', 'mixed');
  await mailSend.check();
  await filter.fill('scheduled');
  await expect(ui.dialog.getByRole('checkbox', { name: 'mail.send', exact: true })).toHaveCount(0);
  await expect(ui.dialog.getByRole('checkbox', { name: 'user.scheduled_sends.read', exact: true })).toBeChecked();
  await filter.fill('');

  // Scrolled to the bottom, the summary of what is chosen is still in view.
  await ui.dialog.locator('.dialog__body').evaluate((body) => body.scrollTo({ top: body.scrollHeight }));
  const summary = ui.dialog.getByRole('list', { name: 'Chosen permissions' });
  await expect(summary).toHaveText(/Mail Send · Full.*Stats · Read/);
  const [sum, body] = [await box(summary), await box(ui.dialog.locator('.dialog__body'))];
  expect(sum.y).toBeGreaterThanOrEqual(body.y - 1);
  expect(sum.y + sum.height).toBeLessThanOrEqual(body.y + body.height);
});

test('a changed Create or Edit form asks before Escape, a click outside or Cancel throws it away; an untouched one closes at once', async ({ keydesk, page }) => {
  seedKeys(keydesk.main, [{ name: 'Reports', scopes: ['stats.read'] }]);
  await keydesk.open();
  const ui = new KeysPage(page);
  const ask = page.getByRole('alertdialog', { name: 'Discard your changes?' });

  await ui.openCreate();
  await page.keyboard.press('Escape');
  await expect(ui.dialog).toHaveCount(0);

  await ui.openCreate();
  await ui.dialog.getByLabel('API key name').fill('Half-made key');
  await page.keyboard.press('Escape');
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(ui.dialog.getByLabel('API key name')).toHaveValue('Half-made key');
  await page.mouse.click(5, 300);
  await expect(ask).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await ui.dialog.getByRole('button', { name: 'Cancel' }).click();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(ui.dialog).toHaveCount(0);
  expect(keydesk.main.store.keys.listLive(1)).toHaveLength(1);

  await ui.openRowAction('Reports', 'Edit');
  await ui.setLevel('Mail Send', 'Full Access');
  await page.keyboard.press('Escape');
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(ui.dialog).toHaveCount(0);
  expect(keydesk.main.store.keys.listLive(1)[0]!.scopes).toEqual(['stats.read']);
});

test('one count model: issued keys against the limit, imported records apart, "showing N of M" agreeing with both, the Activity log\'s counts with keydesk log, for a 5,000-record account too', async ({ keydesk, page }) => {
  seedAccount(keydesk.main);
  keydesk.main.accounts.create(keydesk.main.owner(), { name: 'big import', parent: null });
  importInventoryInto(keydesk.main, 'big import', 5000);
  await keydesk.open();
  const ui = new KeysPage(page);
  await expect(page.locator('.page__meta')).toHaveText(/^40 of 100 keys\s*12 imported records$/);
  await ui.search.fill('sendgrid-user-1');
  await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toHaveText('Showing 3 of 52: 40 keys and 12 imported records');

  // The Activity log counts this account's entries, as `keydesk log` does, and says the chain check read every account's.
  const cli = cliFor(keydesk.main.path);
  const [own, all] = await Promise.all([cli(['log', '--json']), cli(['log', '--json', '--all'])]);
  const [ownCount, allCount] = [own, all].map((run) => (JSON.parse(run.stdout) as unknown[]).length) as [number, number];
  expect(allCount).toBeGreaterThan(ownCount);
  const pages = new AppPages(page);
  await pages.goTo('Activity log');
  await expect(page.getByRole('status').filter({ hasText: 'Audit log intact' })).toContainText(`all ${allCount.toLocaleString('en-US')} entries verified`);
  await expect(page.getByRole('status').filter({ hasText: 'about this account' })).toHaveText(
    `${ownCount.toLocaleString('en-US')} entries about this account · the log checked above holds ${allCount.toLocaleString('en-US')} entries, every account's`,
  );
  await pages.goTo('Keys');

  await page.getByRole('button', { name: 'Account: default' }).click();
  await expect(page.getByRole('menuitemradio', { name: /^default/ })).toContainText('40 of 100 keys + 12 imported');
  await page.getByRole('menuitemradio', { name: /^big import/ }).click();
  await expect(page.locator('.page__meta')).toHaveText(/^0 of 100 keys\s*5,000 imported records$/);
});

/** An account holding `count` imported records and nothing issued. */
function importInventoryInto(main: IpcHost, account: string, count: number) {
  importRecords(
    { ...main, owner: () => main.owner(account) } as IpcHost,
    keyIds(count, 'big').map((id, i) => ({ api_key_id: id, name: `imported ${i}`, scopes: ['mail.send'] })),
  );
}

test("leak-check statuses are verify's verdict: disabled and expired keys are not called live; at 720 px a long path wraps at its separators", async ({ keydesk, page }) => {
  const { main } = keydesk;
  const [live, disabled, expiring] = seedKeys(main, [{ name: 'live one' }, { name: 'disabled one' }, { name: 'expired one' }]);
  main.lifecycle.disable(main.owner(), disabled!.api_key_id);
  main.lifecycle.setExpiry(main.owner(), expiring!.api_key_id, new Date(main.clock.now().getTime() + HOUR).toISOString());
  main.clock.advance(2 * HOUR);
  const tree = mkdtempSync(join(tmpdir(), 'keydesk-leaks-'));
  const folder = join(tree, 'services', 'production-mailer', 'deployment', 'environments', 'europe-west');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'mailer.env'), [live, disabled, expiring].map((k) => `KEY=${k!.api_key}`).join('\n'));
  await page.setViewportSize({ width: 720, height: 480 });
  await keydesk.open();
  const pages = new AppPages(page);
  await pages.goTo('Inventory');
  main.dialogAnswers.push(tree);
  await pages.panel('Leak check').getByRole('button', { name: 'Scan a folder…' }).click();
  const rows = pages.panel('Leak check').getByRole('table', { name: 'Keys found' }).getByRole('row').filter({ has: page.getByRole('cell') });
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('td:nth-child(3)')).toHaveText(['Live', 'Disabled', 'Expired']);
  // At 720 px the long path wraps, and only after a separator (or a hyphen inside a name), never letter by letter.
  const breaksAfter = await rows.first().locator('.path').evaluate((path) => {
    const chars = [...path.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).flatMap((node) =>
      [...node.textContent!].map((char, i) => {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        return { char, top: Math.round(range.getClientRects()[0]!.top) };
      }),
    );
    return chars.flatMap((c, i) => (i > 0 && c.top > chars[i - 1]!.top ? [chars[i - 1]!.char] : []));
  });
  expect(breaksAfter.length).toBeGreaterThan(0);
  for (const char of breaksAfter) expect(['/', '\\', '-']).toContain(char);
  for (const [key, reason] of [[disabled, 'disabled'], [expiring, 'expired']] as const) expect(main.verifier.verify(key!.api_key)).toMatchObject({ ok: false, reason });
});

test('bulk, notices and hierarchy: a bulk action that worked ends in one notice that covers no row; one primary action on Inventory', async ({ keydesk, page }) => {
  seedKeys(keydesk.main, Array.from({ length: 8 }, (_, i) => ({ name: `key ${i}`, scopes: ['mail.send'] })));
  await page.setViewportSize({ width: 720, height: 480 });
  await keydesk.open();
  const ui = new KeysPage(page);
  await page.getByRole('checkbox', { name: 'Select key 0' }).click();
  await page.getByRole('checkbox', { name: 'Select key 2' }).click({ modifiers: ['Shift'] });
  await page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Disable' }).click();
  await ui.alertDialog.getByRole('button', { name: 'Disable 3 keys' }).click();
  await expect(ui.alertDialog).toHaveCount(0);
  const notices = page.getByRole('region', { name: 'Notifications' }).getByRole('status');
  await expect(notices).toHaveText(['Disabled: 3 keys.']);
  const [toast, table] = [await box(notices.first()), await box(ui.table)];
  expect(toast.y).toBeGreaterThanOrEqual(table.y + table.height);

  const pages = new AppPages(page);
  await pages.goTo('Inventory');
  await expect(page.locator('.button--primary:visible')).toHaveCount(1);
  await expect(pages.panel('Export').getByRole('button', { name: 'Export…' })).toHaveClass(/button--primary/);
});

test('a rolled key in grace shows a tag in the list, has its own filter and Audit finding, and shows in Edit; times read the same everywhere', async ({ keydesk, page }) => {
  const { main } = keydesk;
  const [rolled, other] = seedKeys(main, [{ name: 'Rolled mailer', scopes: ['mail.send'] }, { name: 'Other', scopes: ['mail.send'] }]);
  main.lifecycle.setExpiry(main.owner(), other!.api_key_id, new Date(main.clock.now().getTime() + 800 * DAY).toISOString());
  main.clock.advance(3 * DAY);
  main.verifier.verify(other!.api_key, { caller: 'batch' });
  main.clock.advance(2 * HOUR);
  await keydesk.open();
  const ui = new KeysPage(page);
  await ui.openRowAction('Rolled mailer', 'Roll…');
  await ui.dialog.getByRole('radio', { name: '24 hours' }).click();
  await ui.dialog.getByRole('button', { name: 'Roll key' }).click();
  await ui.closeReveal();
  await expect(ui.row(/^Rolled mailer/)).toContainText('2 secrets · old one stops in 24 h');

  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('menuitemradio', { name: 'Rolled, old secret still working' }).click();
  await page.keyboard.press('Escape');
  expect(await ui.names()).toEqual(['Rolled mailer']);
  await page.getByRole('button', { name: /^Remove filter/ }).click();

  await ui.openRowAction('Rolled mailer', 'Edit');
  await expect(ui.dialog).toContainText('2 secrets · old one stops in 24 h');
  await page.keyboard.press('Escape');

  // One time format: relative within a year (the exact time, local and UTC, on hover), a date beyond.
  const otherRow = ui.row('Other');
  await expect(otherRow.locator('.col--expires_at')).toHaveText(/^expires [A-Z][a-z]{2} \d+, 2028$/);
  await expect(otherRow.locator('.col--last_used_at time')).toHaveText('2 hours ago');
  await expect(otherRow.locator('.col--last_used_at time')).toHaveAttribute('title', /UTC$/);
  await expect(otherRow.locator('.col--created_at time')).toHaveText('3 days ago');

  const pages = new AppPages(page);
  await pages.goTo('Audit');
  await expect(pages.finding('Rolled keys whose old secret still works')).toContainText('Rolled mailer');
  await pages.goTo('Activity log');
  await expect(pages.logRows().first().locator('time')).toHaveText('just now');
  expect(rolled).toBeTruthy();
});

/** Counts the clicks a person makes (trusted click events), as the docs' flow table reports them. */
async function countClicks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const scope = window as unknown as { clicks?: number };
    // One listener for the page; counting again starts from zero.
    if (scope.clicks === undefined) document.addEventListener('click', (event) => event.isTrusted && scope.clicks!++, { capture: true });
    scope.clicks = 0;
  });
  return () => page.evaluate(() => (window as unknown as { clicks: number }).clicks);
}

test('the key flows in docs/app.md, with their click counts: a restricted key with Mail Send Full and Stats Read in 6, the keys unused for 90 days disabled in 4, a key found by pasting it in 1', async ({ keydesk, page }) => {
  const { main } = keydesk;
  const stale = seedKeys(main, Array.from({ length: 3 }, (_, i) => ({ name: `old ${i}`, scopes: ['mail.send'] })));
  for (const key of stale) main.verifier.verify(key.api_key);
  main.clock.advance(100 * DAY);
  const [wanted] = seedKeys(main, [{ name: 'the one pasted' }, { name: 'another' }]);
  await keydesk.open();
  const ui = new KeysPage(page);
  let clicks = await countClicks(page);

  // Create: Create API key, Restricted Access, Mail Send Full, Stats Read, Create & View, I've stored it (and the name typed).
  await ui.openCreate();
  await ui.dialog.getByLabel('API key name').fill('Production mailer');
  await ui.chooseAccess('Restricted Access');
  await ui.setLevel('Mail Send', 'Full Access');
  await ui.setLevel('Stats', 'Read Access');
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  await expect(ui.revealedKey).toHaveText(/^SG\./);
  await ui.closeReveal();
  expect(await clicks()).toBe(6);
  expect(main.store.keys.listLive(1).find((k) => k.name === 'Production mailer')?.scopes).toEqual(scopesForLevels({ mail_send: 'full', stats: 'read' }));

  // Disable the keys unused for 90 days: Audit, Select these keys (Unused keys), Disable, Disable 3 keys.
  clicks = await countClicks(page);
  const pages = new AppPages(page);
  await pages.goTo('Audit');
  await pages.finding('Unused keys').getByRole('button', { name: /^Select these keys/ }).click();
  await page.getByRole('region', { name: 'Selected keys' }).getByRole('button', { name: 'Disable' }).click();
  await ui.alertDialog.getByRole('button', { name: 'Disable 3 keys' }).click();
  await expect(ui.alertDialog).toHaveCount(0);
  expect(await clicks()).toBe(4);
  for (const key of stale) expect(main.store.keys.find(key.api_key_id)?.disabled_at).not.toBeNull();
  await page.getByRole('button', { name: /show every key$/ }).click();

  // Find a key by pasting it: one click in the search box, then paste; only the ID stays there.
  clicks = await countClicks(page);
  await ui.search.click();
  await page.keyboard.insertText(wanted!.api_key);
  await expect(ui.dataRows()).toHaveCount(1);
  expect(await ui.names()).toEqual(['the one pasted']);
  await expect(ui.search).toHaveValue(wanted!.api_key_id);
  expect(await clicks()).toBe(1);
});
