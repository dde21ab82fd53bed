import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { watchExternalChanges } from '../../../main/store/change-watch.ts';
import { openStore, type Store } from '../../../main/store/store.ts';
import { createKeyService } from '../../../main/services/keys.ts';
import { openTempStore, type TempStore } from '../../helpers/temp-store.ts';

let temp: TempStore;
let other: Store;
beforeEach(() => {
  temp = openTempStore();
  other = openStore(temp.path); // a second connection: the CLI or the local API
});
afterEach(() => {
  other.close();
  temp.close();
});

it('fires when another connection commits, once per change', () => {
  const seen: number[] = [];
  const watch = watchExternalChanges(temp.store.db, () => seen.push(seen.length), { intervalMs: 0 });
  expect(watch.check()).toBe(false);

  createKeyService(other, temp.clock).create(temp.owner('default', 'cli'), { name: 'from the CLI', scopes: ['mail.send'] });
  expect(watch.check()).toBe(true);
  expect(watch.check()).toBe(false);
  expect(seen).toEqual([0]);
});

it("does not fire for this connection's own writes", () => {
  const watch = watchExternalChanges(temp.store.db, () => {
    throw new Error('own write reported as external');
  }, { intervalMs: 0 });
  temp.keys.create(temp.owner(), { name: 'from the app', scopes: ['mail.send'] });
  temp.keys.rename(temp.owner(), temp.keys.list(temp.owner())[0]!.api_key_id, 'renamed');
  expect(watch.check()).toBe(false);
});

it('notices a write from a plain SQLite connection too, and stops quietly once the store is closed', () => {
  let changes = 0;
  const watch = watchExternalChanges(temp.store.db, () => changes++, { intervalMs: 0 });
  const raw = new BetterSqlite3(temp.path);
  raw.prepare("INSERT INTO accounts (name, parent_id, created_at) VALUES ('sub', NULL, '2026-01-01T00:00:00Z')").run();
  raw.close();
  expect(watch.check()).toBe(true);
  temp.store.close();
  expect(watch.check()).toBe(false);
  expect(changes).toBe(1);
});
