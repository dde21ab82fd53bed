/**
 * Hostile key names in the app: markup and script are shown as the text they are (in the list, the
 * edit and delete dialogs and the Activity log), nothing is created from them and nothing runs; a
 * right-to-left override is refused by the create form and, should one be in the store anyway, is
 * isolated so it cannot reorder what stands beside it; a 10 MB name is refused by the form with a
 * message naming the field. (Every door's refusals are tested in test/reliability/hostile-content.)
 */
import type { Locator, Page } from '@playwright/test';
import { auditedState } from '../../main/store/key-table.ts';
import { appendKeyAudit } from '../../main/services/key-access.ts';
import type { IpcHost } from '../helpers/ipc-host.ts';
import { AppPages } from './audit-pages.ts';
import { expect, test } from './fixtures.ts';
import { KeysPage, seedKeys } from './keys-page.ts';

const IMG = `<img src=x onerror="window.__pwned='img'">`;
const SCRIPT = `<script>window.__pwned='script'</script>`;
const SVG = `"><svg onload="window.__pwned='svg'">`;
const RLO = 'invoice\u202Efdp.exe';
const DIRECTION_ERROR = 'name must not contain control or text-direction characters';

/**
 * Renames a key past the services' name check, audited as they would (so the log verifies): what
 * a store written by another tool could hold. Every Keydesk door refuses such a name; the renderer
 * must not depend on that.
 */
function renameBehindTheServices(main: IpcHost, id: string, name: string): void {
  main.store.write(() => {
    const before = main.store.keys.find(id)!;
    const after = { ...before, name, updated_at: main.clock.now().toISOString() };
    main.store.keys.update(id, { name, updated_at: after.updated_at });
    appendKeyAudit(main.store, main.clock, main.owner(), 'key.rename', id, auditedState(before), auditedState(after));
  });
}

/** Records, from before the first script runs, what would show that markup came alive. */
async function watchForHarm(page: Page): Promise<() => Promise<{ pwned: unknown; csp: string[]; errors: string[]; made: number }>> {
  const errors: string[] = [];
  // Chromium's note that the <meta> copy of the CSP cannot carry frame-ancestors (the header does) is no harm.
  page.on('console', (message) => message.type() === 'error' && !/'frame-ancestors' is ignored/.test(message.text()) && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    const csp: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = csp;
    document.addEventListener('securitypolicyviolation', (event) => csp.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  return async () => ({
    ...(await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      csp: (window as unknown as { cspViolations: string[] }).cspViolations,
      // Elements the names would have created, had they been parsed as HTML.
      made: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], script:not([src])').length,
    }))),
    errors,
  });
}

/** Whether `inner`'s text reads left to right where it stands: nothing after it inside `outer` is drawn to its left. */
function drawnAfter(page: Page, outer: string, inner: string): Promise<boolean> {
  return page.evaluate(
    ([outerSelector, innerSelector]) => {
      const container = document.querySelector(outerSelector!)!;
      const name = container.querySelector(innerSelector!)!;
      const after = document.createRange();
      after.setStartAfter(name);
      after.setEnd(container, container.childNodes.length);
      const rects = [...after.getClientRects()].filter((r) => r.width > 0);
      const nameRight = name.getBoundingClientRect().right;
      return rects.length > 0 && rects.every((r) => r.left >= nameRight - 0.5);
    },
    [outer, inner],
  );
}

/** Whether the last character of `text` (a closing quote) is drawn right of every part of `name` within it. */
function closingQuoteDrawnAfter(text: Locator, name: string): Promise<boolean> {
  return text.evaluate((element, quoted) => {
    const node = element.firstChild!;
    const content = node.textContent!;
    const at = content.indexOf(quoted);
    const range = (start: number, end: number) => {
      const r = document.createRange();
      r.setStart(node, start);
      r.setEnd(node, end);
      return r;
    };
    const nameRight = Math.max(...[...range(at, at + quoted.length).getClientRects()].map((r) => r.right));
    return range(content.length - 1, content.length).getBoundingClientRect().left >= nameRight - 0.5;
  }, name);
}

