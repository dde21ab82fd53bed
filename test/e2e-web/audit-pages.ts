/**
 * The Audit, Activity log and Inventory pages for UI tests: the page switcher, locators by role
 * and accessible name, and seeding main's real store with what those pages report on.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { parseInventory } from '../../main/services/inventory-file.ts';
import { importInventory } from '../../main/services/inventory-import.ts';
import type { IpcHost } from '../helpers/ipc-host.ts';
import type { ImportResult } from '../../common/inventory.ts';
import type { KeydeskFixture } from './fixtures.ts';
import type { Scheme } from './views.ts';

export type PageName = 'Keys' | 'Audit' | 'Activity log' | 'Reviews' | 'Inventory' | 'Settings';

export const DAY = 86_400_000;

/** Imports key records as `GET /v3/api_keys/{id}` output would carry them, before or while the page is open. */
export function importRecords(main: IpcHost, records: readonly { api_key_id: string; name: string; scopes?: readonly string[] }[]): ImportResult {
  return importInventory(main.store, parseInventory(Buffer.from(JSON.stringify({ result: records }))), { caller: main.owner(), clock: main.clock });
}

/** Distinct 22-character API Key IDs: `seed` (up to 14 characters) padded, then an 8-digit number. */
export function keyIds(count: number, seed = 'k'): string[] {
  return Array.from({ length: count }, (_, i) => `${seed}${'x'.repeat(14)}`.slice(0, 14) + String(i).padStart(8, '0'));
}

/** Loads the app in `scheme` (the OS colour scheme it follows) and gives its pages. */
export async function openIn(keydesk: KeydeskFixture, scheme: Scheme): Promise<AppPages> {
  const page = await keydesk.open();
  await page.emulateMedia({ colorScheme: scheme });
  return new AppPages(page);
}

export class AppPages {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Pages' });
  }

  async goTo(name: PageName): Promise<void> {
    await this.nav.getByRole('button', { name, exact: true }).click();
    await expect(this.nav.getByRole('button', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  // ---- Audit

  /** A severity's findings: "High", "Medium" or "Low". */
  severity(name: 'High' | 'Medium' | 'Low'): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${name}\\b`) });
  }

  /** One finding, by its title (e.g. "Unused keys"). */
  finding(title: string): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { level: 3, name: title, exact: true }) });
  }

  chart(title: string): Locator {
    return this.page.getByRole('figure', { name: title });
  }

  // ---- Activity log

  get logTable(): Locator {
    return this.page.getByRole('table', { name: 'Audit log entries, newest first' });
  }

  /** The log's data rows, newest first. */
  logRows(): Locator {
    return this.logTable.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  /** The Action cell of every row shown, newest first: assert with `toHaveText([...])`, which waits for a reload. */
  loggedActions(): Locator {
    return this.logRows().locator('td:nth-child(4)');
  }

  // ---- Inventory

  panel(title: 'SendGrid' | 'Export' | 'Import' | 'Compare' | 'Leak check'): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }
}
