/**
 * The browser test host itself: `window.keydesk` in a real Chromium page reaches main's real
 * dispatcher and store, answering wire text the renderer decodes; the page runs under the app's
 * CSP; the sender check holds.
 */
import { cliFor } from '../helpers/cli.ts';
import { snapshot } from '../helpers/temp-store.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/app-protocol.ts';
import { startRendererServer } from './host.ts';
import { expect, test } from './fixtures.ts';
import type { Result } from '../../common/ipc/contract.ts';
import type { CreatedKey } from '../../common/key-results.ts';

/** What `window.keydesk` answered, decoded as the renderer does (common/ipc/api.ts). */
const decoded = <T>(wire: string) => JSON.parse(wire) as Result<T>;

test('creates a key through window.keydesk from the page and sees it in a second call', async ({ keydeskPage, keydesk }) => {
  // The page's own first load asks for the newest keys, the whole list and the keys in grace at once.
  const keyCalls = () => keydesk.main.handlerCalls.filter((channel) => channel.startsWith('keys:'));
  await expect.poll(() => [...keyCalls()].sort()).toEqual(['keys:grace', 'keys:list', 'keys:list']);
  const wire = await keydeskPage.evaluate(() => window.keydesk.keys.create({ name: 'from the page', scopes: ['mail.send'] }));
  expect(typeof wire).toBe('string');
  const created = decoded<CreatedKey>(wire);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  expect(created.data).toMatchObject({ name: 'from the page', scopes: ['mail.send'] });
  expect(created.data.api_key).toMatch(/^SG\.[\w-]{22}\.[\w-]{43}$/);

  const listed = decoded(await keydeskPage.evaluate(() => window.keydesk.keys.list()));
  expect(listed).toMatchObject({ ok: true, data: { api_key_id: [created.data.api_key_id], name: ['from the page'] } });

  // It went through main's handlers into the real store, which never holds the secret.
  expect(keyCalls().slice(3)).toEqual(['keys:create', 'keys:list']);
  expect(keydesk.main.store.keys.find(created.data.api_key_id)?.name).toBe('from the page');
  expect(JSON.stringify(snapshot(keydesk.main.store))).not.toContain(created.data.api_key.split('.')[2]);
});

test('errors come back as values in SendGrid\'s shape, naming the field', async ({ keydeskPage, keydesk }) => {
  const result = decoded(await keydeskPage.evaluate(() => window.keydesk.keys.create({ name: '' })));
  expect(result).toEqual({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'name', message: 'missing required argument' }] });
  const invalid = decoded(await keydeskPage.evaluate(() => window.keydesk.keys.get({ api_key_id: '../x' })));
  expect(invalid).toMatchObject({ ok: false, code: 'BAD_REQUEST', errors: [{ field: 'api_key_id' }] });
  expect(keydesk.main.handlerCalls).not.toContain('keys:get');
});

test('the bridge offers named functions only and cannot be replaced by the page', async ({ keydeskPage }) => {
  const shape = await keydeskPage.evaluate(() => {
    const api = window.keydesk as unknown as Record<string, unknown>;
    const replaced = Reflect.set(window, 'keydesk', {});
    return { invoke: typeof api.invoke, send: typeof api.send, replaced, frozen: Object.isFrozen(api), same: (window.keydesk as unknown) === api };
  });
  expect(shape).toEqual({ invoke: 'undefined', send: 'undefined', replaced: false, frozen: true, same: true });
});

test('the UI creates a key, shows its secret once, lists it and deletes it', async ({ keydeskPage: page, keydesk }) => {
  await page.getByRole('button', { name: 'Create your first API key' }).click();
  await page.getByLabel('API key name').fill('Production mailer');
  await page.getByRole('button', { name: 'Create & View' }).click();
  const secret = page.getByLabel('New API key');
  await expect(secret).toHaveText(/^SG\./);
  const key = (await secret.textContent()) ?? '';

  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText('Copied. The clipboard clears in 60 s.')).toBeVisible();
  expect(keydesk.main.clipboardWrites.map(([text, seconds]) => [text === key, seconds])).toEqual([[true, 60]]);

  await page.getByRole('button', { name: "I've stored it" }).click();
  await expect(page.getByLabel('New API key')).toHaveCount(0);
  const table = page.getByRole('table', { name: 'API keys' });
  await expect(table.getByRole('row', { name: /Production mailer/ })).toContainText(key.split('.')[1] ?? '');
  expect((await page.locator('body').textContent())?.includes(key)).toBe(false);

  await page.getByRole('button', { name: 'Actions for Production mailer' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByText('No API keys yet')).toBeVisible();
  expect(keydesk.main.store.keys.find(key.split('.')[1] ?? '')?.deleted_at).not.toBeNull();
});

test('a key created by the CLI in the same store appears without a reload', async ({ keydeskPage: page, keydesk }) => {
  await expect(page.getByText('No API keys yet')).toBeVisible();
  const cli = await cliFor(keydesk.main.path)(['keys', 'create', '--name', 'made by the CLI', '--full']);
  expect(cli.code).toBe(0);
  await expect(page.getByRole('row', { name: /made by the CLI/ })).toBeVisible();
  await expect(page.getByText('1 of 100 keys')).toBeVisible();
});

test('the page runs under the CSP: an injected inline script does not run', async ({ keydeskPage: page, keydesk }) => {
  const response = await page.request.get(keydesk.server.url);
  expect(response.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);

  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; directive: string }>((resolve) => {
        document.addEventListener(
          'securitypolicyviolation',
          (event) => resolve({ ran: (window as unknown as { inlineRan?: boolean }).inlineRan === true, directive: event.effectiveDirective }),
          { once: true },
        );
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
      }),
  );
  expect(outcome).toEqual({ ran: false, directive: 'script-src-elem' });
});

test('a page from another origin gets window.keydesk but every call is refused', async ({ page, keydesk }) => {
  // 127.0.0.2 is loopback too, but a different origin from the trusted 127.0.0.1 server.
  const foreign = await startRendererServer(undefined, '127.0.0.2');
  try {
    expect(foreign.origin).not.toBe(keydesk.server.origin);
    await page.goto(foreign.url);
    const before = snapshot(keydesk.main.store);
    const result = decoded(await page.evaluate(() => window.keydesk.keys.create({ name: 'from elsewhere' })));
    expect(result).toEqual({ ok: false, code: 'FORBIDDEN', errors: [{ field: null, message: 'calls are accepted only from the Keydesk window' }] });
    expect(keydesk.main.handlerCalls).toEqual([]);
    expect(snapshot(keydesk.main.store)).toEqual(before);
  } finally {
    await foreign.close();
  }
});
