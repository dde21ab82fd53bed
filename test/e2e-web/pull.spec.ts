/**
 * "Pull from SendGrid" on the Inventory page, over main's real store, against a local API
 * (Keydesk's own SendGrid-compatible server, in process) seeded with a parent and two subusers:
 * the masked key field, the subusers choice, progress per account with Cancel (a stand-in that
 * answers slowly holds the pull in flight), the least-privilege warning, the summary; then the
 * pulled keys in the key list and the audit. The key never reaches the page after it is sent.
 * Both themes are axe-checked, and the dialog and its summary are the docs' screenshots.
 */
import type { Page } from '@playwright/test';
import { scopesForLevels } from '../../common/permissions.ts';
import { startTestApi, type TestApi } from '../helpers/local-api.ts';
import { startStandIn, standInKey, type StandIn } from '../helpers/sendgrid-stand-in.ts';
import { snapshot } from '../helpers/temp-store.ts';
import { AppPages, openIn } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage } from './keys-page.ts';
import { checkView, type Scheme } from './views.ts';

interface Source {
  readonly api: TestApi;
  /** Holds API Keys and Subusers read, and Mail Send: more than a pull needs. */
  readonly key: string;
}

/** A SendGrid account as Keydesk's own local API serves it: a parent and two subusers, keys of mixed access. */
async function seededSource(): Promise<Source> {
  const api = await startTestApi();
  const owner = api.owner();
  api.accounts.create(owner, { name: 'acme-eu', parent: 'default' });
  api.accounts.create(owner, { name: 'acme-us', parent: 'default' });
  const key = api.keys.create(owner, { name: 'Auditor', scopes: ['api_keys.read', 'subusers.read', 'mail.send'] }).api_key;
  api.keys.create(owner, { name: 'Production mailer', scopes: scopesForLevels({ mail_send: 'full', stats: 'read' }) });
  api.keys.create(owner, { name: 'Finance', scopes: ['billing.read'] });
  api.keys.create(api.owner('acme-eu'), { name: 'EU everything' });
  api.keys.create(api.owner('acme-eu'), { name: 'EU mailer', scopes: ['mail.send'] });
  api.keys.create(api.owner('acme-us'), { name: 'US stats', scopes: scopesForLevels({ stats: 'read' }) });
  return { api, key };
}

const pullDialog = (page: Page) => page.getByRole('dialog', { name: 'Pull from SendGrid' });

async function openPullDialog(ui: AppPages) {
  await ui.goTo('Inventory');
  await ui.panel('SendGrid').getByRole('button', { name: 'Pull from SendGrid…' }).click();
  await expect(pullDialog(ui.page)).toBeVisible();
}

/** Fills the form: the key, and the local server's address under "API address". */
async function fillForm(page: Page, key: string, baseUrl: string) {
  const dialog = pullDialog(page);
  await dialog.getByLabel('SendGrid API key').fill(key);
  const address = dialog.getByLabel('SendGrid API address');
  if (!(await address.isVisible())) await dialog.getByText('API address', { exact: true }).click();
  await address.fill(baseUrl);
}

test('pulls a parent and two subusers: every key lands in its account, marked From SendGrid, and the audit sees them', async ({ keydesk }) => {
  const source = await seededSource();
  try {
    const page = await keydesk.open();
    const ui = new AppPages(page);
    await openPullDialog(ui);
    const dialog = pullDialog(page);
    const keyField = dialog.getByLabel('SendGrid API key');
    await expect(keyField).toHaveAttribute('type', 'password');
    await expect(dialog.getByRole('checkbox', { name: /Include subusers/ })).toBeChecked();
    await fillForm(page, source.key, source.api.api.url);
    await dialog.getByRole('button', { name: 'Pull', exact: true }).click();

    await expect(dialog.getByRole('status').filter({ hasText: 'Pulled 3 accounts from' })).toBeVisible();
    const rows = dialog.getByRole('table', { name: 'What the pull changed, by account' }).getByRole('row');
    await expect(rows).toHaveText([/Account\s*Added/, /^default\s*4\s*0\s*0\s*0$/, /^acme-eu\s*New subuser\s*2\s*0\s*0\s*0$/, /^acme-us\s*New subuser\s*1\s*0\s*0\s*0$/]);
    await expect(dialog.locator('#pull-excess')).toContainText('1 scope a pull does not need (mail.send)');
    // Sent, and gone from the page: not in the field, not anywhere in the document.
    expect(await page.content()).not.toContain(source.key.split('.')[2]);

    // In main's store: every key, in its account, as a pulled record.
    const main = keydesk.main;
    const sourceKeys = (name: string) => source.api.store.keys.listLive(source.api.store.accounts.byName(name)!.id).map((k) => [k.api_key_id, k.name, k.scopes]);
    const pulledKeys = (name: string) => main.store.keys.listLive(main.store.accounts.byName(name)!.id).map((k) => [k.api_key_id, k.name, k.scopes]);
    for (const account of ['default', 'acme-eu', 'acme-us']) expect(pulledKeys(account), account).toEqual(sourceKeys(account));

    await dialog.getByRole('button', { name: 'Done' }).click();
    await ui.goTo('Keys');
    const keys = new KeysPage(page);
    await expect(keys.row('Production mailer')).toContainText('From SendGrid');
    await ui.goTo('Audit');
    await expect(ui.finding('Billing Access keys')).toContainText('Finance');
  } finally {
    await source.api.stop();
  }
});

