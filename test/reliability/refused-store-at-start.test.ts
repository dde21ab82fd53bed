/**
 * The desktop app's start on a store that `openStore` refuses (main/app/open-store-at-start.ts):
 * the user is told why and that the file was not changed; a usable backup beside it is offered
 * where restoring makes sense; Restore puts it in place and keeps the refused file aside, Quit
 * touches nothing. Real damaged files in temp folders; only the person answering is scripted.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStoreAtStart, type StartChoice, type StartOutcome, type StartPrompt, type StartQuestion } from '../../main/app/open-store-at-start.ts';
import { backupStore, listBackups } from '../../main/store/backups.ts';
import { StoreRefused } from '../../main/store/database.ts';
import { LATEST_VERSION, schemaVersion } from '../../main/store/migrations/index.ts';
import { openStore } from '../../main/store/store.ts';
import { tempStoreFile } from '../helpers/temp-store.ts';
import { blockLatestMigration, overwriteKeysTableWithNoise, sha, storeAtPreviousSchema, storeFingerprint, storeWithKeys } from '../helpers/store-files.ts';

let dir: string;
let path: string;
beforeEach(() => ({ dir, path } = tempStoreFile('keydesk-start-')));

/** The person at the message box: answers from a script, and records what they were asked. */
class ScriptedPerson implements StartPrompt {
  readonly asked: StartQuestion[] = [];
  readonly #answers: StartChoice[];
  constructor(...answers: StartChoice[]) {
    this.#answers = answers;
  }
  ask(question: StartQuestion): Promise<StartChoice> {
    this.asked.push(question);
    const answer = this.#answers.shift();
    if (answer === undefined) throw new Error(`asked more than scripted: ${question.message}`);
    if (!question.choices.includes(answer)) throw new Error(`"${answer}" was not offered (${question.choices.join(', ')})`);
    return Promise.resolve(answer);
  }
}

/**
 * Every file in the folder with its bytes: what "nothing was touched" means. SQLite's shared-memory
 * index (-shm) holds no data, and an empty -wal is no log (a read-only connection may leave both).
 */
const folderState = () =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => !name.endsWith('-shm') && !(name.endsWith('-wal') && statSync(join(dir, name)).size === 0))
      .sort()
      .map((name) => [name, sha(join(dir, name))]),
  );

const liveKeyIds = (outcome: StartOutcome) => {
  if (outcome.kind !== 'opened') throw new Error(`expected the store to open, got ${outcome.refusal.message}`);
  try {
    return outcome.store.keys.listLive(1).map((k) => k.api_key_id).sort();
  } finally {
    outcome.store.close();
  }
};

/** An upgraded store (so with a backup at the previous schema), with keys added after the upgrade. */
function upgradedStoreWithBackup(): { before: string[]; after: string[] } {
  const before = storeAtPreviousSchema(path);
  openStore(path).close();
  const after = storeWithKeys(path, 40);
  expect(listBackups(path)).toHaveLength(1);
  return { before, after };
}

