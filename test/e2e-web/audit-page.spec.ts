/**
 * The Audit page over main's real store: planted findings appear under their severity, most
 * severe first, the charts count the keys, and a key named in a finding opens it (its edit
 * dialog), with focus back on the finding afterwards. Fixing the key clears its finding.
 */
import { scopesForLevels } from '../../common/permissions.ts';
import { AppPages, DAY } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

test('shows planted findings by severity, the charts, and opens a finding\'s key', async ({ keydesk }) => {
  const main = keydesk.main;
  const [, , mailer] = seedKeys(main, [
    { name: 'Everything' },
    { name: 'Finance', scopes: scopesForLevels({ billing: 'full' }) },
    { name: 'Mailer', scopes: ['mail.send'] },
    { name: 'mailer ', scopes: scopesForLevels({ mail_send: 'full' }) },
  ]);
  main.verifier.verify(mailer!.api_key);
  main.clock.advance(100 * DAY);

  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Audit');
  await expect(ui.heading('Audit')).toBeVisible();

  // Severity groups in order, each with the findings planted for it.
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([/^High/, /^Medium/, /^Low/]);
  await expect(ui.severity('High').getByRole('heading', { level: 3 })).toHaveText([
    'Full Access keys',
    'Keys that can create keys',
    'Keys that send mail and control the account',
  ]);
  await expect(ui.severity('Medium').getByRole('heading', { level: 3 })).toHaveText(['Billing Access keys', 'Unused keys']);
  await expect(ui.severity('Low').getByRole('heading', { level: 3 })).toHaveText(['Keys never used', 'Duplicate names']);
  await expect(ui.finding('Unused keys')).toContainText('1 key not used for more than 90 days');
  await expect(ui.finding('Duplicate names').getByRole('button', { name: /^Mailer / })).toHaveCount(1);
  await expect(ui.finding('Duplicate names').getByRole('button', { name: /^mailer / })).toHaveCount(1);
  await expect(ui.finding('Full Access keys').getByRole('button')).toHaveText(['Select these keys', /^Everything/]);

  // The charts count the same four keys.
  await expect(ui.chart('Keys by access type').getByRole('listitem')).toHaveText([
    'Full Access: 1 (25%)',
    'Restricted Access: 2 (50%)',
    'Billing Access: 1 (25%)',
  ]);
  await expect(ui.chart('Key age').getByRole('listitem')).toHaveText(['Under 30 days: 0', '30–89 days: 0', '90–179 days: 4', '180–364 days: 0', '365 days or more: 0']);
  await expect(ui.chart('Categories held at Full Access').getByRole('listitem').first()).toHaveText('Mail Send: 2');

  // A key in a finding opens that key's detail panel, with every action.
  const link = ui.finding('Unused keys').getByRole('button', { name: new RegExp(`Mailer ${mailer!.api_key_id}`) });
  await link.click();
  const keys = new KeysPage(page);
  await expect(keys.dialog.getByRole('heading', { name: 'Mailer' })).toBeVisible();
  await expect(keys.dialog).toContainText(`API Key ID ${mailer!.api_key_id}`);
  await expect(keys.dialog.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Disable' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(keys.dialog).toHaveCount(0);
  await expect(link).toBeFocused();
  await expect(ui.nav.getByRole('button', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
});

test('fixing a key from its finding clears the finding', async ({ keydesk }) => {
  seedKeys(keydesk.main, [{ name: 'Everything' }, { name: 'Reports', scopes: ['stats.read'] }]);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Audit');
  await ui.finding('Full Access keys').getByRole('button', { name: /^Everything/ }).click();
  await page.getByRole('dialog', { name: 'Everything' }).getByRole('button', { name: 'Edit' }).click();

  // Restricted, every category kept but API Keys: neither Full Access nor able to mint keys.
  const keys = new KeysPage(page);
  await keys.chooseAccess('Restricted Access');
  await keys.setLevel('API Keys', 'No Access');
  await keys.dialog.getByRole('button', { name: 'Save' }).click();
  // Saved, the detail panel it came from is back; closing it shows the audit again.
  await expect(keys.dialog.getByRole('group', { name: 'Actions' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(keys.dialog).toHaveCount(0);

  await expect(ui.chart('Keys by access type').getByRole('listitem').first()).toHaveText('Full Access: 0 (0%)');
  await expect(ui.finding('Full Access keys')).toHaveCount(0);
  await expect(ui.finding('Keys that can create keys')).toHaveCount(0);
  await expect(ui.finding('Keys that send mail and control the account')).toHaveCount(1);
});

test('an account with nothing to report says so', async ({ keydesk }) => {
  const main = keydesk.main;
  const [key] = seedKeys(main, [{ name: 'Reports', scopes: ['stats.read'] }]);
  main.verifier.verify(key!.api_key);
  const page = await keydesk.open();
  const ui = new AppPages(page);
  await ui.goTo('Audit');
  await expect(page.getByText('No findings: nothing in this account needs attention.')).toBeVisible();
  await expect(page.getByText(/^0 findings about 1 key/)).toBeVisible();
});