test('a key SendGrid refuses: the reason, the field emptied for a fresh paste, and nothing written', async ({ keydesk }) => {
  const source = await seededSource();
  try {
    const page = await keydesk.open();
    await openPullDialog(new AppPages(page));
    const before = snapshot(keydesk.main.store);
    await fillForm(page, `${source.key.slice(0, -4)}xxxx`, source.api.api.url);
    await pullDialog(page).getByRole('button', { name: 'Pull', exact: true }).click();
    const alert = pullDialog(page).getByRole('alert');
    await expect(alert).toContainText('The pull stopped.');
    await expect(alert).toContainText('GET /v3/scopes: 401 The provided authorization grant is invalid, expired, or revoked');
    await expect(alert).toContainText('nothing was written');
    await expect(pullDialog(page).getByLabel('SendGrid API key')).toHaveValue('');
    expect(snapshot(keydesk.main.store)).toEqual(before);

    // An empty key is caught in the form, before main is asked.
    await pullDialog(page).getByRole('button', { name: 'Pull', exact: true }).click();
    await expect(pullDialog(page).getByLabel('SendGrid API key')).toHaveAccessibleDescription(/Paste the SendGrid API key to pull with/);
  } finally {
    await source.api.stop();
  }
});

/** A stand-in whose subuser "acme-us" answers its key reads slowly, so the pull stays in flight. */
async function slowStandIn(): Promise<StandIn> {
  const standIn = await startStandIn(
    {
      keys: [standInKey(1, 'Auditor', ['api_keys.read', 'subusers.read']), standInKey(2, 'Production mailer', ['mail.send'])],
      subusers: { 'acme-eu': [standInKey(10, 'EU mailer', ['mail.send'])], 'acme-us': [standInKey(20, 'US stats', ['stats.read']), standInKey(21, 'US admin', ['api_keys.read'])] },
    },
    ['api_keys.read', 'subusers.read', 'mail.send', 'templates.read'],
  );
  standIn.fault = (request) => (request.onBehalfOf === 'acme-us' && request.path.startsWith('/v3/api_keys/') ? { kind: 'delay', ms: 30_000 } : null);
  return standIn;
}


test.describe.configure({ mode: 'parallel' });

for (const scheme of ['light', 'dark'] as const satisfies readonly Scheme[]) {
  test.describe(`${scheme} theme`, () => {
    test.slow();

    test('the pull dialog: form, progress per account with Cancel, and the summary', async ({ keydesk }) => {
      const slow = await slowStandIn();
      const source = await seededSource();
      try {
        const ui = await openIn(keydesk, scheme);
        await openPullDialog(ui);
        const dialog = pullDialog(ui.page);
        await checkView(ui.page, 'pull-form', scheme);

        // In flight: each account's progress, the warning, and Cancel.
        const before = snapshot(keydesk.main.store);
        await fillForm(ui.page, slow.key, slow.url);
        await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
        const accounts = dialog.getByRole('list', { name: 'Accounts' });
        await expect(accounts.getByRole('listitem')).toHaveText([/^default\s*2 of 2 keys$/, /^acme-eu\s*1 of 1 key$/, /^acme-us\s*0 of 2 keys$/]);
        await expect(dialog.getByRole('progressbar', { name: 'acme-us' })).toHaveAttribute('value', '0');
        await expect(dialog.locator('#pull-excess')).toContainText('2 scopes a pull does not need (mail.send, templates.read)');
        await checkView(ui.page, 'pull-dialog', scheme);
        await dialog.getByRole('button', { name: 'Cancel pull' }).click();
        await expect(dialog.getByRole('status')).toHaveText('The pull was cancelled: nothing was written.');
        expect(snapshot(keydesk.main.store)).toEqual(before);

        // Then a whole pull, from the local API.
        await fillForm(ui.page, source.key, source.api.api.url);
        await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
        await expect(dialog.getByRole('status').filter({ hasText: 'Pulled 3 accounts' })).toBeVisible();
        await checkView(ui.page, 'pull-summary', scheme);
      } finally {
        await slow.close();
        await source.api.stop();
      }
    });
  });
}
