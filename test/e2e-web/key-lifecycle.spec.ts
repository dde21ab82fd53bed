/**
 * A key's life in the UI against main's real store and verifier: expiry (shown as "expires in N
 * days", warned at 30, 7 and 1 days; set at create, in edit and from the row menu, within the
 * account's policy), disable and enable, and roll with a grace period (the new key revealed once,
 * both keys working until the grace ends). The page's clock is main's (see fixtures.ts).
 */
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

test('shows "expires in N days" with warnings at 30, 7 and 1 days; an expired key shows Expired and verify rejects it', async ({ keydesk }) => {
  const { main } = keydesk;
  const inDays = (days: number) => new Date(main.clock.now().getTime() + days * DAY).toISOString();
  const [old] = seedKeys(main, [{ name: 'Old webhook' }]);
  main.lifecycle.setExpiry(main.owner(), old!.api_key_id, inDays(1));
  main.clock.advance(2 * DAY);
  const [soon, later] = seedKeys(main, [{ name: 'Soon' }, { name: 'Later' }, { name: 'Forever' }]);
  main.lifecycle.setExpiry(main.owner(), soon!.api_key_id, inDays(5));
  main.lifecycle.setExpiry(main.owner(), later!.api_key_id, inDays(25));
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  const expiry = (name: string) => ui.row(name).getByRole('cell').nth(5);
  const status = (name: string) => ui.row(name).getByRole('cell').nth(4);
  await expect(expiry('Soon')).toHaveText('Expires within 7 days: expires in 5 days');
  await expect(expiry('Later')).toHaveText('Expires within 30 days: expires in 25 days');
  await expect(expiry('Forever')).toHaveText('never expires');
  await expect(status('Old webhook')).toHaveText('Expired');
  await expect(expiry('Old webhook')).toHaveText('expired 1 day ago');
  expect(main.verifier.verify(old!.api_key)).toMatchObject({ ok: false, reason: 'expired' });
  expect(main.verifier.verify(soon!.api_key).ok).toBe(true);

  // The page says how many keys are about to expire, and shows them on request.
  await expect(page.getByRole('note').filter({ hasText: 'expire within 30 days' })).toHaveText(/2 keys expire within 30 days \(1 within 7 days\)\./);
  await page.getByRole('button', { name: 'Show expiring keys' }).click();
  await expect(page.getByRole('list', { name: 'Active filters' })).toHaveText('Status: Expiring within 30 days');
  expect((await ui.names()).sort()).toEqual(['Later', 'Soon']);

  // Four days and an hour on, "Soon" is in its last day; the list says so when it next loads.
  await keydesk.advanceClock(4 * DAY + HOUR);
  await keydesk.emit('store:changed', { external: true });
  await expect(expiry('Soon')).toHaveText('Expires within a day: expires in 23 hours');
  await expect(expiry('Soon').locator('.expiry--warn-1')).toBeVisible();
});

