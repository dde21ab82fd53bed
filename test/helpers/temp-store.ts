/** A real key store in a fresh temp folder, with the services over it, for one test. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { openStore, type Store } from '../../main/store/store.ts';
import { OWNER, type Actor, type Caller, type Clock } from '../../main/services/caller.ts';
import { createServices, type Services } from '../../main/services/services.ts';
import type { Via } from '../../main/store/audit-log.ts';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start = Date.parse('2026-01-15T09:00:00.000Z')) {
    this.#ms = start;
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export interface TempStore extends Services {
  readonly dir: string;
  readonly path: string;
  readonly clock: ManualClock;
  /** The owner of an account (default: "default"), acting through `via`. */
  owner(account?: string, via?: Via): Caller;
  /** Acting as a key of the given account. */
  asKey(keyId: string, scopes: readonly string[], account?: string): Caller;
  close(): void;
}

export function tempDir(prefix = 'keydesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TempStoreFile {
  readonly dir: string;
  /** Where a store goes in `dir`; nothing is there yet. */
  readonly path: string;
}

/** A fresh temp folder for a store file, removed when the current test finishes (call it in a test or a beforeEach). */
export function tempStoreFile(prefix?: string): TempStoreFile {
  const dir = tempDir(prefix);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, path: join(dir, 'keydesk.db') };
}

export interface TempStoreOptions {
  /** Puts something at the store's path before it is opened (e.g. a store from an older Keydesk). */
  readonly prepare?: (path: string) => void;
}

export function openTempStore(options: TempStoreOptions = {}): TempStore {
  const dir = tempDir();
  const path = join(dir, 'keydesk.db');
  options.prepare?.(path);
  const store = openStore(path);
  const clock = new ManualClock();
  const account = (name = 'default') => {
    const found = store.accounts.byName(name);
    if (!found) throw new Error(`no account ${name}`);
    return found;
  };
  return {
    ...createServices(store, clock),
    dir,
    path,
    clock,
    owner: (name, via = 'app') => ({ actor: OWNER, account: account(name), via }),
    asKey: (keyId, scopes, name) => {
      const acc = account(name);
      const actor: Actor = { kind: 'key', keyId, accountId: acc.id, scopes };
      return { actor, account: acc, via: 'api' };
    },
    close: () => {
      if (store.db.open) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Adds an account straight in SQLite (account management arrives with the lifecycle services). */
export function addAccount(store: Store, name: string, parentId: number | null = null): void {
  store.db.prepare('INSERT INTO accounts (name, parent_id, created_at) VALUES (?, ?, ?)').run(name, parentId, new Date().toISOString());
}

/** Every row of every table, for "nothing changed" assertions. */
export function snapshot(store: Store): unknown {
  const tables = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
  return Object.fromEntries(tables.map(({ name }) => [name, store.db.prepare(`SELECT * FROM "${name}"`).all()]));
}
