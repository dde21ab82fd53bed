/**
 * Crash safety: the real CLI killed with SIGKILL (no handler runs, nothing is flushed) at random
 * points of a large import and of a bulk action over thousands of keys, again and again on one
 * store. After every kill: SQLite's integrity_check is ok, the operation happened whole or not at
 * all (keys and their audit entries together), and the audit log verifies, chain and replay.
 */
import { randomInt } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyId } from '../../main/core/key-format.ts';
import { checkAuditIntegrity } from '../../main/services/audit-integrity.ts';
import { openStore } from '../../main/store/store.ts';
import { cliFor, emptyStoreIn } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp-store.ts';
import { sleep, startCli, writeLockProbe } from './support/processes.ts';

/** Bounded: each round is one CLI process of about a second on two cores. */
const IMPORT_KILLS = 5;
const BULK_KILLS = 5;
const KEYS_PER_IMPORT = 2500;
const KEYS_PER_BULK = 2500;

let dir: string;
let db: string;
beforeAll(() => {
  dir = tempDir('keydesk-crash-');
  db = emptyStoreIn(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a fresh connection finds after a crash: SQLite's own check, and the audit log's. */
function inspect<T>(look: (store: ReturnType<typeof openStore>) => T): { integrity: string; intact: boolean; seen: T } {
  const store = openStore(db);
  try {
    return {
      integrity: store.db.pragma('integrity_check', { simple: true }) as string,
      intact: checkAuditIntegrity(store).intact,
      seen: look(store),
    };
  } finally {
    store.close();
  }
}

function sendGridFile(name: string, count: number): { path: string; ids: string[] } {
  const ids = Array.from({ length: count }, () => generateKeyId());
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ result: ids.map((api_key_id, i) => ({ api_key_id, name: `imported ${i}`, scopes: ['mail.send'] })) }));
  return { path, ids };
}

const countIn = (store: ReturnType<typeof openStore>, sql: string, ids: readonly string[]) => {
  const statement = store.db.prepare<[string], number>(sql).pluck();
  return ids.reduce((n, id) => n + statement.get(id)!, 0);
};

const crashes = { import: { killed: 0, rolledBack: 0, committed: 0 }, bulk: { killed: 0, heldLock: 0, rolledBack: 0, committed: 0 } };

describe('kill -9 during a large import', () => {
  it(`${IMPORT_KILLS} times: each import is all there or not there at all`, async () => {
    for (let round = 0; round < IMPORT_KILLS; round++) {
      const file = sendGridFile(`import-${round}.json`, KEYS_PER_IMPORT);
      const cli = startCli(db, ['import', file.path, '--progress']);
      // Progress lines are printed inside the import's transaction: kill after a random one of them.
      await cli.waitForStderr(/^import: \d+\/\d+ keys$/, 2 + randomInt(8));
      await sleep(randomInt(10));
      cli.child.kill('SIGKILL');
      const { signal } = await cli.exited;
      // Killed, not finished first: a round that ended on its own would prove nothing about crashes.
      expect(signal).toBe('SIGKILL');
      crashes.import.killed += 1;

      const after = inspect((store) => ({
        keys: countIn(store, 'SELECT count(*) FROM keys WHERE id = ?', file.ids),
        entries: countIn(store, "SELECT count(*) FROM audit_log WHERE key_id = ? AND action = 'key.import'", file.ids),
      }));
      expect(after.integrity).toBe('ok');
      expect(after.intact).toBe(true);
      expect([0, KEYS_PER_IMPORT]).toContain(after.seen.keys);
      expect(after.seen.entries).toBe(after.seen.keys);
      if (after.seen.keys === 0) crashes.import.rolledBack += 1;
      else crashes.import.committed += 1;
    }
  });
});

describe('kill -9 during a bulk action over thousands of keys', () => {
  it(`${BULK_KILLS} times: the keys change together, or none does`, async () => {
    const file = sendGridFile('bulk-keys.json', KEYS_PER_BULK);
    expect((await cliFor(db)(['import', file.path])).code).toBe(0);
    const probe = writeLockProbe(db);
    try {
      let disabled = false;
      for (let round = 0; round < BULK_KILLS; round++) {
        const action = disabled ? 'enable' : 'disable';
        const entriesBefore = inspect((store) => store.db.prepare<[], number>('SELECT count(*) FROM audit_log').pluck().get()!).seen;
        const cli = startCli(db, ['keys', action, ...file.ids]);
        // Wait until the CLI holds the write lock for a while (its bulk transaction, not the brief
        // one at start-up), then kill it at a random moment within it.
        let heldFor = 0;
        while (heldFor < 3 && cli.child.exitCode === null) {
          heldFor = probe.held() ? heldFor + 1 : 0;
          await sleep(2);
        }
        await sleep(randomInt(120));
        const holding = probe.held();
        cli.child.kill('SIGKILL');
        const { signal } = await cli.exited;
        expect(signal).toBe('SIGKILL');
        crashes.bulk.killed += 1;
        if (holding) crashes.bulk.heldLock += 1;

        const after = inspect((store) => ({
          disabled: countIn(store, 'SELECT count(*) FROM keys WHERE id = ? AND disabled_at IS NOT NULL', file.ids),
          entries: store.db.prepare<[], number>('SELECT count(*) FROM audit_log').pluck().get()! - entriesBefore,
        }));
        expect(after.integrity).toBe('ok');
        expect(after.intact).toBe(true);
        expect([0, KEYS_PER_BULK]).toContain(after.seen.disabled);
        const changed = (after.seen.disabled === KEYS_PER_BULK) !== disabled;
        expect(after.seen.entries).toBe(changed ? KEYS_PER_BULK : 0);
        if (changed) crashes.bulk.committed += 1;
        else crashes.bulk.rolledBack += 1;
        disabled = after.seen.disabled === KEYS_PER_BULK;
      }
    } finally {
      probe.close();
    }
  });
});

describe('after every crash', () => {
  it('keydesk log --verify passes on the store, and it still takes changes', async () => {
    const cli = cliFor(db);
    const verify = await cli(['log', '--verify']);
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect((await cli(['keys', 'create', '--name', 'after the crashes', '--scopes', 'mail.send'])).code).toBe(0);
    // Every round was a real kill, and some landed inside the transaction (rolled back, or killed
    // while holding the write lock): what docs/security.md (Reliability guarantees) claims.
    expect(crashes.import.killed).toBe(IMPORT_KILLS);
    expect(crashes.bulk.killed).toBe(BULK_KILLS);
    expect(crashes.import.rolledBack).toBeGreaterThan(0);
    expect(crashes.bulk.heldLock).toBeGreaterThan(0);
    expect(crashes.bulk.rolledBack).toBeGreaterThan(0);
  });
});
