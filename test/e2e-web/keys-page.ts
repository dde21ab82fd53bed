/**
 * The API Keys page for UI tests: locators by role and accessible name (what a user or a screen
 * reader sees), the steps tests repeat, and seeding main's real store before the page opens.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { IpcHost } from '../helpers/ipc-host.ts';
import type { CreatedKey } from '../../common/key-results.ts';

export type LevelName = 'No Access' | 'Read Access' | 'Full Access' | 'Custom';
export type AccessName = 'Full Access' | 'Restricted Access' | 'Billing Access';

/** Creates keys straight through main's key service, as the CLI would, before or while the page is open. */
export function seedKeys(main: IpcHost, keys: readonly { readonly name: string; readonly scopes?: readonly string[] }[]): CreatedKey[] {
  return keys.map((key) => main.keys.create(main.owner(), key));
}

export function seedManyKeys(main: IpcHost, count: number): CreatedKey[] {
  return seedKeys(
    main,
    Array.from({ length: count }, (_, i) => ({ name: `service ${String(i + 1).padStart(3, '0')}`, scopes: ['mail.send'] })),
  );
}

export class KeysPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'API keys' });
  }
  get createButton(): Locator {
    return this.page.getByRole('button', { name: 'Create API key', exact: true });
  }
  get search(): Locator {
    return this.page.getByLabel('Search keys');
  }
  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }
  get alertDialog(): Locator {
    return this.page.getByRole('alertdialog');
  }
  get counter(): Locator {
    return this.page.getByText(/^\d+ of \d+ keys$/);
  }
  /** The key shown once after creating, while the reveal dialog is open. */
  get revealedKey(): Locator {
    return this.page.getByLabel('New API key');
  }

  row(name: string | RegExp): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: typeof name === 'string' }) });
  }

  /** The notices the window shows (success and information; errors are alerts). */
  get notices(): Locator {
    return this.page.getByRole('region', { name: 'Notifications' }).getByRole('status');
  }

  /** Opens the Filters menu, picks `option` in `group` ("Access type", "Status" or "Use"), and closes the menu. */
  async chooseFilter(group: 'Access type' | 'Status' | 'Use', option: string): Promise<void> {
    await this.page.getByRole('button', { name: /^Filters/ }).click();
    await this.page.getByRole('group', { name: group }).getByRole('menuitemradio', { name: option, exact: true }).click();
    await this.page.keyboard.press('Escape');
    await expect(this.page.getByRole('menu')).toHaveCount(0);
  }

  /** The data rows (not the header). */
  dataRows(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  async names(): Promise<string[]> {
    return this.dataRows().locator('.key-name').allTextContents();
  }

  async openCreate(): Promise<void> {
    await this.createButton.click();
    await expect(this.dialog).toBeVisible();
  }

  accessOption(access: AccessName): Locator {
    return this.dialog.getByRole('radiogroup', { name: 'API key permissions' }).getByRole('radio', { name: access });
  }

  async chooseAccess(access: AccessName): Promise<void> {
    await this.accessOption(access).click();
    await expect(this.accessOption(access)).toBeChecked();
  }

  levels(category: string): Locator {
    return this.dialog.getByRole('radiogroup', { name: category, exact: true });
  }

  async setLevel(category: string, level: LevelName): Promise<void> {
    await this.levels(category).getByRole('radio', { name: level }).click();
    await expect(this.levels(category).getByRole('radio', { name: level })).toBeChecked();
  }

  /** Fills the name, submits, and returns the revealed key (the dialog stays open on it). */
  async createKey(name: string): Promise<string> {
    await this.dialog.getByLabel('API key name').fill(name);
    await this.dialog.getByRole('button', { name: 'Create & View' }).click();
    await expect(this.revealedKey).toHaveText(/^SG\./);
    return (await this.revealedKey.textContent()) ?? '';
  }

  async closeReveal(): Promise<void> {
    await this.dialog.getByRole('button', { name: "I've stored it" }).click();
    await expect(this.dialog).toHaveCount(0);
  }

  async openRowAction(name: string, action: 'Edit' | 'Delete' | 'Disable' | 'Enable' | 'Set expiry…' | 'Roll…'): Promise<void> {
    await this.page.getByRole('button', { name: `Actions for ${name}` }).click();
    await this.page.getByRole('menuitem', { name: action, exact: true }).click();
  }

  /** Presses Tab until the focused element has `name` (by aria-label or text); fails after `max` presses. */
  async tabTo(name: string | RegExp, max = 60, key = 'Tab'): Promise<void> {
    for (let i = 0; i < max; i++) {
      await this.page.keyboard.press(key);
      const focused = await this.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
      });
      if (typeof name === 'string' ? focused === name : name.test(focused)) return;
    }
    throw new Error(`focus never reached ${String(name)}`);
  }

  /**
   * An arrow key in a radio group or menu, held until focus lands on `target`, as a person's key
   * press would be. Radix moves focus a tick after keydown (and checks the radio it lands on while
   * the key is down), so a zero-length press, or the next key, could come before the move.
   */
  async arrowTo(key: 'ArrowRight' | 'ArrowLeft' | 'ArrowDown' | 'ArrowUp' | 'Home' | 'End', target: Locator): Promise<void> {
    await this.page.keyboard.down(key);
    await expect(target).toBeFocused();
    await this.page.keyboard.up(key);
  }

  /** Whether the focused element sits inside the open dialog. */
  focusInDialog(): Promise<boolean> {
    return this.page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"], [role="alertdialog"]')));
  }
}