test('markup and script in key names are shown as text everywhere, and nothing runs', async ({ page, keydesk }) => {
  const harm = await watchForHarm(page);
  seedKeys(keydesk.main, [{ name: SCRIPT }, { name: SVG }]);
  await keydesk.open();
  const ui = new KeysPage(page);
  // One through the create form, as an administrator would paste it.
  await ui.openCreate();
  await ui.createKey(IMG);
  await ui.closeReveal();

  const names = [IMG, SCRIPT, SVG];
  expect((await ui.names()).sort()).toEqual([...names].sort());
  for (const name of names) {
    await expect(ui.row(name).locator('.key-name')).toHaveText(name);

    await ui.openRowAction(name, 'Edit');
    await expect(ui.dialog.getByLabel('API key name')).toHaveValue(name);
    await page.keyboard.press('Escape');
    await expect(ui.dialog).toHaveCount(0);

    await ui.openRowAction(name, 'Delete');
    await expect(ui.alertDialog.getByRole('heading')).toHaveText(`Delete “${name}”?`);
    await page.keyboard.press('Escape');
    await expect(ui.alertDialog).toHaveCount(0);
  }

  const pages = new AppPages(page);
  await pages.goTo('Activity log');
  await expect(pages.logRows()).toHaveCount(3);
  await expect(pages.logRows().locator('.key-link__name')).toHaveText([IMG, SVG, SCRIPT]);

  expect(await harm()).toEqual({ pwned: undefined, csp: [], errors: [], made: 0 });
});

test('a right-to-left override is refused by the create form, and one already in the store cannot reorder its neighbours', async ({ page, keydesk }) => {
  const harm = await watchForHarm(page);
  const [key] = seedKeys(keydesk.main, [{ name: 'placeholder' }]);
  renameBehindTheServices(keydesk.main, key!.api_key_id, RLO);
  await keydesk.open();
  const ui = new KeysPage(page);

  await ui.openCreate();
  await ui.dialog.getByLabel('API key name').fill(`report\u202Eslx.exe`);
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  await expect(ui.dialog.locator('#key-name-error')).toHaveText(DIRECTION_ERROR);
  await expect(ui.dialog.getByLabel('API key name')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.getByRole('alertdialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();
  expect(keydesk.main.store.keys.listLive(1).map((k) => k.name)).toEqual([RLO]);

  // The list: the name keeps its characters (the override is there, not stripped or executed) in an isolate.
  const name = ui.row(RLO).locator('.key-name');
  await expect(name).toHaveText(RLO);
  expect(await name.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');

  // The delete dialog: the closing quote and question mark still follow the name.
  await ui.openRowAction(RLO, 'Delete');
  await expect(ui.alertDialog.getByRole('heading')).toHaveText(`Delete “${RLO}”?`);
  expect(await drawnAfter(page, '[role="alertdialog"] .dialog__title', ':scope > *')).toBe(true);
  await page.keyboard.press('Escape');

  // The Activity log: the name in the row's key button, isolated from the key's ID beside it.
  const pages = new AppPages(page);
  await pages.goTo('Activity log');
  const logged = pages.logRows().first().locator('.key-link__name');
  await expect(logged).toHaveText(RLO);
  expect(await logged.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
  // And in the row's summary, plain text from main, where the name is isolated by FSI … PDI.
  const summary = pages.logRows().first().locator('.log-row__summary');
  await expect(summary).toHaveText(`renamed "\u2068placeholder\u2069" → "\u2068${RLO}\u2069"`);
  expect(await closingQuoteDrawnAfter(summary, RLO)).toBe(true);

  expect(await harm()).toEqual({ pwned: undefined, csp: [], errors: [], made: 0 });
});

test('a 10 MB name is refused by the create form with a message naming the field, and nothing is created', async ({ keydeskPage: page, keydesk }) => {
  // Typing 10 MB into a field and sending it across the bridge takes a while on a shared machine.
  test.setTimeout(90_000);
  const ui = new KeysPage(page);
  await ui.openCreate();
  // Pasted, as such a name would arrive: the text is built in the page (10 MB over Playwright's
  // channel alone takes most of a minute here) and given to the field as one input event.
  await ui.dialog.getByLabel('API key name').evaluate((input: HTMLInputElement) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setValue.call(input, 'x'.repeat(10 * 1024 * 1024));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(ui.dialog.getByLabel('API key name')).toHaveJSProperty('value.length', 10 * 1024 * 1024);
  await ui.dialog.getByRole('button', { name: 'Create & View' }).click();
  const error = ui.dialog.locator('#key-name-error');
  await expect(error).toHaveText(/^name must be at most 100 characters$/);
  await expect(ui.dialog.getByLabel('API key name')).toHaveAttribute('aria-describedby', 'key-name-error');
  expect(keydesk.main.store.keys.listLive(1)).toEqual([]);
});
