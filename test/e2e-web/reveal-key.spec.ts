/**
 * The one-time reveal: the key, Copy through main (which clears the clipboard later), SendGrid's
 * warning, and a confirmation to close, after which the secret is in neither the DOM nor the
 * renderer's memory (a V8 heap snapshot after a full GC, taken over CDP, is searched for it).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

/** Every string the page's JavaScript heap still holds after a full collection. */
async function heapSnapshot(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => void chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

/** The whole document as markup, plus form values (which markup does not show). */
const domText = (page: Page): Promise<string> =>
  page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input')].map((i) => i.value).join('\n'));

test('shows the key once with the warning; Copy goes through main; after closing the secret is gone from DOM and memory', async ({ keydeskPage: page, keydesk }) => {
  const ui = new KeysPage(page);
  await ui.openCreate();
  const key = await ui.createKey('Shown once');
  const secret = key.split('.')[2] ?? '';
  expect(secret).toHaveLength(43);

  await expect(ui.dialog.getByRole('heading', { name: 'API key created' })).toBeVisible();
  await expect(ui.dialog).toContainText('You will only be shown your API key one time.');
  await expect(ui.dialog).toContainText('we will not be able to retrieve or restore it');
  await ui.dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(ui.dialog.getByRole('status')).toHaveText('Copied. The clipboard clears in 60 s.');
  expect(keydesk.main.clipboardWrites.map(([text, seconds]) => [text === key, seconds])).toEqual([[true, 60]]);

  // Neither a stray click outside nor Escape closes it: only the confirmation does.
  await page.mouse.click(5, 5);
  await page.keyboard.press('Escape');
  await expect(ui.revealedKey).toHaveText(key);

  // While shown, both probes find the secret: they can see it when it is there. (Booleans, so a
  // failure never prints the secret or a heap full of strings.)
  expect((await domText(page)).includes(secret), 'secret in the DOM while shown').toBe(true);
  expect((await heapSnapshot(page)).includes(secret), 'secret in the heap while shown').toBe(true);

  await ui.closeReveal();
  await expect(ui.row('Shown once')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Created “Shown once”.' })).toBeVisible();
  expect((await domText(page)).includes(secret), 'secret in the DOM after closing').toBe(false);
  const heap = await heapSnapshot(page);
  expect(heap.includes(secret), 'secret in the heap after closing').toBe(false);
  // The snapshot is real: it holds the page's other strings, such as the key's public ID.
  expect(heap.includes(key.split('.')[1] ?? '-'), 'key ID in the heap').toBe(true);
});

test('a rolled key is shown once too; after closing, the new secret is gone from DOM and memory', async ({ keydesk }) => {
  const [original] = seedKeys(keydesk.main, [{ name: 'Rolled once' }]);
  const page = await keydesk.open();
  const ui = new KeysPage(page);
  await ui.openRowAction('Rolled once', 'Roll…');
  await ui.dialog.getByRole('button', { name: 'Roll key' }).click();
  await expect(ui.revealedKey).toHaveText(/^SG\./);
  const rolled = (await ui.revealedKey.textContent()) ?? '';
  const secret = rolled.split('.')[2] ?? '';
  expect(secret).toHaveLength(43);
  expect(rolled).not.toBe(original!.api_key);
  expect((await heapSnapshot(page)).includes(secret), 'secret in the heap while shown').toBe(true);

  await ui.closeReveal();
  expect((await domText(page)).includes(secret), 'secret in the DOM after closing').toBe(false);
  expect((await heapSnapshot(page)).includes(secret), 'secret in the heap after closing').toBe(false);
  expect(keydesk.main.verifier.verify(rolled).ok).toBe(true);
});

test('the clipboard delay shown is the configured one', async ({ keydeskPage: page, keydesk }) => {
  const set = await page.evaluate(() => window.keydesk.settings.set({ clipboardClearSeconds: 15 }));
  expect(JSON.parse(set)).toMatchObject({ ok: true });
  const ui = new KeysPage(page);
  await ui.openCreate();
  const key = await ui.createKey('Short clipboard');
  await ui.dialog.getByRole('button', { name: 'Copy' }).click();
  await expect(ui.dialog.getByRole('status')).toHaveText('Copied. The clipboard clears in 15 s.');
  expect(keydesk.main.clipboardWrites.map(([text, seconds]) => [text === key, seconds])).toEqual([[true, 15]]);
});

test('the key is copied only through the clearing copy: it cannot be selected, and Ctrl+C on it goes through main', async ({ keydeskPage: page, keydesk, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const systemClipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const selected = () => page.evaluate(() => document.getSelection()?.toString() ?? '');
  const ui = new KeysPage(page);
  await ui.openCreate();
  const key = await ui.createKey('Copied by keyboard');
  const secret = key.split('.')[2] ?? '-';
  await page.evaluate(() => navigator.clipboard.writeText('copied before'));
  await expect(ui.revealedKey).toHaveCSS('user-select', 'none');

  // Selecting it by mouse selects nothing of it; select-all leaves it out, so a plain copy cannot carry it.
  await ui.revealedKey.click({ clickCount: 3 });
  expect(await selected()).not.toContain(secret);
  await ui.dialog.getByRole('button', { name: "I've stored it" }).focus();
  await page.keyboard.press('ControlOrMeta+A');
  expect(await selected()).toContain('You will only be shown your API key one time.'); // select-all did select
  expect(await selected()).not.toContain(secret);
  await page.keyboard.press('ControlOrMeta+C');
  expect(await systemClipboard()).not.toContain(secret);
  expect(keydesk.main.clipboardWrites).toEqual([]);

  // Ctrl+C (or Edit > Copy) on the focused field: main's clearing copy, and the browser writes
  // nothing, not even the selection still standing from select-all.
  await page.evaluate(() => navigator.clipboard.writeText('copied before'));
  await ui.revealedKey.focus();
  expect(await selected()).toContain('You will only be shown your API key one time.');
  await page.keyboard.press('ControlOrMeta+C');
  await expect(ui.dialog.getByRole('status')).toHaveText('Copied. The clipboard clears in 60 s.');
  expect(keydesk.main.clipboardWrites.map(([text, seconds]) => [text === key, seconds])).toEqual([[true, 60]]);
  expect(await systemClipboard()).toBe('copied before');
  await page.keyboard.press('ControlOrMeta+X');
  await expect.poll(() => keydesk.main.clipboardWrites.length).toBe(2);
  expect(await systemClipboard()).toBe('copied before');
});