test('creates a key with a 30-day expiry; under a 90-day policy the longer choices are unavailable and a later date is refused at the field', async ({ keydesk }) => {
  const { main } = keydesk;
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  const expiryChoices = () => ui.dialog.getByRole('radiogroup', { name: 'Expiry' });

  await ui.openCreate();
  await expect(expiryChoices().getByRole('radio', { name: 'No expiry' })).toBeChecked();
  await expiryChoices().getByRole('radio', { name: '30 days' }).click();
  await expect(ui.dialog.getByText('Stops working Feb 14, 2026, 9:00 AM (expires in 30 days).')).toBeVisible();
  const key = await ui.createKey('Quarterly report');
  await ui.closeReveal();
  await expect(ui.row('Quarterly report').getByRole('cell').nth(5)).toHaveText('Expires within 30 days: expires in 30 days');
  const id = key.split('.')[1]!;
  expect(main.store.keys.find(id)?.expires_at).toBe('2026-02-14T09:00:00.000Z');

  main.accounts.setPolicy(main.owner(), 'default', 90);
  await keydesk.emit('store:changed', { external: true });
  await ui.openCreate();
  await expect(expiryChoices().getByRole('radio', { name: '90 days' })).toBeChecked();
  await expect(expiryChoices().getByRole('radio', { name: 'No expiry' })).toBeDisabled();
  await expect(expiryChoices().getByRole('radio', { name: '365 days' })).toBeDisabled();
  await expect(ui.dialog.getByText('This account allows keys to live at most 90 days.')).toBeVisible();

  await ui.dialog.getByLabel('API key name').fill('Too long');
  await expiryChoices().getByRole('radio', { name: 'A date' }).click();
  await ui.dialog.getByLabel('Expiry date').fill('2026-06-01');
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  await expect(ui.dialog.getByRole('alert')).toHaveText(
    'this account allows keys to live at most 90 days: choose an expiry on or before 2026-04-15T09:00:00.000Z',
  );
  expect(main.store.keys.countIssued(1)).toBe(1);

  await ui.dialog.getByLabel('Expiry date').fill('2026-04-01');
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  const second = await ui.revealedKey.textContent();
  expect(main.store.keys.find(second!.split('.')[1]!)?.expires_at).toBe('2026-04-01T00:00:00.000Z');
});

