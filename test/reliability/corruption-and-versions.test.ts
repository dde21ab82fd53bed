/**
 * Corruption and versions: a truncated, garbled or newer store is refused at start with a clear
 * message and left byte for byte as it was; before a schema upgrade a backup is written next to
 * the store, and it can be restored from the CLI and from the app.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { reopenNotice } from '../../main/app/reopen-notice.ts';
import { checkBackup, listBackups } from '../../main/store/backups.ts';
import { StoreRefused } from '../../main/store/database.ts';
import { LATEST_VERSION, schemaVersion } from '../../main/store/migrations/index.ts';
import { openStore } from '../../main/store/store.ts';
import { cliFor, parseErrors } from '../helpers/cli.ts';
import { appFrame, openIpcHost } from '../helpers/ipc-host.ts';
import { runCliBatch, type BatchResult } from './support/processes.ts';
import { blockLatestMigration, keyCount, PREVIOUS_VERSION, overwriteKeysTableWithNoise, sha, storeAtPreviousSchema, storeFingerprint, storeWithKeys } from '../helpers/store-files.ts';
import { tempStoreFile } from '../helpers/temp-store.ts';
import { thrownBy } from '../helpers/expect-error.ts';

let dir: string;
let path: string;
beforeEach(() => ({ dir, path } = tempStoreFile('keydesk-corruption-')));

const fingerprint = (file = path) => storeFingerprint(file);

describe('damaged stores are refused at start and left untouched', () => {
  it.each([
    ['cut to half its size', (size: number) => Math.floor(size / 2)],
    ['missing its last page', (size: number) => size - 4096],
    ['cut inside the header', () => 60],
  ])('a store %s', (_label, cut) => {
    storeWithKeys(path, 60);
    const size = readFileSync(path).length;
    truncateSync(path, cut(size));
    const before = fingerprint();
    const error = thrownBy(() => openStore(path), StoreRefused);
    expect(error.reason).toBe('damaged');
    expect(error.errors).toEqual([{ field: 'database', message: expect.stringMatching(/^refusing to open .*keydesk\.db: it is truncated: \d+ bytes/) }]);
    expect(fingerprint()).toEqual(before);
  });

  it("a store whose keys table was overwritten with noise (header and schema intact: only quick_check sees it)", () => {
    storeWithKeys(path, 60);
    overwriteKeysTableWithNoise(path);
    const before = fingerprint();
    const error = thrownBy(() => openStore(path), StoreRefused);
    expect(error.reason).toBe('damaged');
    expect(error.message).toMatch(/it is damaged \(/);
    expect(fingerprint()).toEqual(before);
  });

  it('a file of random bytes, and a file shorter than a header', () => {
    writeFileSync(path, randomBytes(64 * 1024));
    let before = fingerprint();
    expect(thrownBy(() => openStore(path), StoreRefused).message).toMatch(/it is not a SQLite database/);
    expect(fingerprint()).toEqual(before);
    writeFileSync(path, 'SQLite format 3\0 and then it stops');
    before = fingerprint();
    expect(thrownBy(() => openStore(path), StoreRefused).message).toMatch(/it is truncated: 34 bytes/);
    expect(fingerprint()).toEqual(before);
  });

  it('a store cut short while a write-ahead log was left behind (a crash), judged by quick_check', () => {
    storeWithKeys(path, 60);
    const live = openStore(path);
    live.db.exec("UPDATE keys SET name = 'changed after the checkpoint'");
    // Copy the store and its log as a crash would leave them, then cut the store short.
    const crashed = join(dir, 'crashed.db');
    copyFileSync(path, crashed);
    copyFileSync(`${path}-wal`, `${crashed}-wal`);
    live.close();
    truncateSync(crashed, Math.floor(readFileSync(crashed).length / 2));
    const before = fingerprint(crashed);
    expect(thrownBy(() => openStore(crashed), StoreRefused).reason).toBe('damaged');
    expect(fingerprint(crashed)).toEqual(before);
  });

  it('the CLI refuses it by name with exit 1, and writes nothing', async () => {
    storeWithKeys(path, 60);
    truncateSync(path, 8192);
    const before = fingerprint();
    const result = await cliFor(path)(['keys', 'list']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(parseErrors(result.stderr)).toEqual([{ field: 'database', message: expect.stringMatching(/it is truncated/) }]);
    expect(fingerprint()).toEqual(before);
  });
});

describe('a store from a newer Keydesk', () => {
  it('is refused, and neither it nor the write-ahead log a crash left is touched', () => {
    storeWithKeys(path, 3);
    const live = new BetterSqlite3(path);
    live.pragma(`user_version = ${LATEST_VERSION + 1}`);
    const crashed = join(dir, 'newer.db');
    copyFileSync(path, crashed);
    copyFileSync(`${path}-wal`, `${crashed}-wal`);
    live.close();
    const before = fingerprint(crashed);
    expect(before[1]).not.toBeNull();
    const error = thrownBy(() => openStore(crashed), StoreRefused);
    expect(error.reason).toBe('newer');
    expect(error.message).toMatch(new RegExp(`written by a newer Keydesk \\(schema ${LATEST_VERSION + 1}, this one knows up to ${LATEST_VERSION}\\)`));
    // Judged through a read-only connection: a read-write one would fold the log into the file on closing.
    expect(fingerprint(crashed)).toEqual(before);
  });
});

describe('a backup before every migration', () => {
  it('an older store is copied beside itself, whole and at its old schema, before it is upgraded', () => {
    const ids = storeAtPreviousSchema(path);
    const store = openStore(path);
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION);
    expect(store.keys.listLive(1).map((k) => k.api_key_id).sort()).toEqual([...ids].sort());
    expect(store.audit.verifyChain()).toEqual({ intact: true, rows: ids.length });
    store.close();

    const backups = listBackups(path);
    expect(backups).toEqual([
      {
        name: expect.stringMatching(new RegExp(`^keydesk\\.db\\.schema-${PREVIOUS_VERSION}\\.\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.backup$`)),
        path: expect.stringContaining(dir),
        schema_version: PREVIOUS_VERSION,
        created_at: expect.stringMatching(/Z$/),
        bytes: expect.any(Number),
      },
    ]);
    expect(checkBackup(backups[0]!.path)).toEqual({ schema_version: PREVIOUS_VERSION });
    expect(keyCount(backups[0]!.path)).toBe(ids.length);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('no backup for a new store, nor for one already up to date', () => {
    openStore(path).close();
    openStore(path).close();
    expect(listBackups(path)).toEqual([]);
  });

  it('an upgrade that fails leaves the store at its old schema, with the backup named in the refusal', () => {
    storeAtPreviousSchema(path);
    // Something already holds the name the next migration needs: it must fail, and roll back whole.
    blockLatestMigration(path);
    const error = thrownBy(() => openStore(path), StoreRefused);
    expect(error.reason).toBe('upgrade_failed');
    const [backup] = listBackups(path);
    expect(error.message).toContain(`a copy from before the upgrade is at ${backup!.path}`);
    const db = new BetterSqlite3(path, { readonly: true });
    expect(schemaVersion(db)).toBe(PREVIOUS_VERSION);
    expect(db.prepare('SELECT count(*) AS n FROM keys').get()).toEqual({ n: 3 });
    db.close();
  });
});

describe('restoring a backup', () => {
  it('from the CLI: a damaged store names the backup, restore-backup --latest puts it back, the damaged file is kept', async () => {
    const ids = storeAtPreviousSchema(path);
    openStore(path).close(); // upgraded, with a backup
    truncateSync(path, 4096 * 2);
    const damaged = sha(path);
    // One CLI process runs the commands in turn (support/cli-batch.ts), as a user would type them.
    const { results } = await runCliBatch(path, [
      ['restore-backup', '--list'],
      ['keys', 'list'],
      ['restore-backup', '--latest', '--json'],
      ['keys', 'list', '--json'],
      ['log', '--verify'],
    ]);
    const [listed, refused, restored, list, verified] = results as [BatchResult, BatchResult, BatchResult, BatchResult, BatchResult];
    expect(listed.stdout.trimEnd()).toMatch(new RegExp(`^BACKUP +SCHEMA +TAKEN +SIZE\\nkeydesk\\.db\\.schema-${PREVIOUS_VERSION}\\.\\S+\\.backup +${PREVIOUS_VERSION} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +\\d+ KB$`));
    expect(refused.code).toBe(1);
    expect(parseErrors(refused.stderr)).toEqual([
      { field: 'database', message: expect.stringMatching(/it is truncated/) },
      { field: 'backup', message: expect.stringMatching(/^a backup taken .* UTC \(keydesk\.db\.schema-\d+\..*\.backup\) can replace it: keydesk restore-backup --latest$/) },
    ]);

    expect(restored.code).toBe(0);
    const result = JSON.parse(restored.stdout) as { restored_from: string; replaced_file: string };
    expect(result.restored_from).toBe(listBackups(path).at(-1)!.path);
    expect(sha(result.replaced_file)).toBe(damaged);

    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { result: { api_key_id: string }[] }).result.map((k) => k.api_key_id).sort()).toEqual([...ids].sort());
    expect(verified.code).toBe(0);
  });

  it('from the CLI: refused while the store is open elsewhere, and for a file that is not a Keydesk backup', async () => {
    storeAtPreviousSchema(path);
    openStore(path).close();
    const before = sha(path);
    // The app, say. (No plain reads of the file while it is open: closing any descriptor of a file
    // drops every POSIX lock this process holds on it, SQLite's included.)
    const open = openStore(path);
    const notBackup = join(dir, 'notes.db');
    const other = new BetterSqlite3(notBackup);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    const { results } = await runCliBatch(path, [['restore-backup', '--latest'], ['restore-backup', notBackup]]);
    open.close();
    const [busy, refused] = results as [BatchResult, BatchResult];
    expect(busy.code).toBe(1);
    expect(parseErrors(busy.stderr)).toEqual([{ field: 'database', message: expect.stringMatching(/in use .*close it first/) }]);
    expect(sha(path)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);

    expect(refused.code).toBe(1);
    expect(parseErrors(refused.stderr)).toEqual([{ field: 'backup', message: `cannot restore ${notBackup}: it is not a Keydesk store` }]);
  });

  it('from the app: store:backups lists them, store:restore-backup restores one by name and asks main to reopen', async () => {
    const host = openIpcHost({ prepare: (file) => void storeAtPreviousSchema(file) });
    try {
      const call = (channel: string, input?: unknown) => host.ipc.invoke(channel, appFrame, input);
      const listed = (await call('store:backups')) as { ok: true; data: { name: string }[] };
      expect(listed).toMatchObject({ ok: true, data: [{ schema_version: PREVIOUS_VERSION }] });
      expect(await call('store:restore-backup', { name: '../../etc/passwd' })).toEqual({
        ok: false,
        code: 'NOT_FOUND',
        errors: [{ field: 'name', message: 'no backup named "../../etc/passwd"' }],
      });
      expect(host.storeClosures).toEqual([]);

      const restored = await call('store:restore-backup', { name: listed.data[0]!.name });
      expect(restored).toEqual({ ok: true, data: { restored_from: expect.stringContaining(listed.data[0]!.name), replaced_file: expect.stringContaining('.replaced-') } });
      expect(host.storeClosures).toEqual([{ kind: 'restored', restored: (restored as { data: unknown }).data }]);
      // What the app shows before it relaunches (the window goes with the old process).
      const notice = reopenNotice(host.storeClosures[0]!);
      expect(notice).toMatchObject({ type: 'info', message: 'The backup was restored' });
      expect(notice.detail).toContain(`Restored from ${(restored as { data: { restored_from: string } }).data.restored_from}.`);
      expect(notice.detail).toContain('The store it replaced is kept as ');
      const db = new BetterSqlite3(host.path, { readonly: true });
      expect(schemaVersion(db)).toBe(PREVIOUS_VERSION);
      db.close();
    } finally {
      host.close();
    }
  });

  it('from the app: refused while another process has the store open; main is told why, to show before it reopens the store', async () => {
    const host = openIpcHost({ prepare: (file) => void storeAtPreviousSchema(file) });
    const cliSession = openStore(host.path);
    try {
      const [backup] = listBackups(host.path);
      const result = await host.ipc.invoke('store:restore-backup', appFrame, { name: backup!.name });
      expect(result).toMatchObject({ ok: false, code: 'CONFLICT', errors: [{ field: 'database', message: expect.stringMatching(/in use/) }] });
      const told = (result as { errors: { message: string }[] }).errors[0]!.message;
      expect(host.storeClosures).toEqual([{ kind: 'failed', message: told, storeUnchanged: true }]);
      const notice = reopenNotice(host.storeClosures[0]!);
      expect(notice).toMatchObject({ type: 'warning', message: 'The backup was not restored' });
      expect(notice.detail).toBe(`${told}\n\nThe key store was not changed. Keydesk restarts now and opens the key store again, with the checks it makes at every start.`);
      expect(schemaVersion(cliSession.db)).toBe(LATEST_VERSION);
    } finally {
      cliSession.close();
      host.close();
    }
  });
});