const DAMAGE: readonly [string, RegExp, () => void][] = [
  ['cut to half its size', /it is truncated/, () => truncateSync(path, Math.floor(readFileSync(path).length / 2))],
  [
    'its keys table overwritten with noise',
    /it is damaged \(SQLite's quick_check/,
    () => overwriteKeysTableWithNoise(path),
  ],
  ['replaced by random bytes', /it is not a SQLite database/, () => writeFileSync(path, randomBytes(64 * 1024))],
];

describe('a damaged store with a backup beside it', () => {
  it.each(DAMAGE)('a store %s: the backup is offered; Restore puts it in place and keeps the damaged file aside', async (_label, why, damage) => {
    const { before } = upgradedStoreWithBackup();
    damage();
    const damaged = sha(path);
    const [backup] = listBackups(path);
    const person = new ScriptedPerson('restore');

    const outcome = await openStoreAtStart(path, person);

    expect(person.asked).toEqual([
      {
        message: 'Keydesk cannot open its key store',
        detail: expect.stringMatching(new RegExp(`^refusing to open ${escape(path)}: ${why.source}[^]*\\n\\nThe file was not changed\\.\\n\\nA backup taken \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(${escape(backup!.name)}\\) can replace it\\.\\nChanges made after that time are not in it\\. The current file is moved aside \\(keydesk\\.db\\.replaced-<time>\\), not deleted\\.$`)),
        choices: ['restore', 'quit'],
        defaultChoice: 'restore',
      },
    ]);
    expect(outcome).toMatchObject({ kind: 'opened', restored: { restored_from: backup!.path, replaced_file: expect.stringContaining('keydesk.db.replaced-') } });
    const replaced = outcome.kind === 'opened' ? outcome.restored!.replaced_file! : '';
    expect(sha(replaced)).toBe(damaged);
    // The backup's keys, not the 40 made after it; the audit log of the restored store verifies.
    if (outcome.kind === 'opened') expect(outcome.store.audit.verifyChain()).toEqual({ intact: true, rows: before.length });
    expect(liveKeyIds(outcome)).toEqual([...before].sort());
  });

  it.each(DAMAGE)('a store %s: Quit leaves every file in the folder as it was', async (_label, why, damage) => {
    upgradedStoreWithBackup();
    damage();
    const files = folderState();
    const person = new ScriptedPerson('quit');

    const outcome = await openStoreAtStart(path, person);

    expect(person.asked.map((q) => q.choices)).toEqual([['restore', 'quit']]);
    expect(outcome).toMatchObject({ kind: 'quit', refusal: expect.any(StoreRefused) });
    expect(outcome.kind === 'quit' && outcome.refusal.message).toMatch(why);
    expect(folderState()).toEqual(files);
  });
});

it('a damaged store without a backup: only Quit, saying no backup was found; nothing touched', async () => {
  storeWithKeys(path, 40);
  truncateSync(path, 8192);
  const files = folderState();
  const person = new ScriptedPerson('quit');
  const outcome = await openStoreAtStart(path, person);
  expect(person.asked).toEqual([
    {
      message: 'Keydesk cannot open its key store',
      detail: expect.stringMatching(/: it is truncated: 8192 bytes of the \d+ it should hold\n\nThe file was not changed\.\nNo backup that could replace it was found beside it\.$/),
      choices: ['quit'],
      defaultChoice: 'quit',
    },
  ]);
  expect(outcome.kind).toBe('quit');
  expect(folderState()).toEqual(files);
});

describe('a store from a newer Keydesk', () => {
  /** The store as a newer Keydesk leaves it: whole, one schema ahead, optionally with the backup it took first. */
  function newerStore({ backupThisVersionOpens }: { backupThisVersionOpens: boolean }): string[] {
    const ids = storeWithKeys(path, 3);
    const db = new BetterSqlite3(path);
    if (backupThisVersionOpens) backupStore(db, path, LATEST_VERSION, new Date('2026-01-10T08:00:00Z'));
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    // The newer Keydesk's own backups (before later upgrades of its own) are not for this version.
    backupStore(db, path, LATEST_VERSION + 1, new Date('2026-01-12T08:00:00Z'));
    db.close();
    return ids;
  }

  it('with no backup this version can open: refused, only Quit, pointing at the newer Keydesk; nothing touched', async () => {
    newerStore({ backupThisVersionOpens: false });
    const files = folderState();
    const person = new ScriptedPerson('quit');
    const outcome = await openStoreAtStart(path, person);
    expect(person.asked).toEqual([
      {
        message: 'Keydesk cannot open its key store',
        detail: `refusing to open ${path}: it was written by a newer Keydesk (schema ${LATEST_VERSION + 1}, this one knows up to ${LATEST_VERSION})\n\nThe file was not changed.\nStart the newer Keydesk that wrote it.`,
        choices: ['quit'],
        defaultChoice: 'quit',
      },
    ]);
    expect(outcome).toMatchObject({ kind: 'quit', refusal: { reason: 'newer' } });
    expect(folderState()).toEqual(files);
  });

  it('with a backup this version opens: offered as a way back, Quit the default; Restore keeps the newer store aside whole', async () => {
    const ids = newerStore({ backupThisVersionOpens: true });
    const newer = storeFingerprint(path);
    const person = new ScriptedPerson('restore');
    const outcome = await openStoreAtStart(path, person);
    expect(person.asked).toEqual([
      {
        message: 'Keydesk cannot open its key store',
        detail: expect.stringContaining(
          `\n\nA backup taken 2026-01-10 08:00 UTC (keydesk.db.schema-${LATEST_VERSION}.2026-01-10T08-00-00-000Z.backup) can replace it.\nRestoring it takes the key store back to that time: everything done since, in the newer Keydesk too, stays only in the current file`,
        ),
        choices: ['restore', 'quit'],
        defaultChoice: 'quit',
      },
    ]);
    expect(outcome.kind === 'opened' && storeFingerprint(outcome.restored!.replaced_file!)).toEqual(newer);
    expect(liveKeyIds(outcome)).toEqual([...ids].sort());
  });
});

it('an upgrade that failed: no backup offered (it holds the same store, and would fail the same way); nothing touched', async () => {
  storeAtPreviousSchema(path);
  blockLatestMigration(path);
  // The first attempt fails and leaves its backup; this start is the second.
  expect(() => openStore(path)).toThrow(StoreRefused);
  expect(listBackups(path)).toHaveLength(1);
  const files = folderState();
  const person = new ScriptedPerson('quit');
  const outcome = await openStoreAtStart(path, person);
  expect(person.asked).toEqual([
    expect.objectContaining({ detail: expect.stringMatching(/upgrading its schema failed[^]*\n\nThe file was not changed\.\nThe previous version of Keydesk can still open it\.$/), choices: ['quit'] }),
  ]);
  expect(outcome).toMatchObject({ kind: 'quit', refusal: { reason: 'upgrade_failed' } });
  // This attempt's own backup is the only new file: the store itself is as it was.
  const now = folderState();
  expect(now['keydesk.db']).toBe(files['keydesk.db']);
  expect(Object.keys(now).filter((name) => !(name in files) && !name.endsWith('.backup'))).toEqual([]);
});

it('Restore while another process has the store open: refused, said so, and nothing touched', async () => {
  storeWithKeys(path, 3);
  const db = new BetterSqlite3(path);
  backupStore(db, path, LATEST_VERSION);
  db.pragma(`user_version = ${LATEST_VERSION + 1}`);
  db.close();
  // Another process (a newer Keydesk, say) holds it open; in this process, the check's own reads
  // of the file would drop a lock held here (POSIX locks are per process).
  const holder = spawn(
    process.execPath,
    ['-e', "const db = new (require('better-sqlite3'))(process.argv[1]); db.prepare('SELECT count(*) FROM keys').get(); console.log('open'); setInterval(() => {}, 1000)", path],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: holder.stdout! }).once('line', () => resolve());
      holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    const files = folderState();
    const person = new ScriptedPerson('restore', 'quit');
    const outcome = await openStoreAtStart(path, person);
    expect(person.asked.slice(1)).toEqual([
      {
        message: 'The backup was not restored',
        detail: 'the key store is in use (the app, keydesk serve or another command): close it first\n\nThe key store was not changed.',
        choices: ['quit'],
        defaultChoice: 'quit',
      },
    ]);
    expect(outcome).toMatchObject({ kind: 'quit', refusal: { code: 'CONFLICT' } });
    expect(folderState()).toEqual(files);
    const check = new BetterSqlite3(path, { readonly: true });
    expect(schemaVersion(check)).toBe(LATEST_VERSION + 1);
    check.close();
  } finally {
    holder.kill();
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

it('a store that cannot even be created (its folder is a file): said so, only Quit, so no window-less app is left running', async () => {
  writeFileSync(join(dir, 'not-a-folder'), 'x');
  const person = new ScriptedPerson('quit');
  const outcome = await openStoreAtStart(join(dir, 'not-a-folder', 'keydesk.db'), person);
  expect(person.asked).toEqual([
    { message: 'Keydesk cannot open its key store', detail: expect.stringMatching(/^cannot open .*not-a-folder[\\/]keydesk\.db: E[A-Z]+: /), choices: ['quit'], defaultChoice: 'quit' },
  ]);
  expect(outcome).toMatchObject({ kind: 'quit', refusal: { code: 'INTERNAL' } });
});