test('changes an expiry in the edit form and removes it from the row menu', async ({ keydesk }) => {
  const { main } = keydesk;
  const [key] = seedKeys(main, [{ name: 'Reports', scopes: ['stats.read'] }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await ui.openRowAction('Reports', 'Edit');
  const choices = ui.dialog.getByRole('radiogroup', { name: 'Expiry' });
  await expect(choices.getByRole('radio', { name: 'Keep' })).toBeChecked();
  await expect(ui.dialog.getByText('Keeps no expiry.')).toBeVisible();
  await choices.getByRole('radio', { name: '90 days' }).click();
  await ui.dialog.getByRole('button', { name: 'Save' }).click();
  await expect(ui.dialog).toHaveCount(0);
  await expect(ui.row('Reports').getByRole('cell').nth(5)).toHaveText('expires in 90 days');

  await ui.openRowAction('Reports', 'Set expiry…');
  await expect(ui.dialog.getByRole('heading', { name: 'Set the expiry of “Reports”' })).toBeVisible();
  await expect(ui.dialog).toContainText('Now it expires in 90 days');
  await ui.dialog.getByRole('radiogroup', { name: 'New expiry' }).getByRole('radio', { name: 'No expiry' }).click();
  await ui.dialog.getByRole('button', { name: 'Save expiry' }).click();
  await expect(ui.dialog).toHaveCount(0);
  await expect(ui.row('Reports').getByRole('cell').nth(5)).toHaveText('never expires');
  await expect(page.getByRole('button', { name: 'Actions for Reports' })).toBeFocused();
  expect(main.store.keys.find(key!.api_key_id)).toMatchObject({ expires_at: null, name: 'Reports', scopes: ['stats.read'] });
  expect(main.store.audit.list({ accountId: 1 }).map((e) => `${e.action} ${e.via}`)).toEqual(['key.create app', 'key.expire app', 'key.expire app']);
});

test('disables a key after a confirmation (verify rejects it), then enables it (verify accepts it)', async ({ keydesk }) => {
  const { main } = keydesk;
  const [key] = seedKeys(main, [{ name: 'Mailer' }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  const status = ui.row('Mailer').getByRole('cell').nth(4);

  await ui.openRowAction('Mailer', 'Disable');
  await expect(ui.alertDialog.getByRole('heading', { name: 'Disable “Mailer”?' })).toBeVisible();
  await expect(ui.alertDialog).toContainText('Unlike deleting, this can be undone');
  await ui.alertDialog.getByRole('button', { name: 'Disable key' }).click();
  await expect(status).toHaveText('Disabled');
  expect(main.verifier.verify(key!.api_key)).toMatchObject({ ok: false, reason: 'disabled' });

  await ui.openRowAction('Mailer', 'Enable');
  await expect(status).toHaveText('Active');
  await expect(page.getByRole('status').filter({ hasText: 'Enabled “Mailer”.' })).toBeVisible();
  expect(main.verifier.verify(key!.api_key).ok).toBe(true);
  expect(main.store.audit.list({ accountId: 1 }).map((e) => `${e.action} ${e.via}`)).toEqual(['key.create app', 'key.disable app', 'key.enable app']);
});

test('rolls a key: the new key is shown once; both work during the 24-hour grace, then only the new one; "now" retires the old one at once', async ({ keydesk }) => {
  const { main } = keydesk;
  const [original] = seedKeys(main, [{ name: 'Webhook signer', scopes: ['mail.send'] }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);

  await ui.openRowAction('Webhook signer', 'Roll…');
  await expect(ui.dialog.getByRole('heading', { name: 'Roll “Webhook signer”' })).toBeVisible();
  const grace = ui.dialog.getByRole('radiogroup', { name: 'When should the current key stop working?' });
  await expect(grace.getByRole('radio', { name: 'In 24 hours' })).toBeChecked();
  await ui.dialog.getByRole('button', { name: 'Roll key' }).click();

  await expect(ui.dialog.getByRole('heading', { name: 'API key rolled' })).toBeVisible();
  await expect(ui.dialog).toContainText('You will only be shown your API key one time.');
  await expect(ui.dialog.getByRole('note').filter({ hasText: 'previous key' })).toContainText(
    'The previous key keeps working until Jan 16, 2026, 9:00 AM (in 1 day)',
  );
  const rolled = (await ui.revealedKey.textContent()) ?? '';
  expect(rolled).toMatch(new RegExp(`^SG\\.${original!.api_key_id}\\.[\\w-]{43}$`));
  expect(rolled).not.toBe(original!.api_key);
  // Like a created key, it stays until the user says it is stored.
  await page.keyboard.press('Escape');
  await expect(ui.revealedKey).toHaveText(rolled);
  await ui.closeReveal();
  expect((await page.content()).includes(rolled.split('.')[2]!)).toBe(false);
  await expect(page.getByRole('status').filter({ hasText: 'Rolled “Webhook signer”.' })).toBeVisible();

  expect(main.verifier.verify(original!.api_key).ok).toBe(true);
  expect(main.verifier.verify(rolled).ok).toBe(true);
  await keydesk.advanceClock(DAY);
  expect(main.verifier.verify(original!.api_key)).toMatchObject({ ok: false, reason: 'retired_secret' });
  expect(main.verifier.verify(rolled).ok).toBe(true);
  expect(main.store.audit.list({ accountId: 1 }).at(-1)).toMatchObject({ action: 'key.roll', via: 'app' });

  await ui.openRowAction('Webhook signer', 'Roll…');
  await grace.getByRole('radio', { name: 'Now' }).click();
  await ui.dialog.getByRole('button', { name: 'Roll key' }).click();
  await expect(ui.dialog.getByRole('note').filter({ hasText: 'previous key' })).toHaveText('The previous key stopped working when you rolled it.');
  const third = (await ui.revealedKey.textContent()) ?? '';
  await ui.closeReveal();
  expect(main.verifier.verify(rolled)).toMatchObject({ ok: false, reason: 'retired_secret' });
  expect(main.verifier.verify(third).ok).toBe(true);
});

test('an expired key cannot be rolled, and the menu says why', async ({ keydesk }) => {
  const { main } = keydesk;
  const [key] = seedKeys(main, [{ name: 'Lapsed' }]);
  main.lifecycle.setExpiry(main.owner(), key!.api_key_id, new Date(main.clock.now().getTime() + HOUR).toISOString());
  main.clock.advance(2 * HOUR);
  const page = await keydesk.open();
  await page.getByRole('button', { name: 'Actions for Lapsed' }).click();
  const roll = page.getByRole('menuitem', { name: /^Roll…/ });
  await expect(roll).toHaveAttribute('aria-disabled', 'true');
  await expect(roll).toContainText('Expired: give it a new expiry first.');
});
