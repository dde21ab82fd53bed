/**
 * The Audit, Activity log and Inventory pages in both themes: axe-core reports no serious or
 * critical violation, and a screenshot of each is written to test/artifacts/screenshots/ (see
 * views.ts). The data is planted so every part of each page shows: findings of each severity,
 * charts, scope changes, a broken chain, and every inventory panel with its result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { issueKey } from '../../main/core/key-format.ts';
import { scopesForLevels } from '../../common/permissions.ts';
import { exportInventory } from '../../main/services/inventory-export.ts';
import type { IpcHost } from '../helpers/ipc-host.ts';
import { DAY, importRecords, openIn } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { seedKeys } from './keys-page.ts';
import { checkView, type Scheme } from './views.ts';

const SENDGRID = fileURLToPath(new URL('../fixtures/sendgrid/', import.meta.url));

/** A year of an account's life: old and unused keys, broad ones, imports, renames and scope changes. */
function plantHistory(main: IpcHost) {
  const [legacy, everything] = seedKeys(main, [
    { name: 'Legacy webhook', scopes: scopesForLevels({ mail_settings: 'read', tracking: 'full' }) },
    { name: 'Everything' },
  ]);
  main.verifier.verify(legacy!.api_key);
  main.clock.advance(300 * DAY);
  const [mailer, , finance] = seedKeys(main, [
    { name: 'Production mailer', scopes: scopesForLevels({ mail_send: 'full', stats: 'read', suppressions: 'read' }) },
    { name: 'Marketing dashboard', scopes: scopesForLevels({ stats: 'read', email_activity: 'read', template_engine: 'read' }) },
    { name: 'Finance exports', scopes: scopesForLevels({ billing: 'read' }) },
    { name: 'production mailer', scopes: ['mail.send'] },
  ]);
  importRecords(main, [
    { api_key_id: 'qfTQ6KG0QBiwWdJ0-pCLCA', name: 'A New Hope', scopes: ['alerts.create', 'alerts.read', 'mail.send', 'mail_settings.bounce_purge.read'] },
    { api_key_id: 'ynfH3dkkSYfdvQRKIjcP5Q', name: 'Mail Send' },
  ]);
  main.clock.advance(70 * DAY);
  main.verifier.verify(mailer!.api_key);
  main.keys.rename(main.owner(), finance!.api_key_id, 'Finance reports');
  main.keys.replace(main.owner(), mailer!.api_key_id, {
    name: 'Production mailer',
    scopes: scopesForLevels({ mail_send: 'full', stats: 'read', suppressions: 'full' }),
  });
  return { legacy: legacy!, everything: everything!, mailer: mailer! };
}


test.describe.configure({ mode: 'parallel' });

for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
  test.describe(`${scheme} theme`, () => {
    test.slow();

    test('the audit page', async ({ keydesk }) => {
      plantHistory(keydesk.main);
      const ui = await openIn(keydesk, scheme);
      await ui.goTo('Audit');
      await expect(ui.severity('Low')).toBeVisible();
      await checkView(ui.page, 'audit', scheme);
      await ui.severity('Medium').scrollIntoViewIfNeeded();
      await checkView(ui.page, 'audit-findings', scheme);
    });

    test('the activity log, intact and then broken', async ({ keydesk }) => {
      plantHistory(keydesk.main);
      const ui = await openIn(keydesk, scheme);
      await ui.goTo('Activity log');
      await expect(ui.logRows()).toHaveCount(11);
      await checkView(ui.page, 'activity', scheme);

      const raw = new Database(keydesk.main.path);
      raw.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE seq = 4");
      raw.close();
      await expect(ui.page.getByRole('alert').filter({ hasText: 'Hash chain broken at row 4' })).toBeVisible();
      await checkView(ui.page, 'activity-broken', scheme);
    });

    test('the inventory page with every result', async ({ keydesk }) => {
      const main = keydesk.main;
      const { mailer } = plantHistory(main);
      const earlier = join(main.dir, 'keys-2026-01.json');
      await exportInventory(main.store, { path: earlier }, { format: 'json', caller: main.owner(), clock: main.clock });
      main.keys.rename(main.owner(), mailer.api_key_id, 'Production mailer (EU)');
      seedKeys(main, [{ name: 'Webhook signer', scopes: ['user.webhooks.event.settings.read'] }]);
      const tree = join(main.dir, 'checkout');
      mkdirSync(join(tree, 'config'), { recursive: true });
      writeFileSync(join(tree, 'config', 'mail.env'), `SENDGRID_API_KEY=${mailer.api_key}\n`);
      writeFileSync(join(tree, 'README.md'), `Example: ${issueKey().apiKey}\n`);

      const ui = await openIn(keydesk, scheme);
      await ui.page.setViewportSize({ width: 1280, height: 1000 });
      await ui.goTo('Inventory');
      main.dialogAnswers.push(join(main.dir, 'keys.csv'), join(SENDGRID, 'api-keys-per-line.jsonl'), earlier, tree);
      await ui.panel('Export').getByRole('button', { name: 'Export…' }).click();
      await expect(ui.panel('Export').getByRole('status')).toContainText('Exported');
      await ui.panel('Import').getByRole('button', { name: 'Import a file…' }).click();
      await expect(ui.panel('Import').getByRole('status')).toContainText('Imported into');
      await checkView(ui.page, 'inventory', scheme);

      await ui.panel('Compare').getByRole('button', { name: 'Compare with a file…' }).click();
      await expect(ui.panel('Compare').getByRole('status')).toContainText('Renamed');
      await ui.panel('Leak check').getByRole('button', { name: 'Scan a folder…' }).click();
      await expect(ui.panel('Leak check').getByRole('status')).toContainText('1 live');
      await ui.panel('Leak check').scrollIntoViewIfNeeded();
      await checkView(ui.page, 'inventory-diff-leaks', scheme);

      // A refused file, in its panel.
      main.dialogAnswers.push(join(SENDGRID, 'README.md'));
      await ui.panel('Import').getByRole('button', { name: 'Import a file…' }).click();
      await expect(ui.panel('Import').getByRole('alert')).toBeVisible();
      await ui.panel('Import').scrollIntoViewIfNeeded();
      await checkView(ui.page, 'inventory-import-error', scheme);
    });
  });
}
